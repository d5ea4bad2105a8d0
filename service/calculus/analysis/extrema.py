"""Endpoints and absolute extrema of f over an interval, by the closed-interval method.

Candidates are the values of f at the finite ends of the interval where f is defined, at
the critical points, and on the constant stretches (where f' is zero on a whole interval).
The largest candidate is the absolute maximum only if f does not come closer to, or beyond,
something larger elsewhere: at every place where f may fail to be continuous from inside
the domain (an infinite end, an end or cut point where f or f' is undefined), the one-sided
limit of f (``sympy.limit``, within the budget) must not exceed it. A limit above the best
candidate (x³ towards oo, 1/x towards 0 from the right) means the maximum is not attained:
it is null; likewise for the minimum. Where a needed limit cannot be computed, the
extremum is null and ``reason`` says so. Ties are values within ``TIE_TOLERANCE`` (relative).

A finite end where f is defined is an endpoint; its ``kind`` is the one-sided
first-derivative test on the segment next to it: f rising away from the left end (or
towards the right end) makes the left end a minimum (the right end a maximum), and the
reverse; a constant or unknown side is ``neither``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import mpmath
import sympy as sp

from service.calculus.analysis.evaluation import chain_values, real_value
from service.calculus.analysis.real_zeros import real_form
from service.calculus.analysis.shape_inputs import ShapeInput
from service.calculus.analysis.sign_charts import Sign, SignChart, inner_point
from service.calculus.analysis.stretches import (
    CutValues,
    Kind,
    all_defined,
    chart_segments,
    tidy_values,
)
from service.calculus.budget import PLAN, BudgetExceeded, remaining, soft_budget
from service.calculus.errors import TooComplex
from service.calculus.language.printing import to_text
from service.calculus.limits import Limits
from service.calculus.numeric import as_mpf

TIE_TOLERANCE = mpmath.mpf(10) ** -12
"""Relative difference below which two values of f count as equal."""
UNDECIDED = (
    "Whether f attains its absolute {which} could not be decided: a limit of f at {where} "
    "could not be computed."
)

_LEFT_END: dict[str, Kind] = {"positive": "minimum", "negative": "maximum"}
_RIGHT_END: dict[str, Kind] = {"positive": "maximum", "negative": "minimum"}


@dataclass(frozen=True)
class Endpoint:
    """A finite end of the interval where f is defined, f there, and its one-sided kind."""

    at: sp.Expr
    value: sp.Expr
    kind: Kind


@dataclass(frozen=True)
class Extremum:
    """An absolute extremum: its value, the points and the stretches [start, end] where attained."""

    value: sp.Expr
    at: tuple[sp.Expr, ...]
    stretches: tuple[tuple[sp.Expr, sp.Expr], ...]


@dataclass(frozen=True)
class Extrema:
    """The endpoints, the absolute minimum and maximum (None: not attained or undecided)."""

    endpoints: tuple[Endpoint, ...]
    minimum: Extremum | None
    maximum: Extremum | None
    reason: str | None


@dataclass(frozen=True)
class _Candidate:
    value: sp.Expr
    number: mpmath.mpf
    at: sp.Expr | None
    stretch: tuple[sp.Expr, sp.Expr] | None


def closed_interval_method(
    problem: ShapeInput,
    chart: SignChart,
    values: CutValues,
    critical: Sequence[tuple[sp.Expr, sp.Expr]],
    constant: Sequence[tuple[sp.Expr, sp.Expr]],
    limits: Limits,
    started: float,
) -> Extrema:
    """Endpoints and absolute extrema of f from the chart of f' and its analysis.

    ``critical`` holds (point, f there) for each critical point, ``constant`` the
    (start, end) of each constant stretch.
    """
    try:
        with soft_budget(remaining(limits, started, PLAN.extrema_end)):
            endpoints = _endpoints(problem, chart, limits)
            candidates = _candidates(problem, endpoints, critical, constant, limits)
            bounds = _boundary_limits(problem, chart, values, limits) if chart.segments else None
    except (BudgetExceeded, TooComplex):
        return Extrema((), None, None, "The absolute extrema could not be found in time.")
    if bounds is None or not candidates:
        return Extrema(endpoints, None, None, None)
    lows, highs, undecided = bounds
    minimum = _extremum(candidates, lows, lowest=True) if undecided is None else None
    maximum = _extremum(candidates, highs, lowest=False) if undecided is None else None
    reason = None
    if undecided is not None:
        reason = UNDECIDED.format(which="minimum and maximum", where=undecided)
    tidied = tidy_values(
        [end.value for end in endpoints], remaining(limits, started, PLAN.tidy_values_end)
    )
    endpoints = tuple(
        Endpoint(end.at, value, end.kind) for end, value in zip(endpoints, tidied, strict=True)
    )
    return Extrema(endpoints, minimum, maximum, reason)


def _endpoints(problem: ShapeInput, chart: SignChart, limits: Limits) -> tuple[Endpoint, ...]:
    interval, var, function = problem.interval, problem.var, problem.numeric[0]
    segments = [segment for _, segment in chart_segments(chart)]
    result = []
    for end, is_left in ((interval.start, True), (interval.end, False)):
        if not end.is_finite:
            continue
        value = real_value(function, {var: end}, limits)
        if not value.defined:
            continue
        side: Sign | None = None
        if segments:
            side = segments[0].sign if is_left else segments[-1].sign
        votes = _LEFT_END if is_left else _RIGHT_END
        result.append(Endpoint(end, value.exact, votes.get(side or "", "neither")))
    return tuple(result)


def _candidates(
    problem: ShapeInput,
    endpoints: Sequence[Endpoint],
    critical: Sequence[tuple[sp.Expr, sp.Expr]],
    constant: Sequence[tuple[sp.Expr, sp.Expr]],
    limits: Limits,
) -> list[_Candidate]:
    found = [_Candidate(end.value, as_mpf(end.value), end.at, None) for end in endpoints]
    found += [_Candidate(value, as_mpf(value), at, None) for at, value in critical]
    for start, end in constant:
        value = real_value(problem.numeric[0], {problem.var: inner_point(start, end)}, limits)
        if value.defined:
            found.append(_Candidate(value.exact, as_mpf(value.exact), None, (start, end)))
    return found


def _boundary_limits(
    problem: ShapeInput, chart: SignChart, values: CutValues, limits: Limits
) -> tuple[list[mpmath.mpf], list[mpmath.mpf], str | None]:
    """Lower and upper bounds of f's one-sided limits where f may not be continuous.

    The third item names a place whose limit could not be computed (else None).
    """
    lows: list[mpmath.mpf] = []
    highs: list[mpmath.mpf] = []
    for index, segment in chart_segments(chart):
        if segment.sign is None:
            continue
        for place, direction, cut in ((segment.start, "+", index - 1), (segment.end, "-", index)):
            if _continuous(problem, chart, values, place, cut, limits):
                continue
            bounds = _one_sided_limit(problem, place, direction)
            if bounds is None:
                return lows, highs, to_text(place)
            lows.append(bounds[0])
            highs.append(bounds[1])
    return lows, highs, None


def _continuous(
    problem: ShapeInput,
    chart: SignChart,
    values: CutValues,
    place: sp.Expr,
    cut: int,
    limits: Limits,
) -> bool:
    """True when f and f' are defined at ``place`` (so f is continuous there)."""
    if not place.is_finite:
        return False
    if chart.period is not None and place == chart.period:
        cut = 0
    if 0 <= cut < len(chart.cuts) and chart.cuts[cut] == place % (chart.period or sp.oo):
        return all_defined(values[cut])
    var = problem.var
    return all_defined(chain_values(problem.numeric[:2], var, [0, 1], {var: place}, limits))


