"""POST /v1/derivative: the ``order``-th derivative of ``expression``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from service.calculus.differentiation.derivative import choose_variable, differentiate
from service.calculus.limits import Limits

from . import inputs
from .readings import request_warnings
from .shapes import expression_object


def run(body: Mapping[str, Any], limits: Limits) -> dict[str, Any]:
    """``{input, variable, order, derivative, warnings}``."""
    expr = inputs.expression(body, limits)
    var = choose_variable(expr, body["variable"])
    order = body["order"]
    result = differentiate(expr, var, order, limits)
    return {
        "input": expression_object(expr),
        "variable": var.name,
        "order": order,
        "derivative": expression_object(result),
        "warnings": request_warnings(body, expr, limits),
    }
