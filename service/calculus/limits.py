"""Size limits and their cheap checks, applied before and after any sympy computation.

The compute deadline itself is enforced by the worker pool (``service/runtime/pool.py``) and
shared out among the stages by ``budget.py``; the checks here are the guards that run first so
that no single sympy call is handed something absurd.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from service.calculus.errors import TooComplex


@dataclass(frozen=True)
class Limits:
    """Every size limit of the core; the HTTP layer builds one from the settings."""

    max_length: int = 2000
    """Characters in one expression or point."""
    max_depth: int = 60
    """Nesting depth of the parsed expression tree."""
    max_nodes: int = 1000
    """Nodes of the parsed expression tree."""
    max_order: int = 50
    """Highest derivative order."""
    max_digits: int = 100
    """Digits of an integer literal, and of any number that a numeric power would produce."""
    max_exponent: int = 1000
    """Largest |exponent| of a power of an expression containing the variable."""
    max_result_nodes: int = 20000
    """Nodes of any computed expression (derivative, trace step, value)."""
    max_trace_nodes: int = 2000
    """Steps in one trace response, all orders together."""
    max_points: int = 100
    """Points in one evaluate/concavity request."""
    deadline_seconds: float = 2.0
    """Wall-clock budget of one computation in the worker process."""


DEFAULT_LIMITS = Limits()


def tree_size(expr: sp.Basic, cap: int) -> int:
    """Count the nodes of ``expr``, stopping early once ``cap`` is exceeded."""
    count = 0
    for _ in sp.preorder_traversal(expr):
        count += 1
        if count > cap:
            break
    return count


def check_result_size(expr: sp.Basic, limits: Limits, what: str = "result") -> sp.Basic:
    """Raise TooComplex when a computed expression has more nodes than allowed."""
    if tree_size(expr, limits.max_result_nodes) > limits.max_result_nodes:
        raise TooComplex(
            f"The {what} has more than {limits.max_result_nodes} terms and factors.",
            limit="max_result_nodes",
        )
    return expr


def check_order(order: int, limits: Limits) -> int:
    """Raise TooComplex when a derivative order exceeds the configured maximum."""
    if order > limits.max_order:
        raise TooComplex(
            f"Order {order} is above the maximum of {limits.max_order}.", limit="max_order"
        )
    return order
