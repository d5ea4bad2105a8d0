"""POST /v1/critical-points: f' in all forms, the classified critical points, the intervals
of increase and decrease and, with an interval, its endpoints and absolute extrema."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from service.calculus.analysis.critical_points import critical_points
from service.calculus.analysis.extrema import Extrema, Extremum
from service.calculus.limits import Limits

from . import inputs
from .readings import request_warnings
from .shapes import expression_object, point_object


def run(body: Mapping[str, Any], limits: Limits) -> dict[str, Any]:
    """``{derivative, points, intervals, endpoints?, absolute?, complete, reason?, warnings}``."""
    started = time.monotonic()
    problem = inputs.shape_input(body, 1, limits)
    closed = body.get("interval") is not None
    analysis = critical_points(problem, limits, started, closed_interval=closed)
    response: dict[str, Any] = {
        "derivative": expression_object(analysis.derivative),
        "points": [
            {
                "at": point_object(point.at),
                "value": point_object(point.value),
                "kind": point.kind,
                "test": point.test,
            }
            for point in analysis.points
        ],
        "intervals": [
            {
                "start": point_object(interval.start),
                "end": point_object(interval.end),
                "direction": interval.direction,
            }
            for interval in analysis.intervals
        ],
    }
    if analysis.extrema is not None:
        response.update(extrema_objects(analysis.extrema))
    response["complete"] = analysis.complete
    if analysis.reason is not None:
        response["reason"] = analysis.reason
    response["warnings"] = request_warnings(body, problem.chain[0], limits)
    return response


def extrema_objects(extrema: Extrema) -> dict[str, Any]:
    """``{endpoints: [{at, value, kind}], absolute: {minimum, maximum}}``."""
    return {
        "endpoints": [
            {"at": point_object(end.at), "value": point_object(end.value), "kind": end.kind}
            for end in extrema.endpoints
        ],
        "absolute": {
            "minimum": extremum_object(extrema.minimum),
            "maximum": extremum_object(extrema.maximum),
        },
    }


def extremum_object(extremum: Extremum | None) -> dict[str, Any] | None:
    """``{value, at: [points], stretches: [{start, end}]}``, or None when not attained."""
    if extremum is None:
        return None
    return {
        "value": point_object(extremum.value),
        "at": [point_object(point) for point in extremum.at],
        "stretches": [
            {"start": point_object(start), "end": point_object(end)}
            for start, end in extremum.stretches
        ],
    }
