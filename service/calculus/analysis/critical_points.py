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

Intervals: the segments of the chart with f' positive (``increasing``), negative
(``decreasing``) or identically zero (``constant``: a constant piece, whose inner points are
not listed as critical), joined across a cut point only when f and f' are defined there and
it is not a critical point between two strict segments. With an ``interval``, the endpoints
and absolute extrema come from ``extrema.closed_interval_method``.

``complete`` is false when the chart is not exact, or when classifying the candidates did
not end by ``PLAN.classify_end`` of the deadline or hit a size limit at some candidate; the
points found are still returned, and ``reason`` says why. Values f(c) are tidied
(``stretches.tidy_value``) while the time allows; a value over ``VALUE_MAX_NODES`` nodes is
shown as a 17-digit float (its ``value`` is the same float).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

import sympy as sp

from service.calculus.analysis.evaluation import RealValue, derivative_value
from service.calculus.analysis.extrema import Extrema, closed_interval_method
from service.calculus.analysis.shape_inputs import ShapeInput
from service.calculus.analysis.sign_charts import (
    Sign,
    SignChart,
    analysed_chart,
    sign_of,
)
from service.calculus.analysis.stretches import (
    DIRECTION,
    CutValues,
    DirectionInterval,
    Kind,
    all_defined,
    cut_values,
    merged_runs,
    tidy_values,
)
from service.calculus.budget import PLAN, BudgetExceeded, remaining, soft_budget
from service.calculus.differentiation.derivative import derivative_step
from service.calculus.errors import TooComplex
from service.calculus.limits import Limits

UNFINISHED = "Classifying the candidate points did not finish within the time and size limits."

Test = Literal["second_derivative", "first_derivative"]

_LEFT_VOTES: dict[str, Kind] = {"negative": "minimum", "positive": "maximum"}
_RIGHT_VOTES: dict[str, Kind] = {"positive": "minimum", "negative": "maximum"}


@dataclass(frozen=True)
class CriticalPoint:
    """A critical point, f there, its local kind and the test that decided it."""

    at: sp.Expr
    value: sp.Expr
    kind: Kind
    test: Test


@dataclass(frozen=True)
class Monotonicity:
    """Critical points and intervals of increase and decrease, over the interval or a period."""

    points: tuple[CriticalPoint, ...]
    intervals: tuple[DirectionInterval, ...]
    complete: bool
    reason: str | None


@dataclass(frozen=True)
class CriticalPointsAnalysis:
    """f' as shown, the critical points and intervals of increase and decrease, and (with
    an interval) its endpoints and absolute extrema; ``reason`` says why when incomplete."""

    derivative: sp.Expr
    points: tuple[CriticalPoint, ...]
    intervals: tuple[DirectionInterval, ...]
    extrema: Extrema | None
    complete: bool
    reason: str | None


def critical_points(
    problem: ShapeInput, limits: Limits, started: float, closed_interval: bool = False
) -> CriticalPointsAnalysis:
    """The classified critical points and monotonicity intervals of f (``problem`` holds f
    and f') inside its interval; with ``closed_interval``, the endpoints and absolute
    extrema too. ``started`` is when the operation began: the deadline's shares count from it.
    """
    chart = analysed_chart(
        problem.numeric[1], problem.var, problem.interval, problem.numeric[0], limits, started
    )
    values, finished = cut_values(
        problem.numeric[:2],
        problem.var,
        chart,
        limits,
        remaining(limits, started, PLAN.classify_end),
    )
    analysis = analyse_monotonicity(problem, chart, values, limits, started)
    reason = analysis.reason if finished else analysis.reason or UNFINISHED
    extrema = None
    if closed_interval:
        extrema = closed_interval_method(
            problem,
            chart,
            values,
            [(item.at, item.value) for item in analysis.points],
            [(item.start, item.end) for item in analysis.intervals if item.direction == "constant"],
            limits,
            started,
        )
        reason = reason or extrema.reason
    return CriticalPointsAnalysis(
        derivative=problem.chain[1],
        points=analysis.points,
        intervals=analysis.intervals,
        extrema=extrema,
        complete=reason is None,
        reason=reason,
    )


