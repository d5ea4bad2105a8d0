"""What /v1/concavity and /v1/critical-points analyse: f, its variable, parameters, interval.

Every symbol of f but the variable has a value in ``parameters`` (a sign analysis needs
numbers). The derivatives shown keep the parameters as symbols (as /v1/derivative shows
them); every number and point is computed with the values. The analysis runs on the open
interval (a, b), by default the whole real line.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import sympy as sp

from service.calculus.differentiation.derivative import derivative_chain
from service.calculus.limits import Limits

WHOLE_LINE = sp.Interval(-sp.oo, sp.oo)


@dataclass(frozen=True)
class ShapeInput:
    """f, f', … up to the order an analysis needs, with its variable, values and interval.

    ``chain`` holds the tidy derivatives as shown (parameters as symbols); ``numeric``
    the same with the parameter values substituted.
    """

    chain: tuple[sp.Expr, ...]
    numeric: tuple[sp.Expr, ...]
    var: sp.Symbol
    parameters: Mapping[sp.Symbol, sp.Expr]
    interval: sp.Interval


def shape_problem(
    expr: sp.Expr,
    var: sp.Symbol,
    parameters: Mapping[sp.Symbol, sp.Expr],
    interval: sp.Interval,
    order: int,
    limits: Limits,
) -> ShapeInput:
    """Differentiate ``expr`` ``order`` times, keeping both forms of every derivative."""
    chain = derivative_chain(expr, var, order, limits)
    return ShapeInput(
        chain=chain,
        numeric=tuple(g.subs(parameters) for g in chain),
        var=var,
        parameters=parameters,
        interval=interval,
    )
