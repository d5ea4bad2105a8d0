"""POST /v1/gradient: the partial derivatives (and the Hessian), with values at ``at``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import sympy as sp

from service.calculus.analysis.evaluation import check_parameters, require_values
from service.calculus.analysis.gradient import gradient, gradient_values
from service.calculus.errors import InvalidPoint, TooComplex, UnknownSymbol
from service.calculus.language.parser import parse_symbol
from service.calculus.limits import Limits

from . import inputs
from .readings import request_warnings
from .shapes import expression_object


def run(body: Mapping[str, Any], limits: Limits) -> dict[str, Any]:
    """``{variables, gradient, hessian?, values?: {gradient, hessian?}, warnings}``."""
    expr = inputs.expression(body, limits)
    parameters = inputs.parse_parameters(expr, body["parameters"], limits)
    variables = _variables(expr, body["variables"], parameters, limits)
    check_parameters(variables, parameters)
    derivatives = gradient(expr, variables, limits, hessian=body["hessian"])
    result: dict[str, Any] = {
        "variables": [var.name for var in variables],
        "gradient": [expression_object(partial) for partial in derivatives.partials],
    }
    if derivatives.hessian is not None:
        result["hessian"] = [
            [expression_object(entry) for entry in row] for row in derivatives.hessian
        ]
    if body["at"] is not None:
        at = _point_map(body["at"], variables, parameters, limits)
        require_values(expr, variables, parameters)
        values = gradient_values(expr, derivatives, {**parameters, **at}, limits)
        result["values"] = {"gradient": list(values.gradient)}
        if values.hessian is not None:
            result["values"]["hessian"] = [list(row) for row in values.hessian]
    result["warnings"] = request_warnings(body, expr, limits)
    return result


def _variables(
    expr: sp.Expr,
    names: Sequence[str] | None,
    parameters: Mapping[sp.Symbol, sp.Expr],
    limits: Limits,
) -> list[sp.Symbol]:
    """The named variables, else every symbol without a parameter value, sorted by name."""
    if names is None:
        variables = sorted(expr.free_symbols - parameters.keys(), key=lambda s: s.name)
        variables = variables or [parse_symbol("x", field="variables")]
    else:
        variables = [parse_symbol(name, field="variables") for name in names]
    if len(variables) > limits.max_points:
        raise TooComplex(
            f"At most {limits.max_points} variables may be asked for at once.",
            limit="max_points",
        )
    return variables


def _point_map(
    raw: Mapping[str, Any],
    variables: Sequence[sp.Symbol],
    parameters: Mapping[sp.Symbol, sp.Expr],
    limits: Limits,
) -> dict[sp.Symbol, sp.Expr]:
    """``at``: exactly one real constant for each variable."""
    points: dict[sp.Symbol, sp.Expr] = {}
    for name, value in raw.items():
        symbol = parse_symbol(name, field="at")
        if symbol not in variables:
            raise UnknownSymbol(
                f"at gives a value to {name}, which is not one of the variables.",
                field="at",
                name=name,
            )
        points[symbol] = inputs.parse_point_using(
            value, parameters, field=f"at.{name}", limits=limits
        )
    for var in variables:
        if var not in points:
            raise InvalidPoint(f"at gives no value for the variable {var.name}.", field="at")
    return points
