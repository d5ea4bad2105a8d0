"""Gradients and Hessians of functions of several variables.

Every partial derivative is the tidy derivative of /v1/derivative; a Hessian entry
∂²f/∂wi∂wj differentiates the tidy ∂f/∂wi by wj (computed for j ≥ i and mirrored, so the
matrix is symmetric). Parameters stay symbols in the formulas and give values only at ``at``.
Values follow ``evaluation.derivative_value``: a partial is null where f is undefined or
has a kink in that variable, a Hessian entry where its row's partial is null or has a kink.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import sympy as sp

from service.calculus.analysis.evaluation import RealValue, derivative_value, real_value
from service.calculus.differentiation.derivative import derivative_step
from service.calculus.limits import Limits


@dataclass(frozen=True)
class Gradient:
    """The partial derivatives of f by ``variables``, and the Hessian when asked for."""

    variables: tuple[sp.Symbol, ...]
    partials: tuple[sp.Expr, ...]
    hessian: tuple[tuple[sp.Expr, ...], ...] | None


@dataclass(frozen=True)
class GradientValues:
    """The float values of the partials (and Hessian entries) at a point; None where undefined."""

    gradient: tuple[float | None, ...]
    hessian: tuple[tuple[float | None, ...], ...] | None


def gradient(
    expr: sp.Expr, variables: Sequence[sp.Symbol], limits: Limits, *, hessian: bool
) -> Gradient:
    """The partial derivatives of ``expr`` (and its Hessian when ``hessian``)."""
    partials = [derivative_step(expr, var, limits) for var in variables]
    matrix = hessian_matrix(partials, variables, limits) if hessian else None
    return Gradient(
        variables=tuple(variables),
        partials=tuple(partials),
        hessian=None if matrix is None else tuple(tuple(row) for row in matrix),
    )


def gradient_values(
    expr: sp.Expr,
    derivatives: Gradient,
    substitutions: Mapping[sp.Symbol, sp.Expr],
    limits: Limits,
) -> GradientValues:
    """The values of ``derivatives`` of ``expr`` at the point ``substitutions`` gives."""
    variables, partials = derivatives.variables, derivatives.partials
    f_value = real_value(expr, substitutions, limits)
    partial_values = [
        derivative_value(expr, partial, var, substitutions, f_value, limits)
        for var, partial in zip(variables, partials, strict=True)
    ]
    hessian = None
    if derivatives.hessian is not None:
        hessian = _hessian_values(
            variables, partials, derivatives.hessian, partial_values, substitutions, limits
        )
    return GradientValues(gradient=tuple(value.value for value in partial_values), hessian=hessian)


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


def _hessian_values(
    variables: Sequence[sp.Symbol],
    partials: Sequence[sp.Expr],
    hessian: Sequence[Sequence[sp.Expr]],
    partial_values: Sequence[RealValue],
    substitutions: Mapping[sp.Symbol, sp.Expr],
    limits: Limits,
) -> tuple[tuple[float | None, ...], ...]:
    size = len(variables)
    matrix: list[list[float | None]] = [[None] * size for _ in range(size)]
    for i in range(size):
        for j in range(i, size):
            entry = derivative_value(
                partials[i], hessian[i][j], variables[j], substitutions, partial_values[i], limits
            )
            matrix[i][j] = matrix[j][i] = entry.value
    return tuple(tuple(row) for row in matrix)
