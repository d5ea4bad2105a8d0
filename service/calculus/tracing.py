"""The trace operation (POST /v1/trace).

Trace k differentiates the tidy (k-1)-th derivative, exactly as /v1/derivative iterates, and
its root shows the tidy k-th derivative: the very expression /v1/derivative answers. Before
that form replaces the rule tree's own result, the two are compared at random points, so a
trace never shows a root that its steps do not support.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from typing import Any

import sympy as sp

from .differentiation import choose_variable, derivative_step
from .formatting import expression_object
from .limits import Limits, check_order
from .parsing import parse_expression
from .step_rendering import TraceRenderer
from .steps import derivative_steps, iter_rules

AGREEMENT_POINTS = 3
"""Random points at which a rule tree's result and the tidy derivative are compared."""
AGREEMENT_TRIES = 8
"""Random points tried to find those where both are defined."""
AGREEMENT_TOLERANCE = 1e-9
"""Relative difference below which two values count as equal."""
_PRECISION = 30


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
    """Raise TraceMismatch unless ``shown`` and ``expected`` agree at random real points.

    Only points where both are finite real numbers count (real semantics: elsewhere the
    function is undefined); when no such point turns up, there is nothing to contradict.
    """
    if shown == expected:
        return
    symbols = sorted(shown.free_symbols | expected.free_symbols | {var}, key=str)
    rng = random.Random(0)  # noqa: S311 - sample points, not secrets
    compared = 0
    for attempt in range(AGREEMENT_TRIES):
        low = -3.0 if attempt % 2 else 0.1
        point = {s: sp.Float(rng.uniform(low, 3.0), _PRECISION) for s in symbols}
        a, b = _real_value(shown, point), _real_value(expected, point)
        if a is None or b is None:
            continue
        if abs(a - b) > AGREEMENT_TOLERANCE * max(1.0, abs(a), abs(b)):
            raise TraceMismatch(f"The trace gives {shown} but the derivative is {expected}.")
        compared += 1
        if compared == AGREEMENT_POINTS:
            return


def _real_value(expr: sp.Expr, point: dict[sp.Symbol, sp.Expr]) -> float | None:
    """The value at ``point`` when it is a finite real number, else None."""
    try:
        value = expr.xreplace(point).evalf(_PRECISION)
        if not value.is_number or value.has(sp.zoo, sp.oo, -sp.oo, sp.nan):
            return None
        number = complex(value)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(number.real) or abs(number.imag) > AGREEMENT_TOLERANCE:
        return None
    return number.real
