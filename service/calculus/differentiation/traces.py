"""The trace operation (POST /v1/trace).

Trace k differentiates the tidy (k-1)-th derivative, exactly as /v1/derivative iterates, and
its root shows the tidy k-th derivative: the very expression /v1/derivative answers. Before
that form replaces the rule tree's own result, the two are compared at seeded points, so a
trace never shows a root that its steps do not support.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import sympy as sp

from service.calculus.differentiation.derivative import choose_variable, derivative_step
from service.calculus.differentiation.rendering import TraceRenderer
from service.calculus.differentiation.rules import derivative_steps, iter_rules
from service.calculus.language.parser import parse_expression
from service.calculus.language.printing import expression_object
from service.calculus.limits import Limits, check_order
from service.calculus.numeric import DEFAULT_SEED, PointComparison


class TraceMismatch(RuntimeError):
    """The rule tree's result and the tidy derivative differ: a bug, never shown."""


def trace(body: Mapping[str, Any], limits: Limits) -> dict[str, Any]:
    """``{derivative, traces: [{order, trace}]}`` for orders 1..n (POST /v1/trace).

    The step limit ``max_trace_nodes`` counts the steps of all the traces together, and
    ``max_result_nodes`` bounds each step's result and everything the traces print.
    """
    expr = parse_expression(body["expression"], syntax=body.get("syntax") or "plain", limits=limits)
    var = choose_variable(expr, body.get("variable"))
    order = check_order(1 if body.get("order") is None else body["order"], limits)
    traces = []
    renderer = TraceRenderer(body.get("detail") or "full", limits)
    steps_left = limits.max_trace_nodes
    current = expr
    for k in range(1, order + 1):
        tree = derivative_steps(current, var, max_steps=steps_left)
        steps_left -= len(iter_rules(tree))
        derivative = derivative_step(current, var, limits)
        check_agreement(tree.result, derivative, var)
        traces.append({"order": k, "trace": renderer.render(tree, derivative)})
        current = derivative
    return {"derivative": expression_object(current), "traces": traces}


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