def _one_sided_limit(
    problem: ShapeInput, place: sp.Expr, direction: str
) -> tuple[mpmath.mpf, mpmath.mpf] | None:
    """The range (low, high) of f's limit at ``place`` from one side; None if unknown."""
    try:
        result = sp.limit(real_form(problem.numeric[0]), problem.var, place, direction)
    except (BudgetExceeded, TooComplex):
        raise
    except Exception:  # sympy's limit raises assorted errors where it cannot decide
        return None
    if isinstance(result, sp.AccumBounds):
        low, high = result.min, result.max
    else:
        low = high = result
    ends = []
    for end in (low, high):
        if end is sp.oo or end is -sp.oo:
            ends.append(mpmath.inf if end is sp.oo else -mpmath.inf)
        elif end.is_number and end.is_real:
            ends.append(as_mpf(end))
        else:
            return None
    return ends[0], ends[1]


def _extremum(
    candidates: Sequence[_Candidate], bounds: Sequence[mpmath.mpf], lowest: bool
) -> Extremum | None:
    """The least (greatest) candidate, unless a limit of f goes below (above) it."""
    chosen = (
        min(candidates, key=lambda c: c.number)
        if lowest
        else max(candidates, key=lambda c: c.number)
    )
    best = chosen.number
    margin = TIE_TOLERANCE * max(mpmath.mpf(1), abs(best))
    beyond = [bound < best - margin if lowest else bound > best + margin for bound in bounds]
    if any(beyond):
        return None
    ties = [c for c in candidates if abs(c.number - best) <= margin]
    stretches = tuple(dict.fromkeys(c.stretch for c in ties if c.stretch is not None))
    covered = {end for stretch in stretches for end in stretch}
    at = tuple(dict.fromkeys(c.at for c in ties if c.at is not None and c.at not in covered))
    ordered = tuple(sorted(at, key=as_mpf))
    return Extremum(chosen.value, ordered, stretches)
