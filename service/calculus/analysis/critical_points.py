"""Critical points of f: where f' = 0, or f' is undefined while f is defined.

Candidates are the cut points of the sign chart of f' over the domain of f (see
``sign_analysis``), all strictly inside the interval. A candidate c is critical when f(c)
is a finite real number and f'(c), as /v1/evaluate computes it (``evaluation.chain_values``:
"not differentiable" at the kinks of ``abs``, ``relu``, ``sign``, ``heaviside``), is zero
under the zero threshold or undefined.

Classification: at a stationary point (f'(c) = 0) the second-derivative test decides when
f''(c) is a finite nonzero number (positive: minimum, negative: maximum). Otherwise the
first-derivative test compares the sign of f' on the segments either side: falling then
rising is a minimum, rising then falling a maximum, the same sign on both sides neither.
A side outside the domain of f does not vote (so ``sqrt(x)`` has a minimum at 0), and a
side where f' is identically zero counts as non-strict (``relu(x)`` has a minimum at 0).

``complete`` is false when the chart is not exact, when f' vanishes on a whole segment
(every point there is critical and cannot be listed), or when classifying the candidates
did not end by ``CLASSIFY_END`` of the deadline or hit a size limit at some candidate; the
points found are still returned.
Values f(c) are tidied (``tidy_value``) while the time allows; a value over
``VALUE_MAX_NODES`` nodes is shown as a 17-digit float (its ``value`` is the same float).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import sympy as sp

from service.calculus.analysis.evaluation import RealValue, chain_values, derivative_value
from service.calculus.analysis.shape_inputs import ShapeInput
from service.calculus.analysis.sign_charts import Sign, SignChart, analysed_chart, sign_of
from service.calculus.differentiation.derivative import derivative_step
from service.calculus.errors import TooComplex
from service.calculus.limits import BudgetExceeded, Limits, remaining, soft_budget, tree_size

CLASSIFY_END = 0.9
"""Part of the deadline, from the start, by which classifying the candidates ends."""
VALUE_TIDY_SHARE = 0.1
"""Part of the deadline that tidying the values f(c) may use in all."""
VALUE_MAX_NODES = 60
"""Largest exact value f(c) shown; a longer one (Cardano's formula) is shown as a float."""
TIDY_END = 0.95
"""Part of the deadline, from the start, by which tidying the values ends."""

_LEFT_VOTES = {"negative": "minimum", "positive": "maximum"}
_RIGHT_VOTES = {"positive": "minimum", "negative": "maximum"}


@dataclass(frozen=True)
class CriticalPoint:
    """A critical point c, the value f(c), its ``kind`` and the ``test`` that decided it."""

    at: sp.Expr
    value: sp.Expr
    kind: str
    test: str


@dataclass(frozen=True)
class CriticalPointsAnalysis:
    """f' as shown, the critical points found in order, and whether they are all of them."""

    derivative: sp.Expr
    points: tuple[CriticalPoint, ...]
    complete: bool


def critical_points(problem: ShapeInput, limits: Limits, started: float) -> CriticalPointsAnalysis:
    """The classified critical points of f (``problem`` holds f and f') inside its interval.

    ``started`` is when the operation began: the deadline's shares count from it.
    """
    function, first = problem.numeric
    chart = analysed_chart(first, problem.var, problem.interval, function, limits, started)
    points: list[CriticalPoint] = []
    finished = True
    try:
        with soft_budget(remaining(limits, started, CLASSIFY_END)):
            classify = _Classifier(problem, limits)
            for index, point in enumerate(chart.cuts):
                if not chart.in_domain[index]:
                    continue
                try:
                    item = classify.point(point, *_sides(chart, index))
                except TooComplex:
                    finished = False
                    continue
                if item is not None:
                    points.append(item)
    except BudgetExceeded:
        finished = False
    tidy_seconds = limits.deadline_seconds * VALUE_TIDY_SHARE
    _tidy_values(points, min(tidy_seconds, remaining(limits, started, TIDY_END)))
    flat = any(segment.sign == "zero" for segment in chart.segments)
    return CriticalPointsAnalysis(
        derivative=problem.chain[1],
        points=tuple(points),
        complete=chart.complete and finished and not flat,
    )


def first_derivative_kind(left: Sign | None, right: Sign | None) -> str:
    """The first-derivative test from the signs of f' left and right of the point.

    Each strict side votes (falling before or rising after: minimum; the opposite:
    maximum); zero and undefined sides abstain. One verdict wins, a tie is ``neither``.
    """
    votes = {_LEFT_VOTES.get(left or ""), _RIGHT_VOTES.get(right or "")} - {None}
    verdict = votes.pop() if len(votes) == 1 else None
    return verdict or "neither"


def tidy_value(exact: sp.Expr) -> sp.Expr:
    """The shortest of the value, expanded, and expanded with common factors pulled out;
    a 17-digit Float when even that has more than ``VALUE_MAX_NODES`` nodes."""
    expanded = sp.expand(exact)
    best = min((exact, expanded, sp.factor_terms(expanded)), key=sp.count_ops)
    if tree_size(best, VALUE_MAX_NODES) > VALUE_MAX_NODES:
        return sp.Float(best.evalf(17), 17)
    return best


def _tidy_values(points: list[CriticalPoint], seconds: float) -> None:
    """Replace each raw value f(c) by ``tidy_value`` while ``seconds`` last."""
    try:
        with soft_budget(seconds):
            for index, item in enumerate(points):
                points[index] = replace(item, value=tidy_value(item.value))
    except BudgetExceeded:
        return


def _sides(chart: SignChart, index: int) -> tuple[Sign | None, Sign | None]:
    return chart.segments[index].sign, chart.segments[index + 1].sign


class _Classifier:
    """Decides whether a cut point is critical, and its kind; computes f'' only if needed."""

    def __init__(self, problem: ShapeInput, limits: Limits) -> None:
        self.problem = problem
        self.limits = limits
        self.second: sp.Expr | None = None

    def point(self, point: sp.Expr, left: Sign | None, right: Sign | None) -> CriticalPoint | None:
        """The critical point at ``point``, or None when it is not critical."""
        var = self.problem.var
        value, slope = chain_values(self.problem.numeric, var, [0, 1], {var: point}, self.limits)
        stationary = slope.defined and sign_of(slope.exact) == "zero"
        if not value.defined or (slope.defined and not stationary):
            return None
        kind = self.by_second_derivative(point, slope) if stationary else None
        if kind is not None:
            return CriticalPoint(point, value.exact, kind, "second_derivative")
        kind = first_derivative_kind(left, right)
        return CriticalPoint(point, value.exact, kind, "first_derivative")

    def by_second_derivative(self, point: sp.Expr, slope: RealValue) -> str | None:
        """``minimum``/``maximum`` from the sign of f''(c); None when zero or undefined."""
        problem = self.problem
        if self.second is None:
            symbolic = derivative_step(problem.chain[1], problem.var, self.limits)
            self.second = symbolic.subs(problem.parameters)
        value = derivative_value(
            problem.numeric[1], self.second, problem.var, {problem.var: point}, slope, self.limits
        )
        sign = sign_of(value.exact) if value.defined else None
        return {"positive": "minimum", "negative": "maximum"}.get(sign or "")
