"""POST /v1/plot: sample f and its derivatives, take the shape analysis, draw the SVG.

Shading and markers come from the same core analyses that answer /v1/concavity and
/v1/critical-points, run on the same problem, so the picture and the lists never disagree.
Each analysis may use ``PLAN.plot_analysis`` of the deadline; sampling and drawing use the rest.
The answer is an image, not JSON, so the request's reading warnings (SPEC §1.5) are
sentences of its ``<desc>``, after what is drawn and after the reason (as /v1/concavity or
/v1/critical-points gives it) of an analysis that is incomplete.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import mpmath
import sympy as sp

from service.calculus.analysis.concavity import ConcavityAnalysis, concavity
from service.calculus.analysis.critical_points import CriticalPointsAnalysis, critical_points
from service.calculus.analysis.sampling import sample_curve
from service.calculus.analysis.shape_inputs import ShapeInput
from service.calculus.budget import PLAN, share
from service.calculus.errors import InvalidPoint
from service.calculus.language.printing import to_text
from service.calculus.limits import Limits
from service.calculus.numeric import compile_mpmath, real_value_at
from service.plotting.figure import Canvas, compose
from service.plotting.picture import Band, Marker, MarkerKind, Shading
from service.plotting.svg import render

from . import inputs
from .readings import request_warnings

CONCAVE: dict[str, Shading] = {"up": "concave up", "down": "concave down"}
DIRECTIONS: dict[str, Shading] = {"increasing": "increasing", "decreasing": "decreasing"}
EXTREMA: dict[str, MarkerKind] = {
    "minimum": "local minimum",
    "maximum": "local maximum",
    "neither": "critical point",
}


def run(body: Mapping[str, Any], limits: Limits) -> dict[str, Any]:
    """``{"svg": document}`` (the view answers it as image/svg+xml)."""
    orders: list[int] = body["orders"]
    problem = inputs.shape_input(body, max(2, *orders), limits)
    start, end = _finite(problem.interval)
    var = problem.var
    curves = [
        (
            order,
            to_text(problem.chain[order]),
            sample_curve(problem.numeric[order], var, start, end),
        )
        for order in orders
    ]
    analysis = replace(limits, deadline_seconds=share(limits, PLAN.plot_analysis))
    shape = concavity(_up_to(problem, 2), [], analysis, time.monotonic())
    critical = critical_points(_up_to(problem, 1), analysis, time.monotonic())
    ends = (to_text(problem.interval.start), to_text(problem.interval.end))
    canvas = Canvas(
        to_text(problem.chain[0]), var.name, ends, start, end, body["width"], body["height"]
    )
    picture = compose(
        canvas,
        curves,
        _bands(_stretches(body["shade"], shape, critical), start, end),
        _markers(shape, critical, problem),
        [
            *_incomplete({"concavity": shape, "critical-points": critical}),
            *(warning["message"] for warning in request_warnings(body, problem.chain[0], limits)),
        ],
    )
    return {"svg": render(picture).decode("utf-8")}


def _up_to(problem: ShapeInput, order: int) -> ShapeInput:
    """The problem with f and its derivatives up to ``order`` only, as an analysis takes it."""
    return replace(problem, chain=problem.chain[: order + 1], numeric=problem.numeric[: order + 1])


def _finite(interval: sp.Interval) -> tuple[float, float]:
    if not (interval.start.is_finite and interval.end.is_finite):
        raise InvalidPoint("A plot needs a finite interval [a, b].", field="interval")
    return float(interval.start), float(interval.end)


def _stretches(
    shade: str, shape: ConcavityAnalysis, critical: CriticalPointsAnalysis
) -> list[tuple[sp.Expr, sp.Expr, Shading]]:
    """The analysed stretches ``shade`` asks for, with their shading (none: no stretch)."""
    if shade == "concavity":
        return [
            (item.start, item.end, CONCAVE[item.concavity])
            for item in shape.intervals
            if item.concavity in CONCAVE
        ]
    if shade == "monotonicity":
        return [
            (item.start, item.end, DIRECTIONS[item.direction])
            for item in critical.intervals
            if item.direction in DIRECTIONS
        ]
    return []


def _bands(
    stretches: Sequence[tuple[sp.Expr, sp.Expr, Shading]], start: float, end: float
) -> list[Band]:
    bands = []
    for low_end, high_end, shading in stretches:
        low = _end(low_end, start)
        high = _end(high_end, end)
        if low < high:
            bands.append(Band(low, high, shading))
    return bands


def _end(point: sp.Expr, default: float) -> float:
    return float(point) if point.is_finite else default


def _markers(
    shape: ConcavityAnalysis, critical: CriticalPointsAnalysis, problem: ShapeInput
) -> list[Marker]:
    function = compile_mpmath(problem.numeric[0], [problem.var])
    markers = []
    for inflection in shape.inflection_points:
        y = real_value_at(function, [mpmath.mpf(float(inflection.at))])
        if y is not None:
            markers.append(Marker(float(inflection.at), float(y), "inflection point"))
    for point in critical.points:
        if point.value.is_finite and point.value.is_real:
            markers.append(Marker(float(point.at), float(point.value), EXTREMA[point.kind]))
    return markers


def _incomplete(
    analyses: Mapping[str, ConcavityAnalysis | CriticalPointsAnalysis],
) -> Sequence[str]:
    """A sentence for each incomplete analysis, quoting its reason (as its endpoint gives it)."""
    return [
        f"The {name} analysis is incomplete: {analysis.reason}"
        if analysis.reason
        else f"The {name} analysis is incomplete, so some of its marks may be missing."
        for name, analysis in analyses.items()
        if not analysis.complete
    ]
