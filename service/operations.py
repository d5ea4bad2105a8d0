"""The operations the compute workers run: plain JSON data in, plain JSON data out.

Each operation takes a request body whose types the HTTP layer has validated (``None``
stands for an omitted optional field) and the limits in force, and returns the response
body. They run inside the killable worker processes of ``compute.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from service.calculus.analysis import concavity, critical_points, evaluation, gradient
from service.calculus.differentiation import traces
from service.calculus.differentiation.derivative import choose_variable, differentiate
from service.calculus.language.parser import parse_expression
from service.calculus.language.printing import expression_object
from service.calculus.learning import checking, reading_warnings
from service.calculus.limits import Limits
from service.plot_operation import plot as draw_plot

Operation = Callable[[Mapping[str, Any], Limits], dict[str, Any]]


def derivative(body: Mapping[str, Any], limits: Limits) -> dict[str, Any]:
    """The ``order``-th derivative of ``expression`` (POST /v1/derivative)."""
    expr = parse_expression(body["expression"], syntax=body.get("syntax") or "plain", limits=limits)
    var = choose_variable(expr, body.get("variable"))
    order = body.get("order") or 1
    result = differentiate(expr, var, order, limits)
    return {
        "input": expression_object(expr),
        "variable": var.name,
        "order": order,
        "derivative": expression_object(result),
    }


def plot(body: Mapping[str, Any], limits: Limits) -> dict[str, Any]:
    """POST /v1/plot: ``{"svg": document}`` (the view answers it as image/svg+xml)."""
    return {"svg": draw_plot(body, limits, OPERATIONS)}


OPERATIONS: dict[str, Operation] = {
    "derivative": derivative,
    "evaluate": evaluation.evaluate,
    "gradient": gradient.gradient,
    "concavity": concavity.concavity,
    "critical-points": critical_points.critical_points,
    "trace": traces.trace,
    "parse": reading_warnings.parse,
    "check": checking.check,
    "plot": plot,
}
