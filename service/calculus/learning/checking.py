"""Answer checking and misconception diagnosis (POST /v1/check, SPEC §2.2).

``check(expr, answer, var, order, seed, limits, started)`` takes the function and the
learner's answer as parsed, computes the tidy
derivative of the requested order (exactly /v1/derivative's answer, with the orders below
it: ``differentiation.derivative_chain``) and compares the two (``equivalence.Comparison``).
When the answer is wrong it is compared, by the same numeric test at the same points, with
every mistaken derivative of ``misconceptions.mistakes``; each match becomes a ``feedback``
item ``Feedback(code, message, message_latex)`` (one per distinct message, in catalogue
order; ``message_latex`` has the mathematics in ``$…$``). A wrong answer that matches none
gets the single item ``incorrect`` (``INCORRECT``), which is not a catalogue code, with a
message that says whether every mistake could be compared in time.
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
from collections.abc import Sequence
from dataclasses import dataclass

import sympy as sp

from service.calculus.differentiation.derivative import derivative_chain
from service.calculus.errors import UnknownSymbol
from service.calculus.language.sentences import plain, with_latex
from service.calculus.learning.equivalence import Comparison
from service.calculus.learning.misconceptions import CODES, mistakes
from service.calculus.limits import Limits
from service.calculus.numeric import DEFAULT_SEED, Method, Verdict

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


@dataclass(frozen=True)
class Feedback:
    """One diagnosis of a wrong answer: a misconception ``code`` (or ``incorrect``) and why.

    ``message_latex`` is the same sentence with its mathematics in ``$…$``.
    """

    code: str
    message: str
    message_latex: str


@dataclass(frozen=True)
class CheckResult:
    """The verdict on an answer, the derivative it was compared with, and the feedback.

    ``correct`` is None when undecided (``reason`` says why); ``method`` names the test.
    """

    correct: bool | None
    expected: sp.Expr
    answer: sp.Expr
    method: Method
    feedback: tuple[Feedback, ...]
    reason: str | None


def check(
    expr: sp.Expr,
    answer: sp.Expr,
    var: sp.Symbol,
    order: int,
    seed: int | None,
    limits: Limits,
    started: float,
) -> CheckResult:
    """Whether ``answer`` is the ``order``-th derivative of ``expr`` by ``var``.

    ``started`` is when the operation began: ``CHECK_SHARE`` of the deadline counts from it.
    """
    deadline = started + limits.deadline_seconds * CHECK_SHARE
    symbols = expr.free_symbols | {var}
    _check_answer_symbols(answer, symbols)
    chain = derivative_chain(expr, var, order, limits)
    expected = chain[-1]
    comparison = Comparison(answer, list(symbols), DEFAULT_SEED if seed is None else seed, deadline)
    verdict = comparison.against(expected)
    return CheckResult(
        correct=verdict.equal,
        expected=expected,
        answer=answer,
        method=verdict.method,
        feedback=_feedback(verdict, comparison, chain, var, deadline, limits),
        reason=verdict.reason,
    )


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
) -> tuple[Feedback, ...]:
    if verdict.equal is not False:
        return ()
    found: dict[str, Feedback] = {}
    matches: dict[sp.Expr, bool] = {}  # several mistakes often give the same derivative
    for mistake in mistakes(chain, var, deadline, limits.max_result_nodes):
        message = plain(mistake.message)
        if message in found:
            continue
        if mistake.derivative not in matches:
            verdict_of_mistake = comparison.numerically(mistake.derivative)
            matches[mistake.derivative] = bool(verdict_of_mistake.equal)
        if matches[mistake.derivative]:
            found[message] = Feedback(mistake.code, message, with_latex(mistake.message))
    if not found:
        finished = time.monotonic() <= deadline
        message = INCORRECT_MESSAGE if finished else INCORRECT_UNDIAGNOSED
        return (Feedback(INCORRECT, message, message),)
    return tuple(sorted(found.values(), key=lambda item: CODES.index(item.code)))
