"""Gradients and Hessians of functions of several variables (POST /v1/gradient).

Every partial derivative is the tidy derivative of /v1/derivative; a Hessian entry
∂²f/∂wi∂wj differentiates the tidy ∂f/∂wi by wj (computed for j ≥ i and mirrored, so the
matrix is symmetric). Parameters stay symbols in the formulas and give values only at ``at``.
Values follow ``evaluation.derivative_value``: a partial is null where f is undefined or
has a kink in that variable, a Hessian entry where its row's partial is null or has a kink.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import sympy as sp

from service.calculus.analysis.evaluation import (
    RealValue,
    check_parameters,
    derivative_value,
    parse_parameters,
    parse_point_using,
    real_value,
    require_values,
)
from service.calculus.differentiation.derivative import derivative_step
from service.calculus.errors import InvalidPoint, TooComplex, UnknownSymbol
from service.calculus.language.parser import parse_expression, parse_symbol
from service.calculus.language.printing import expression_object
from service.calculus.limits import Limits


def gradient(body: Mapping[str, Any], limits: Limits) -> dict[str, Any]:
    """The partial derivatives (and optionally the Hessian) of f, with values at ``at``."""
    expr = parse_expression(body["expression"], syntax=body.get("syntax") or "plain", limits=limits)
    parameters = parse_parameters(expr, body.get("parameters"), limits)
    variables = _variables(expr, body.get("variables"), parameters, limits)
    check_parameters(variables, parameters)
    partials = [derivative_step(expr, var, limits) for var in variables]
    hessian = hessian_matrix(partials, variables, limits) if body.get("hessian") else None
    result: dict[str, Any] = {
        "variables": [var.name for var in variables],
        "gradient": [expression_object(partial) for partial in partials],
    }
    if hessian is not None:
        result["hessian"] = [[expression_object(entry) for entry in row] for row in hessian]
    if body.get("at") is not None:
        at = _point_map(body["at"], variables, parameters, limits)
        substitutions = {**parameters, **at}
        require_values(expr, variables, parameters)
        result["values"] = _values(expr, variables, partials, hessian, substitutions, limits)
    return result


def hessian_matrix(
    partials: Sequence[sp.Expr], variables: Sequence[sp.Symbol], limits: Limits
) -> list[list[sp.Expr]]:
    """∂(partials[i])/∂(variables[j]) for j ≥ i, mirrored below the diagonal."""
    size = len(variables)
    matrix: list[list[sp.Expr]] = [[sp.S.Zero] * size for _ in range(size)]
    for i in range(size):
        for j in range(i, size):
            matrix[i][j] = matrix[j][i] = derivative_step(partials[i], variables[j], limits)
    return matrix


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
        points[symbol] = parse_point_using(value, parameters, field=f"at.{name}", limits=limits)
    for var in variables:
        if var not in points:
            raise InvalidPoint(f"at gives no value for the variable {var.name}.", field="at")
    return points


def _values(
    expr: sp.Expr,
    variables: Sequence[sp.Symbol],
    partials: Sequence[sp.Expr],
    hessian: Sequence[Sequence[sp.Expr]] | None,
    substitutions: Mapping[sp.Symbol, sp.Expr],
    limits: Limits,
) -> dict[str, Any]:
    f_value = real_value(expr, substitutions, limits)
    partial_values = [
        derivative_value(expr, partial, var, substitutions, f_value, limits)
        for var, partial in zip(variables, partials, strict=True)
    ]
    values: dict[str, Any] = {"gradient": [value.value for value in partial_values]}
    if hessian is not None:
        values["hessian"] = _hessian_values(
            variables, partials, hessian, partial_values, substitutions, limits
        )
    return values


def _hessian_values(
    variables: Sequence[sp.Symbol],
    partials: Sequence[sp.Expr],
    hessian: Sequence[Sequence[sp.Expr]],
    partial_values: Sequence[RealValue],
    substitutions: Mapping[sp.Symbol, sp.Expr],
    limits: Limits,
) -> list[list[float | None]]:
    size = len(variables)
    matrix: list[list[float | None]] = [[None] * size for _ in range(size)]
    for i in range(size):
        for j in range(i, size):
            entry = derivative_value(
                partials[i], hessian[i][j], variables[j], substitutions, partial_values[i], limits
            )
            matrix[i][j] = matrix[j][i] = entry.value
    return matrix
