"""POST /v1/concavity: f'' in all forms, its sign at points, intervals and inflection points."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from service.calculus.analysis.concavity import concavity
from service.calculus.limits import Limits

from . import inputs
from .readings import request_warnings
from .shapes import expression_object, point_object


def run(body: Mapping[str, Any], limits: Limits) -> dict[str, Any]:
    """``{second_derivative, points, intervals, inflection_points, complete, reason?,
    warnings}``."""
    started = time.monotonic()
    problem = inputs.shape_input(body, 2, limits)
    requested = inputs.parse_points(body["at"], problem.parameters, limits)
    analysis = concavity(problem, requested, limits, started)
    response: dict[str, Any] = {
        "second_derivative": expression_object(analysis.second_derivative),
        "points": [
            {
                "at": point_object(point.at),
                "value": point.value,
                "sign": point.sign,
                "concavity": point.concavity,
            }
            for point in analysis.points
        ],
        "intervals": [
            {
                "start": point_object(interval.start),
                "end": point_object(interval.end),
                "concavity": interval.concavity,
            }
            for interval in analysis.intervals
        ],
        "inflection_points": [
            {"at": point_object(point.at), "value": point_object(point.value)}
            for point in analysis.inflection_points
        ],
        "complete": analysis.complete,
    }
    if analysis.reason is not None:
        response["reason"] = analysis.reason
    response["warnings"] = request_warnings(body, problem.chain[0], limits)
    return response
