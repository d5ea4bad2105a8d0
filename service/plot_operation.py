"""POST /v1/plot: sample f and its derivatives, take the shape analysis, draw the SVG.

Shading and markers are read from the answers of the /v1/concavity and /v1/critical-points
operations to the same request, so the picture and the lists never disagree. Each analysis
may use ``ANALYSIS_SHARE`` of the deadline; sampling and drawing use the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any

import mpmath
import sympy as sp

from service.calculus.analysis.sampling import sample_curve
from service.calculus.analysis.shape_inputs import shape_input
from service.calculus.errors import InvalidPoint
from service.calculus.language.printing import to_text
from service.calculus.limits import Limits
from service.calculus.numeric import compile_mpmath, real_value_at
from service.plotting.figure import Canvas, compose
from service.plotting.picture import Band, Marker, MarkerKind, Shading
from service.plotting.svg import render

Operation = Callable[[Mapping[str, Any], Limits], dict[str, Any]]

ANALYSIS_SHARE = 0.35
"""Share of the deadline each of the two analyses may use."""
SHADINGS: dict[str, tuple[str, str, dict[str, Shading]]] = {
    "concavity": ("concavity", "concavity", {"up": "concave up", "down": "concave down"}),
    "monotonicity": (
        "critical-points",
        "direction",
        {"increasing": "increasing", "decreasing": "decreasing"},
    ),
}
"""shade → (the analysis that answers it, the key of an interval's answer, its shadings)."""
EXTREMA: dict[str, MarkerKind] = {
    "minimum": "local minimum",
    "maximum": "local maximum",
    "neither": "critical point",
}


def plot(body: Mapping[str, Any], limits: Limits, analyses: Mapping[str, Operation]) -> str:
    """The SVG document for a validated /v1/plot request.

    ``analyses`` are the ``concavity`` and ``critical-points`` operations.
    """
    orders: list[int] = body["orders"]
    problem = shape_input(body, max(orders), limits)
    start, end = _finite(problem.interval)
    var = problem.var
    curves = [
        (order, to_text(g), sample_curve(numeric, var, start, end))
        for order in orders
        for g, numeric in [(problem.chain[order], problem.numeric[order])]
    ]
    asked = {key: body.get(key) for key in ("expression", "interval", "parameters", "syntax")}
    asked["variable"] = var.name
    share = replace(limits, deadline_seconds=limits.deadline_seconds * ANALYSIS_SHARE)
    answers = {name: analyses[name](asked, share) for name in ("concavity", "critical-points")}
    ends = (to_text(problem.interval.start), to_text(problem.interval.end))
    canvas = Canvas(
        to_text(problem.chain[0]), var.name, ends, start, end, body["width"], body["height"]
    )
    picture = compose(
        canvas,
        curves,
        _bands(body["shade"], answers, start, end),
        _markers(answers, problem.numeric[0], var),
        _incomplete(answers),
    )
    return render(picture).decode("utf-8")


def _finite(interval: sp.Interval) -> tuple[float, float]:
    if not (interval.start.is_finite and interval.end.is_finite):
        raise InvalidPoint("A plot needs a finite interval [a, b].", field="interval")
    return float(interval.start), float(interval.end)


def _bands(
    shade: str, answers: Mapping[str, dict[str, Any]], start: float, end: float
) -> list[Band]:
    if shade not in SHADINGS:
        return []
    analysis, key, shadings = SHADINGS[shade]
    bands = []
    for interval in answers[analysis].get("intervals", []):
        shading = shadings.get(interval[key])
        low = _end(interval["start"], start)
        high = _end(interval["end"], end)
        if shading is not None and low < high:
            bands.append(Band(low, high, shading))
    return bands


def _end(point: Mapping[str, Any], default: float) -> float:
    value = point["value"]
    return default if value is None else float(value)


def _markers(answers: Mapping[str, dict[str, Any]], f: sp.Expr, var: sp.Symbol) -> list[Marker]:
    function = compile_mpmath(f, [var])
    markers = []
    for point in answers["concavity"]["inflection_points"]:
        x = point["at"]["value"]
        y = real_value_at(function, [mpmath.mpf(x)])
        if y is not None:
            markers.append(Marker(x, float(y), "inflection point"))
    for point in answers["critical-points"]["points"]:
        y = point["value"]["value"]
        if y is not None:
            markers.append(Marker(point["at"]["value"], y, EXTREMA[point["kind"]]))
    return markers


def _incomplete(answers: Mapping[str, dict[str, Any]]) -> Sequence[str]:
    return [
        f"The {name} analysis is incomplete, so some of its marks may be missing"
        + (f": {answer['reason']}" if answer.get("reason") else ".")
        for name, answer in answers.items()
        if not answer["complete"]
    ]
