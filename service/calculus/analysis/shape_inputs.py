"""The inputs /v1/concavity and /v1/critical-points share: f, its variable, parameters, interval.

Parameters follow /v1/evaluate (``evaluation.parse_parameters``): each name a symbol of the
expression other than the variable, each value a constant point, and every symbol but the
variable needs a value (a sign analysis needs numbers); otherwise ``unknown_symbol`` with
field ``parameters``. The variable, when omitted, is the only symbol without a value. The
derivatives shown in responses keep the parameters as symbols (as /v1/derivative shows
them); every number and point is computed with the values.

``interval`` is ``[a, b]`` with ``a < b``, ends given as points or ``"-oo"``/``"oo"``; it
defaults to the whole real line. The analysis runs on the open interval (a, b).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sympy as sp

from service.calculus.analysis.evaluation import (
    check_parameters,
    parse_parameters,
    parse_point_using,
    require_values,
    variable_among_unknowns,
)
from service.calculus.analysis.real_zeros import numeric
from service.calculus.differentiation.derivative import derivative_chain
from service.calculus.errors import InvalidPoint
from service.calculus.language.parser import parse_expression
from service.calculus.limits import Limits

WHOLE_LINE = sp.Interval(-sp.oo, sp.oo)


@dataclass(frozen=True)
class ShapeInput:
    """A parsed request and f, f', … up to the order it needs.

    ``chain`` holds the tidy derivatives as shown (parameters as symbols); ``numeric``
    the same with the parameter values substituted.
    """

    chain: tuple[sp.Expr, ...]
    numeric: tuple[sp.Expr, ...]
    var: sp.Symbol
    parameters: Mapping[sp.Symbol, sp.Expr]
    interval: sp.Interval


def shape_input(body: Mapping[str, Any], order: int, limits: Limits) -> ShapeInput:
    """Parse expression, variable, parameters and interval, and differentiate ``order`` times."""
    expr = parse_expression(body["expression"], syntax=body.get("syntax") or "plain", limits=limits)
    parameters = parse_parameters(expr, body.get("parameters"), limits)
    var = variable_among_unknowns(expr, body.get("variable"), parameters)
    check_parameters([var], parameters)
    require_values(expr, [var], parameters)
    interval = parse_interval(body.get("interval"), parameters, limits)
    chain = derivative_chain(expr, var, order, limits)
    return ShapeInput(
        chain=chain,
        numeric=tuple(g.subs(parameters) for g in chain),
        var=var,
        parameters=parameters,
        interval=interval,
    )


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
    return bool(numeric(start) < numeric(end))
