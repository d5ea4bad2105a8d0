"""Values of derivatives of any order, exact while the derivative is small enough to show.

The exact value of f^(k) at a point is the tidy derivative evaluated node by node
(``evaluation``): right for every order, but its size grows with the derivative's, and
order 4 of ``tan(tan(sqrt(1 + sin(x)^2)))`` already has thousands of nodes, too many to
tidy, evaluate or read in time. So:

- ``shown_chain`` builds the tidy derivatives f, f', … only while each raw derivative has
  at most ``EXACT_MAX_NODES`` nodes (a deterministic rule: the same request always gets
  the same form, whatever the load);
- ``point_values`` answers orders inside that chain exactly, as before; every higher order
  gets ``exact`` null with reason ``TOO_LARGE_TO_SHOW`` and a ``value`` computed from f's
  own tree by Taylor arithmetic at two precisions (``taylor``), correctly rounded. Where
  that cannot vouch for a value (a root, logarithm, ``abs`` argument or denominator at or
  near 0, disagreeing precisions), the derivative is built raw and evaluated exactly, and
  only its exact form is withheld.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import sympy as sp

from service.calculus.analysis.evaluation import (
    TOO_LARGE,
    RealValue,
    derivative_value,
    real_value,
)
from service.calculus.analysis.taylor import Undecided, taylor_derivatives
from service.calculus.differentiation.derivative import classical_diff, tidy
from service.calculus.limits import Limits, check_order, check_result_size, tree_size

EXACT_MAX_NODES = 25
"""Largest expression or derivative as differentiated (in nodes) whose exact values are shown."""
TOO_LARGE_TO_SHOW = "exact value too large to show"


@dataclass(frozen=True)
class LargeValue:
    """A defined value whose exact form is too large to show: its float only (None beyond
    the float range, with reason ``TOO_LARGE``)."""

    value: float | None
    reason: str = TOO_LARGE_TO_SHOW
    exact: None = None
    defined: bool = True


Value = RealValue | LargeValue


def shown_chain(f: sp.Expr, var: sp.Symbol, order: int, limits: Limits) -> tuple[sp.Expr, ...]:
    """``(f, f', …)`` up to ``order``, tidy, ending before the first one that has more than
    ``EXACT_MAX_NODES`` nodes as differentiated (empty when f itself has)."""
    check_order(order, limits)
    chain: list[sp.Expr] = []
    raw = f
    while tree_size(raw, EXACT_MAX_NODES) <= EXACT_MAX_NODES:
        chain.append(tidy(raw, limits) if chain else f)
        if len(chain) > order:
            break
        raw = classical_diff(chain[-1], var)
    return tuple(chain)


def point_values(
    f: sp.Expr,
    chain: Sequence[sp.Expr],
    var: sp.Symbol,
    orders: Sequence[int],
    substitutions: Mapping[sp.Symbol, sp.Expr],
    limits: Limits,
) -> list[Value]:
    """The values of f^(k) for each k in ``orders`` at one point (``chain`` from
    ``shown_chain``; orders past its end are computed without their exact form)."""
    highest = max(orders, default=0)
    values: list[Value] = []
    previous: RealValue | None = None
    for k in range(min(highest + 1, len(chain))):
        previous = (
            derivative_value(chain[k - 1], chain[k], var, substitutions, previous, limits)
            if previous is not None
            else real_value(chain[0], substitutions, limits)
        )
        values.append(previous)
    if highest >= len(chain):
        values += _beyond_chain(f, chain, var, highest, substitutions, previous, limits)
    return [values[k] for k in orders]


def _beyond_chain(
    f: sp.Expr,
    chain: Sequence[sp.Expr],
    var: sp.Symbol,
    highest: int,
    substitutions: Mapping[sp.Symbol, sp.Expr],
    last: RealValue | None,
    limits: Limits,
) -> list[Value]:
    """Orders ``len(chain)`` … ``highest``: undefined where the last exact one is, else by
    Taylor arithmetic, else exactly from raw derivatives (their exact forms withheld)."""
    if last is not None and not last.defined:
        return [last] * (highest + 1 - len(chain))
    try:
        numbers = taylor_derivatives(f, var, substitutions, highest)
    except Undecided:
        return _exactly_beyond_chain(f, chain, var, highest, substitutions, last, limits)
    return [_large(number) for number in numbers[len(chain) :]]


def _large(number: float) -> LargeValue:
    if number in (float("inf"), float("-inf")):
        return LargeValue(None, TOO_LARGE)
    return LargeValue(number)


def _exactly_beyond_chain(
    f: sp.Expr,
    chain: Sequence[sp.Expr],
    var: sp.Symbol,
    highest: int,
    substitutions: Mapping[sp.Symbol, sp.Expr],
    last: RealValue | None,
    limits: Limits,
) -> list[Value]:
    values: list[Value] = []
    previous, value = (chain[-1], last) if last is not None else (f, None)
    for _ in range(len(chain), highest + 1):
        if value is not None and not value.defined:  # so are all higher orders
            values.append(value)
            continue
        if value is None:
            value = real_value(f, substitutions, limits)
        else:
            derivative = check_result_size(classical_diff(previous, var), limits, "derivative")
            value = derivative_value(previous, derivative, var, substitutions, value, limits)
            previous = derivative
        values.append(_withheld(value))
    return values


def _withheld(value: RealValue) -> Value:
    """``value`` without its exact form (an undefined value shows none anyway)."""
    return LargeValue(value.value, value.reason or TOO_LARGE_TO_SHOW) if value.defined else value
