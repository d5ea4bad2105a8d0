"""Concavity of f: f'' at requested points, intervals of concavity, inflection points.

Requested points (``at``) are always answered, before any interval work: ``value`` is
f''(a) as a float, ``sign`` its sign under the zero threshold of ``sign_analysis`` (exact
zero when sympy proves it, else |v| ≤ 1e-12·max(1, largest |term|)), and ``concavity`` is
``up`` (positive), ``down`` (negative) or ``undetermined`` (zero). Where f or f'' is not a
finite real number at the point, ``value`` and ``sign`` are null and ``concavity`` is
``undetermined``. Values come from ``evaluation.chain_values`` (the numbers /v1/evaluate
gives); where an exact value would exceed the digit limit (``x^1000`` at 3/2) the point is
answered from a ``numeric.DIGITS``-digit evaluation instead (``value`` null if beyond the
float range).

The analysis of the interval (the real line by default) is best effort within a soft
budget (``sign_analysis.analysed_chart``: half the deadline, ending by 80% of it): the
sign chart of f'' over the domain of f. Neighbouring segments with the same strict sign
are merged when f, f' and f'' are all defined at the point between them (so the cusp of
``x^(2/3)`` splits its concave-down stretch in two); segments outside the domain of f
are left out; a segment where f'' is identically zero (a straight piece) is
``undetermined`` and never merged across a cut point (``abs(x)``: two undetermined
intervals either side of 0). An inflection point is a cut point strictly inside the
interval where f is defined and f'' is positive on one side and negative on the other
(f'' may be zero or undefined at the point itself); its ``value`` is f there, tidied.
``complete`` is false when the chart
is not exact (infinitely many candidates, an unsolved equation, a numeric search, a second
derivative over ``ANALYSIS_MAX_NODES`` nodes, or the budget ran out); over an unbounded
interval the intervals and inflection points are then empty, never a wrong "none" — or,
for a periodic f over the whole line, those of one period [0, T) (``period_chart``).
``reason`` says why whenever ``complete`` is false.
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
    OUT_OF_TIME,
    Sign,
    SignChart,
    analysed_chart,
    sign_of,
)
from service.calculus.analysis.stretches import (
    CONCAVITY,
    Concavity,
    ConcavityInterval,
    all_defined,
    cut_values,
    merged_runs,
    tidy_values,
)
from service.calculus.budget import PLAN, remaining
from service.calculus.errors import TooComplex
from service.calculus.limits import Limits


@dataclass(frozen=True)
class ConcavityAtPoint:
    """f'' at a requested point: its float value, sign and concavity (None where undefined)."""

    at: sp.Expr
    value: float | None
    sign: Sign | None
    concavity: Concavity


@dataclass(frozen=True)
class InflectionPoint:
    """A point where f is defined and f″ changes sign, and f there."""

    at: sp.Expr
    value: sp.Expr


@dataclass(frozen=True)
class ConcavityAnalysis:
    """f'' as shown, its reports at the requested points, the intervals and inflections
    over the interval (or one period), and why the analysis is incomplete if it is."""

    second_derivative: sp.Expr
    points: tuple[ConcavityAtPoint, ...]
    intervals: tuple[ConcavityInterval, ...]
    inflection_points: tuple[InflectionPoint, ...]
    complete: bool
    reason: str | None


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
    values, finished = cut_values(
        problem.numeric, var, chart, limits, remaining(limits, started, PLAN.cut_values_end)
    )
    runs = merged_runs(chart, lambda cut, sign: sign != "zero" and all_defined(values[cut]))
    places = inflection_indices(chart)
    found = [values[index] for index in places]
    exact = [point_values[0].exact for point_values in found if point_values is not None]
    tidied = tidy_values(exact, remaining(limits, started, PLAN.tidy_values_end))
    inflections = [
        chart.cuts[index] for index, point_values in zip(places, found, strict=True) if point_values
    ]
    complete = chart.complete and finished
    return ConcavityAnalysis(
        second_derivative=problem.chain[2],
        points=points,
        intervals=tuple(
            ConcavityInterval(run.start, run.end, CONCAVITY[run.sign])
            for run in runs
            if run.sign is not None
        ),
        inflection_points=tuple(
            InflectionPoint(at, value) for at, value in zip(inflections, tidied, strict=True)
        ),
        complete=complete,
        reason=None if complete else (chart.reason if finished else OUT_OF_TIME),
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
    """The report from ``numeric.DIGITS``-digit values, when exact ones would be too big."""
    function_value = value_at(real_form(chain[0]), var, at)
    second_value = value_at(real_form(chain[2]), var, at)
    if function_value is None or second_value is None:
        return _report(at, None, None)
    number = float(second_value)
    return _report(at, number if math.isfinite(number) else None, sign_of(second_value))


def _report(at: sp.Expr, value: float | None, sign: Sign | None) -> ConcavityAtPoint:
    concavity = CONCAVITY[sign] if sign is not None else "undetermined"
    return ConcavityAtPoint(at=at, value=value, sign=sign, concavity=concavity)


def inflection_indices(chart: SignChart) -> list[int]:
    """Cut points (indices) where f is defined and f″ has opposite strict signs either side."""
    return [
        index
        for index in range(len(chart.cuts))
        if {chart.segments[index].sign, chart.segments[index + 1].sign} == {"positive", "negative"}
        and chart.in_domain[index]
    ]