def analyse_monotonicity(
    problem: ShapeInput, chart: SignChart, values: CutValues, limits: Limits, started: float
) -> Monotonicity:
    """The sign chart of f′ read as critical points and intervals of increase and decrease.

    A cut point is joined across only when f and f′ are defined there and, between two
    strict segments, f′ is not zero there (the intervals split at the critical points).
    """
    finished = True
    found: list[CriticalPoint] = []
    try:
        with soft_budget(remaining(limits, started, PLAN.classify_end)):
            classify = _Classifier(problem, limits)
            for index, point in enumerate(chart.cuts):
                point_values = values[index]
                if not chart.in_domain[index] or point_values is None:
                    continue
                try:
                    item = classify.point(point, point_values, *_sides(chart, index))
                except TooComplex:
                    finished = False
                    continue
                if item is not None:
                    found.append(item)
    except BudgetExceeded:
        finished = False
    tidied = tidy_values(
        [item.value for item in found], remaining(limits, started, PLAN.tidy_values_end)
    )
    points = tuple(replace(item, value=value) for item, value in zip(found, tidied, strict=True))
    critical = {item.at for item in points}

    def joins(cut: int, sign: Sign) -> bool:
        return all_defined(values[cut]) and (sign == "zero" or chart.cuts[cut] not in critical)

    runs = merged_runs(chart, joins)
    return Monotonicity(
        points=points,
        intervals=tuple(
            DirectionInterval(run.start, run.end, DIRECTION[run.sign])
            for run in runs
            if run.sign is not None
        ),
        complete=chart.complete and finished,
        reason=chart.reason or (None if finished else UNFINISHED),
    )


def first_derivative_kind(left: Sign | None, right: Sign | None) -> Kind:
    """The first-derivative test from the signs of f' left and right of the point.

    Each strict side votes (falling before or rising after: minimum; the opposite:
    maximum); zero and undefined sides abstain. One verdict wins, a tie is ``neither``.
    """
    votes = {_LEFT_VOTES.get(left or ""), _RIGHT_VOTES.get(right or "")} - {None}
    verdict = votes.pop() if len(votes) == 1 else None
    return verdict or "neither"


def _sides(chart: SignChart, index: int) -> tuple[Sign | None, Sign | None]:
    return chart.segments[index].sign, chart.segments[index + 1].sign


class _Classifier:
    """Decides whether a cut point is critical, and its kind; computes f'' only if needed."""

    def __init__(self, problem: ShapeInput, limits: Limits) -> None:
        self.problem = problem
        self.limits = limits
        self.second: sp.Expr | None = None

    def point(
        self, point: sp.Expr, values: list[RealValue], left: Sign | None, right: Sign | None
    ) -> CriticalPoint | None:
        """The critical point at ``point`` (f, f′ there in ``values``), or None if not one.

        A point with f′ = 0 on both sides lies inside a constant stretch and is not listed.
        """
        value, slope = values
        stationary = slope.defined and sign_of(slope.exact) == "zero"
        if not value.defined or (slope.defined and not stationary) or left == right == "zero":
            return None
        kind = self.by_second_derivative(point, slope) if stationary else None
        if kind is not None:
            return CriticalPoint(point, value.exact, kind, "second_derivative")
        return CriticalPoint(
            point, value.exact, first_derivative_kind(left, right), "first_derivative"
        )

    def by_second_derivative(self, point: sp.Expr, slope: RealValue) -> Kind | None:
        """``minimum``/``maximum`` from the sign of f''(c); None when zero or undefined."""
        problem = self.problem
        if self.second is None:
            symbolic = derivative_step(problem.chain[1], problem.var, self.limits)
            self.second = symbolic.subs(problem.parameters)
        value = derivative_value(
            problem.numeric[1], self.second, problem.var, {problem.var: point}, slope, self.limits
        )
        sign = sign_of(value.exact) if value.defined else None
        return _RIGHT_VOTES.get(sign or "")
