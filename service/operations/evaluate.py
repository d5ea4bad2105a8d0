"""POST /v1/evaluate: f and its derivatives of the requested orders at one or many points."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from service.calculus.analysis.evaluation import check_parameters, require_values
from service.calculus.analysis.high_orders import point_values, shown_chain
from service.calculus.limits import Limits

from . import inputs
from .readings import request_warnings
from .shapes import point_object, value_object


def run(body: Mapping[str, Any], limits: Limits) -> dict[str, Any]:
    """``{variable, points: [{at, values: [{order, exact, value, defined, reason?}]}],
    warnings}``."""
    expr = inputs.expression(body, limits)
    parameters = inputs.parse_parameters(expr, body["parameters"], limits)
    var = inputs.variable_among_unknowns(expr, body["variable"], parameters)
    check_parameters([var], parameters)
    require_values(expr, [var], parameters)
    points = inputs.parse_points(body["at"], parameters, limits)
    orders = inputs.parse_orders(body["orders"], limits)
    chain = shown_chain(expr, var, max(orders, default=0), limits)
    return {
        "variable": var.name,
        "points": [
            {
                "at": point_object(point),
                "values": [
                    value_object(order, value)
                    for order, value in zip(
                        orders,
                        point_values(expr, chain, var, orders, {**parameters, var: point}, limits),
                        strict=True,
                    )
                ],
            }
            for point in points
        ],
        "warnings": request_warnings(body, expr, limits),
    }
