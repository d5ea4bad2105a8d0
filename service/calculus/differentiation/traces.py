"""Traces: the rule trees of successive derivatives, as steps a reader sees.

Trace k differentiates the tidy (k-1)-th derivative, exactly as /v1/derivative iterates, and
its root shows the tidy k-th derivative: the very expression /v1/derivative answers. Before
that form replaces the rule tree's own result, the two are compared at seeded points, so a
trace never shows a root that its steps do not support.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import sympy as sp

from service.calculus.differentiation.derivative import derivative_step
from service.calculus.differentiation.dispatch import derivative_steps, iter_rules
from service.calculus.differentiation.rendering import Step, TraceRenderer
from service.calculus.limits import Limits, check_order
from service.calculus.numeric import DEFAULT_SEED, PointComparison


class TraceMismatch(RuntimeError):
    """The rule tree's result and the tidy derivative differ: a bug, never shown."""


@dataclass(frozen=True)
class Traces:
    """The tidy ``order``-th derivative and one step tree per order 1..n (``trees[k-1]``)."""

    derivative: sp.Expr
    trees: tuple[Step, ...]


def trace(expr: sp.Expr, var: sp.Symbol, order: int, detail: str, limits: Limits) -> Traces:
    """The traces of orders 1..``order`` of ``expr`` with respect to ``var``.

    The step limit ``max_trace_nodes`` counts the steps of all the traces together, and
    ``max_result_nodes`` bounds each step's result and everything the traces show.
    """
    check_order(order, limits)
    trees = []
    renderer = TraceRenderer(detail, limits)
    steps_left = limits.max_trace_nodes
    current = expr
    for _ in range(order):
        tree = derivative_steps(current, var, max_steps=steps_left)
        steps_left -= len(iter_rules(tree))
        derivative = derivative_step(current, var, limits)
        check_agreement(tree.result, derivative, var)
        trees.append(renderer.render(tree, derivative))
        current = derivative
    return Traces(derivative=current, trees=tuple(trees))


def check_agreement(shown: sp.Expr, expected: sp.Expr, var: sp.Symbol) -> None:
    """Raise TraceMismatch when ``shown`` and ``expected`` differ at seeded real points.

    The numeric test of /v1/check (``numeric.PointComparison``): only points where both are
    finite real numbers count; when none turns up, there is nothing to contradict.
    """
    if shown == expected:
        return
    symbols = shown.free_symbols | expected.free_symbols | {var}
    verdict = PointComparison(expected, list(symbols), DEFAULT_SEED, math.inf).numerically(shown)
    if verdict.equal is False:
        raise TraceMismatch(f"The trace gives {shown} but the derivative is {expected}.")
