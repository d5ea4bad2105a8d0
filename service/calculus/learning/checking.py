"""Answer checking and misconception diagnosis (POST /v1/check, SPEC §2.2).

``check(expr, answer, var, order, seed, limits, started)`` takes the function as parsed and
the learner's answer as read (``answer_readings.WrittenAnswer``: its text, the expression
and its reading warnings), computes the tidy derivative of the requested order (exactly
/v1/derivative's answer, with the orders below it: ``differentiation.derivative_chain``)
and compares the two (``equivalence.Comparison``). A correct or undecided answer gets no
feedback. A wrong one gets ``Feedback`` items:

- when the answer's text has another plausible reading (a reading warning in
  ``readings.AMBIGUOUS``: ``1/2sqrt(x)``, ``e^2x``), no calculus mistake is diagnosed from
  it: ``ambiguous_notation`` when another reading is the derivative (saying how to write
  it), otherwise the neutral ``incorrect`` (``INCORRECT``);
- otherwise the answer is compared, by the same numeric test at the same points, with every
  mistaken derivative of ``misconceptions.mistakes``; each match is an item (one per
  distinct message, in catalogue order), ``wrong_order`` only when nothing else matches;
  no match gives the single item ``incorrect``, which is not a catalogue code, saying
  whether every mistake could be compared in time.

Every item has ``message_latex``: the same sentence with its mathematics in ``$…$`` (the
reading messages quote the learner's text and have none).

Decisions:
- the answer may use only the function's symbols and the variable; any other symbol is an
  ``unknown_symbol`` error (field ``answer``, ``name``, a ``suggestion`` when one is likely:
  ``sinx`` → ``sin(x)``, ``C`` → leave it out): a symbol the function does not have is
  almost always a typo, better reported as such than judged;
- the comparison and the diagnosis must end within ``PLAN.check_end`` of the deadline
  (counted from the start of the operation), leaving the rest for formatting; the verdict
  comes first and the diagnosis uses what is left, so a slow day shortens the feedback
  before it makes the verdict undecided.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

import sympy as sp

from service.calculus.budget import PLAN, share
from service.calculus.differentiation.derivative import derivative_chain
from service.calculus.language.readings import AMBIGUOUS
from service.calculus.language.sentences import plain, with_latex
from service.calculus.learning.answer_readings import (
    AMBIGUOUS_NOTATION,
    AMBIGUOUS_UNRESOLVED,
    WrittenAnswer,
    check_answer_symbols,
    other_reading,
)
from service.calculus.learning.equivalence import Comparison
from service.calculus.learning.misconceptions import CODES, mistakes
from service.calculus.limits import Limits
from service.calculus.numeric import DEFAULT_SEED, Method

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


@dataclass(frozen=True)
class _Question:
    """What is being checked: the derivatives f, f', … f^(n) and the comparison's settings."""

    chain: Sequence[sp.Expr]
    var: sp.Symbol
    symbols: list[sp.Symbol]
    seed: int
    deadline: float
    limits: Limits


def check(
    expr: sp.Expr,
    answer: WrittenAnswer,
    var: sp.Symbol,
    order: int,
    seed: int | None,
    limits: Limits,
    started: float,
) -> CheckResult:
    """Whether ``answer`` is the ``order``-th derivative of ``expr`` by ``var``.

    ``started`` is when the operation began: ``PLAN.check_end`` of the deadline counts from it.
    """
    symbols = expr.free_symbols | {var}
    check_answer_symbols(answer.expression, symbols)
    question = _Question(
        chain=derivative_chain(expr, var, order, limits),
        var=var,
        symbols=sorted(symbols, key=lambda symbol: symbol.name),
        seed=DEFAULT_SEED if seed is None else seed,
        deadline=started + share(limits, PLAN.check_end),
        limits=limits,
    )
    expected = question.chain[-1]
    comparison = Comparison(answer.expression, question.symbols, question.seed, question.deadline)
    verdict = comparison.against(expected)
    if verdict.equal is not False:
        feedback: tuple[Feedback, ...] = ()
    elif any(warning.code in AMBIGUOUS for warning in answer.warnings):
        feedback = (_reading_feedback(answer, question),)
    else:
        feedback = _feedback(comparison, question)
    return CheckResult(
        correct=verdict.equal,
        expected=expected,
        answer=answer.expression,
        method=verdict.method,
        feedback=feedback,
        reason=verdict.reason,
    )


def _reading_feedback(answer: WrittenAnswer, question: _Question) -> Feedback:
    """``ambiguous_notation`` when another reading of the answer is right, else ``incorrect``."""
    message = other_reading(answer, lambda other: _is_expected(other, question), question.limits)
    if message is None:
        return Feedback(INCORRECT, AMBIGUOUS_UNRESOLVED, AMBIGUOUS_UNRESOLVED)
    return Feedback(AMBIGUOUS_NOTATION, message, message)


def _is_expected(reading: sp.Expr, question: _Question) -> bool:
    if not reading.free_symbols <= set(question.symbols):
        return False
    comparison = Comparison(reading, question.symbols, question.seed, question.deadline)
    return comparison.against(question.chain[-1]).equal is True


def _feedback(comparison: Comparison, question: _Question) -> tuple[Feedback, ...]:
    found: dict[str, Feedback] = {}
    matches: dict[sp.Expr, bool] = {}  # several mistakes often give the same derivative
    for mistake in mistakes(
        question.chain, question.var, question.deadline, question.limits.max_result_nodes
    ):
        message = plain(mistake.message)
        if message in found:
            continue
        if mistake.derivative not in matches:
            matches[mistake.derivative] = bool(comparison.numerically(mistake.derivative).equal)
        if matches[mistake.derivative]:
            found[message] = Feedback(mistake.code, message, with_latex(mistake.message))
    if any(item.code != "wrong_order" for item in found.values()):
        found = {key: item for key, item in found.items() if item.code != "wrong_order"}
    if not found:
        finished = time.monotonic() <= question.deadline
        message = INCORRECT_MESSAGE if finished else INCORRECT_UNDIAGNOSED
        return (Feedback(INCORRECT, message, message),)
    return tuple(sorted(found.values(), key=lambda item: CODES.index(item.code)))
