"""Concavity of f: f'' at requested points, intervals of concavity, inflection points.

Requested points (``at``) are always answered, before any interval work: ``value`` is
f''(a) as a float, ``sign`` its sign under the zero threshold of ``sign_analysis`` (exact
zero when sympy proves it, else |v| ≤ 1e-12·max(1, largest |term|)), and ``concavity`` is
``up`` (positive), ``down`` (negative) or ``undetermined`` (zero). Where f or f'' is not a
finite real number at the point, ``value`` and ``sign`` are null and ``concavity`` is
``undetermined``. Values come from ``evaluation.chain_values`` (the numbers /v1/evaluate
gives); where an exact value would exceed the digit limit (``x^1000`` at 3/2) the point is
answered from a ``NUMERIC_DIGITS``-digit evaluation instead (``value`` null if beyond the
float range).

The analysis of the interval (the real line by default) is best effort within a soft
budget (``sign_analysis.analysed_chart``: half the deadline, ending by 80% of it): the
sign chart of f'' over the domain of f. Neighbouring segments with the same strict sign
are merged when f is defined at the point between them; segments outside the domain of f
are left out; a segment where f'' is identically zero (a straight piece) is
``undetermined`` and never merged across a cut point (``abs(x)``: two undetermined
intervals either side of 0). An inflection point is a cut point strictly inside the
interval where f is defined and f'' is positive on one side and negative on the other
(f'' may be zero or undefined at the point itself). ``complete`` is false when the chart
is not exact (infinitely many candidates, an unsolved equation, a numeric search, a second
derivative over ``ANALYSIS_MAX_NODES`` nodes, or the budget ran out); over an unbounded
interval the intervals and inflection points are then empty, never a wrong "none".
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import sympy as sp

from service.calculus.analysis.evaluation import chain_values
from service.calculus.analysis.real_zeros import real_form, value_at
from service.calculus.analysis.shape_inputs import ShapeInput
from service.calculus.analysis.sign_charts import (
    Segment,
    Sign,
    SignChart,
    analysed_chart,
    sign_of,
)
from service.calculus.errors import TooComplex
from service.calculus.limits import Limits

CONCAVITY: dict[Sign, str] = {"positive": "up", "negative": "down", "zero": "undetermined"}


@dataclass(frozen=True)
class ConcavityAtPoint:
    """f'' at a requested point: its float value, sign and concavity (None where undefined)."""

    at: sp.Expr
    value: float | None
    sign: Sign | None
    concavity: str


@dataclass(frozen=True)
class ConcavityInterval:
    """A maximal run of one concavity between two cut points (or ±oo)."""

    start: sp.Expr
    end: sp.Expr
    concavity: str


@dataclass(frozen=True)
class ConcavityAnalysis:
    """f'' as shown, its reports at the requested points, the intervals and inflections."""

    second_derivative: sp.Expr
    points: tuple[ConcavityAtPoint, ...]
    intervals: tuple[ConcavityInterval, ...]
    inflection_points: tuple[sp.Expr, ...]
    complete: bool


def concavity(
    problem: ShapeInput, requested: Sequence[sp.Expr], limits: Limits, started: float
) -> ConcavityAnalysis:
    """f'' at the ``requested`` points, then the sign chart of f'' over the interval.

    ``problem`` holds f, f', f''; ``started`` is when the operation began (the budget's origin).
    """
    var = problem.var
    points = tuple(point_report(problem.numeric, var, at, limits) for at in requested)
    chart = analysed_chart(
        problem.numeric[2], var, problem.interval, problem.numeric[0], limits, started
    )
    return ConcavityAnalysis(
        second_derivative=problem.chain[2],
        points=points,
        intervals=concavity_intervals(chart),
        inflection_points=tuple(inflection_points(chart)),
        complete=chart.complete,
    )


def point_report(
    chain: tuple[sp.Expr, ...], var: sp.Symbol, at: sp.Expr, limits: Limits
) -> ConcavityAtPoint:
    """f'' at one point (value and sign None where f or f'' is not a finite real number)."""
    try:
        function_value, second_value = chain_values(chain, var, [0, 2], {var: at}, limits)
    except TooComplex:
        return _numeric_report(chain, var, at)
    sign = sign_of(second_value.exact) if function_value.defined and second_value.defined else None
    return _report(at, second_value.value if sign is not None else None, sign)


def _numeric_report(chain: tuple[sp.Expr, ...], var: sp.Symbol, at: sp.Expr) -> ConcavityAtPoint:
    """The report from ``NUMERIC_DIGITS``-digit values, when exact ones would be too big."""
    function_value = value_at(real_form(chain[0]), var, at)
    second_value = value_at(real_form(chain[2]), var, at)
    if function_value is None or second_value is None:
        return _report(at, None, None)
    number = float(second_value)
    return _report(at, number if math.isfinite(number) else None, sign_of(second_value))


def _report(at: sp.Expr, value: float | None, sign: Sign | None) -> ConcavityAtPoint:
    concavity = CONCAVITY[sign] if sign is not None else "undetermined"
    return ConcavityAtPoint(at=at, value=value, sign=sign, concavity=concavity)


def concavity_intervals(chart: SignChart) -> tuple[ConcavityInterval, ...]:
    """Maximal runs of same-sign segments, joined only across points where f is defined."""
    runs: list[Segment] = []
    for index, segment in enumerate(chart.segments):
        if segment.sign is None:
            continue
        previous = runs[-1] if runs else None
        if (
            previous is not None
            and previous.end == segment.start
            and previous.sign == segment.sign != "zero"
            and chart.in_domain[index - 1]
        ):
            runs[-1] = Segment(previous.start, segment.end, segment.sign)
        else:
            runs.append(segment)
    return tuple(
        ConcavityInterval(
            start=run.start,
            end=run.end,
            concavity=CONCAVITY[run.sign] if run.sign is not None else "undetermined",
        )
        for run in runs
    )


def inflection_points(chart: SignChart) -> list[sp.Expr]:
    """Cut points where f is defined and f'' has opposite strict signs on the two sides."""
    return [
        point
        for index, point in enumerate(chart.cuts)
        if {chart.segments[index].sign, chart.segments[index + 1].sign} == {"positive", "negative"}
        and chart.in_domain[index]
    ]
