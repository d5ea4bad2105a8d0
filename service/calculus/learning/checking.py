"""Answer checking and misconception diagnosis (POST /v1/check, SPEC §2.2).

``check(body, limits)`` parses the function and the learner's answer, computes the tidy
derivative of the requested order (exactly /v1/derivative's answer, with the orders below
it: ``differentiation.derivative_chain``) and compares the two (``equivalence.Comparison``).
When the answer is wrong it is compared, by the same numeric test at the same points, with
every mistaken derivative of ``misconceptions.mistakes``; each match becomes a ``feedback``
item ``{code, message}`` (one per distinct message, in catalogue order). A wrong answer
that matches none gets the single item ``incorrect`` (``INCORRECT``), which is not a
catalogue code, with a message that says whether every mistake could be compared in time.
A correct or undecided answer gets no feedback.

Decisions:
- the answer may use only the function's symbols and the variable; any other symbol is an
  ``unknown_symbol`` error (field ``answer``, ``name``): a symbol the function does not
  have is almost always a typo, better reported as such than judged;
- the comparison and the diagnosis must end within ``CHECK_SHARE`` of the deadline
  (counted from the start of the operation), leaving the rest for formatting; the verdict
  comes first and the diagnosis uses what is left, so a slow day shortens the feedback
  before it makes the verdict undecided.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from typing import Any

import sympy as sp

from service.calculus.differentiation.derivative import choose_variable, derivative_chain
from service.calculus.errors import UnknownSymbol
from service.calculus.language.parser import parse_expression
from service.calculus.language.printing import expression_object
from service.calculus.learning.equivalence import Comparison
from service.calculus.learning.misconceptions import CODES, mistakes
from service.calculus.limits import Limits
from service.calculus.numeric import DEFAULT_SEED, Verdict

CHECK_SHARE = 0.6
"""Part of the deadline by which comparison and diagnosis must be finished."""
INCORRECT = "incorrect"
INCORRECT_MESSAGE = (
    "This is not the derivative, and it does not match any of the common mistakes Deriv "
    "knows: check each step again."
)
INCORRECT_UNDIAGNOSED = (
    "This is not the derivative; there was no time to compare it with every common "
    "mistake: check each step again."
)


def check(body: Mapping[str, Any], limits: Limits) -> dict[str, Any]:
    """Whether ``answer`` is the ``order``-th derivative of ``expression`` (POST /v1/check)."""
    started = time.monotonic()
    deadline = started + limits.deadline_seconds * CHECK_SHARE
    syntax = body.get("syntax") or "plain"
    expr = parse_expression(body["expression"], syntax=syntax, limits=limits)
    answer = parse_expression(
        body["answer"], syntax=body.get("answer_syntax") or syntax, field="answer", limits=limits
    )
    var = choose_variable(expr, body.get("variable"))
    symbols = expr.free_symbols | {var}
    _check_answer_symbols(answer, symbols)
    order = body.get("order") or 1
    chain = derivative_chain(expr, var, order, limits)
    expected = chain[-1]
    seed = body.get("seed")
    comparison = Comparison(answer, list(symbols), DEFAULT_SEED if seed is None else seed, deadline)
    verdict = comparison.against(expected)
    result: dict[str, Any] = {
        "correct": verdict.equal,
        "expected": expression_object(expected),
        "answer": expression_object(answer),
        "method": verdict.method,
        "feedback": _feedback(verdict, comparison, chain, var, deadline, limits),
    }
    if verdict.reason is not None:
        result["reason"] = verdict.reason
    return result


def _check_answer_symbols(answer: sp.Expr, allowed: set[sp.Symbol]) -> None:
    unknown = sorted(answer.free_symbols - allowed, key=lambda s: s.name)
    if unknown:
        name = unknown[0].name
        raise UnknownSymbol(
            f"The answer uses {name}, which the function does not have.",
            field="answer",
            name=name,
        )


def _feedback(
    verdict: Verdict,
    comparison: Comparison,
    chain: Sequence[sp.Expr],
    var: sp.Symbol,
    deadline: float,
    limits: Limits,
) -> list[dict[str, str]]:
    if verdict.equal is not False:
        return []
    found: dict[str, str] = {}
    matches: dict[sp.Expr, bool] = {}  # several mistakes often give the same derivative
    for mistake in mistakes(chain, var, deadline, limits.max_result_nodes):
        if mistake.message in found:
            continue
        if mistake.derivative not in matches:
            verdict_of_mistake = comparison.numerically(mistake.derivative)
            matches[mistake.derivative] = bool(verdict_of_mistake.equal)
        if matches[mistake.derivative]:
            found[mistake.message] = mistake.code
    if not found:
        finished = time.monotonic() <= deadline
        message = INCORRECT_MESSAGE if finished else INCORRECT_UNDIAGNOSED
        return [{"code": INCORRECT, "message": message}]
    items = [{"code": code, "message": message} for message, code in found.items()]
    return sorted(items, key=lambda item: CODES.index(item["code"]))
