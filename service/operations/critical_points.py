"""POST /v1/critical-points: f' in all forms, and the classified critical points."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from service.calculus.analysis.critical_points import critical_points
from service.calculus.limits import Limits

from . import inputs
from .shapes import expression_object, point_object


def run(body: Mapping[str, Any], limits: Limits) -> dict[str, Any]:
    """``{derivative, points: [{at, value, kind, test}], complete}``."""
    started = time.monotonic()
    problem = inputs.shape_input(body, 1, limits)
    analysis = critical_points(problem, limits, started)
    return {
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
        "complete": analysis.complete,
    }
