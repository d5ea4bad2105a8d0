"""Readers of the request fields several operations share, into domain values.

A body reaches an operation complete (the schemas fill in every default; ``None`` stands
for an optional field that was omitted). Points follow SPEC §1.3: a JSON number or an
exact string, which may use the values of ``parameters`` (``"a/2"`` when ``a`` is given).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import sympy as sp

from service.calculus.analysis.evaluation import check_parameters, real_value, require_values
from service.calculus.analysis.shape_inputs import WHOLE_LINE, ShapeInput, shape_problem
from service.calculus.differentiation.derivative import choose_variable
from service.calculus.errors import InvalidPoint, TooComplex, UnknownSymbol
from service.calculus.language.parser import parse_expression, parse_point, parse_symbol
from service.calculus.limits import Limits, check_order
from service.calculus.numeric import as_mpf


def expression(body: Mapping[str, Any], limits: Limits) -> sp.Expr:
    """``expression`` read with ``syntax``."""
    return parse_expression(body["expression"], syntax=body["syntax"], limits=limits)


def parse_parameters(
    expr: sp.Expr, raw: Mapping[str, Any] | None, limits: Limits
) -> dict[sp.Symbol, sp.Expr]:
    """The request's ``parameters``: each name a symbol of ``expr``, each value a point."""
    parameters: dict[sp.Symbol, sp.Expr] = {}
    for name, value in (raw or {}).items():
        symbol = parse_symbol(name, field="parameters")
        if symbol not in expr.free_symbols:
            raise UnknownSymbol(
                f"The parameter {name} does not occur in the expression.",
                field="parameters",
                name=name,
            )
        parameters[symbol] = parse_point(value, field=f"parameters.{name}", limits=limits)
    return parameters


def parse_point_using(
    raw: Any,
    parameters: Mapping[sp.Symbol, sp.Expr],
    *,
    field: str,
    limits: Limits,
    allow_infinite: bool = False,
) -> sp.Expr:
    """A point, which may use the parameters' values (``"a/2"`` when ``a`` is given)."""
    if isinstance(raw, str) and parameters:
        expr = parse_expression(raw, field=field, limits=limits)
        if expr.free_symbols and expr.free_symbols <= parameters.keys():
            value = real_value(expr, parameters, limits)
            if not value.defined:
                raise InvalidPoint(
                    f"The point '{field}' is not a real number ({value.reason}).", field=field
                )
            return value.exact
    return parse_point(raw, field=field, limits=limits, allow_infinite=allow_infinite)


def variable_among_unknowns(
    expr: sp.Expr, variable: str | None, parameters: Mapping[sp.Symbol, sp.Expr]
) -> sp.Symbol:
    """The named variable, else the only symbol without a parameter value (SPEC §1.3)."""
    without_value = sorted(expr.free_symbols - parameters.keys(), key=lambda s: s.name)
    return choose_variable(sp.Tuple(*without_value), variable)


def parse_points(
    raw: Any, parameters: Mapping[sp.Symbol, sp.Expr], limits: Limits
) -> list[sp.Expr]:
    """The requested points in order: none, one point, or a list (fields ``at[i]``)."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        return [parse_point_using(raw, parameters, field="at", limits=limits)]
    if len(raw) > limits.max_points:
        raise TooComplex(
            f"At most {limits.max_points} points may be asked for at once.", limit="max_points"
        )
    return [
        parse_point_using(item, parameters, field=f"at[{index}]", limits=limits)
        for index, item in enumerate(raw)
    ]


def parse_orders(orders: Sequence[int], limits: Limits) -> list[int]:
    """The orders of /v1/evaluate, each within the order limit."""
    if len(orders) > limits.max_order + 1:
        raise TooComplex(
            f"At most {limits.max_order + 1} orders may be asked for at once.", limit="max_order"
        )
    for order in orders:
        check_order(order, limits)
    return list(orders)


def parse_interval(
    interval: Sequence[Any] | None, parameters: Mapping[sp.Symbol, sp.Expr], limits: Limits
) -> sp.Interval:
    """``[a, b]`` with a < b (ends may be ±oo, or use parameters) as a sympy Interval.

    The whole real line when ``interval`` is None.
    """
    if interval is None:
        return WHOLE_LINE
    if len(interval) != 2:
        raise InvalidPoint("The interval must be a list of two ends [a, b].", field="interval")
    start, end = (
        parse_point_using(end, parameters, field="interval", limits=limits, allow_infinite=True)
        for end in interval
    )
    if not _below(start, end):
        raise InvalidPoint("The interval must be [a, b] with a < b.", field="interval")
    return sp.Interval(start, end)


def _below(start: sp.Expr, end: sp.Expr) -> bool:
    if start is sp.oo or end is -sp.oo:
        return False
    if start is -sp.oo or end is sp.oo:
        return True
    return bool(as_mpf(start) < as_mpf(end))


def shape_input(body: Mapping[str, Any], order: int, limits: Limits) -> ShapeInput:
    """The f, variable, parameters and interval of /v1/concavity and /v1/critical-points,
    with f differentiated ``order`` times.

    Every symbol but the variable needs a value (a sign analysis needs numbers).
    """
    expr = expression(body, limits)
    parameters = parse_parameters(expr, body["parameters"], limits)
    var = variable_among_unknowns(expr, body["variable"], parameters)
    check_parameters([var], parameters)
    require_values(expr, [var], parameters)
    interval = parse_interval(body["interval"], parameters, limits)
    return shape_problem(expr, var, parameters, interval, order, limits)
