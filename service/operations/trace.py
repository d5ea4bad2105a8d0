"""POST /v1/trace: one rule trace per order, each differentiating the previous tidy derivative."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sympy as sp

from service.calculus.differentiation.derivative import choose_variable
from service.calculus.differentiation.rendering import Step
from service.calculus.differentiation.traces import trace
from service.calculus.limits import Limits

from . import inputs
from .readings import request_warnings
from .shapes import expression_object, written_object


def run(body: Mapping[str, Any], limits: Limits) -> dict[str, Any]:
    """``{derivative, traces: [{order, trace}], warnings}`` for orders 1..n."""
    expr = inputs.expression(body, limits)
    var = choose_variable(expr, body["variable"])
    traces = trace(expr, var, body["order"], body["detail"], limits)
    printer = _StepPrinter()
    return {
        "derivative": expression_object(traces.derivative),
        "traces": [
            {"order": order, "trace": printer.step_object(tree)}
            for order, tree in enumerate(traces.trees, start=1)
        ],
        "warnings": request_warnings(body, expr, limits),
    }


class _StepPrinter:
    """Prints the steps of one response, each distinct expression once."""

    def __init__(self) -> None:
        self.printed: dict[sp.Basic, dict[str, str]] = {}

    def step_object(self, step: Step) -> dict[str, Any]:
        """``{rule, variable, expression, result, formula, explanation, explanation_latex,
        assembled?, substeps}``."""
        node: dict[str, Any] = {
            "rule": step.rule,
            "variable": step.variable.name,
            "expression": self._expression(step.expression),
            "result": self._expression(step.result),
            "formula": step.formula,
            "explanation": step.explanation,
            "explanation_latex": step.explanation_latex,
        }
        if step.assembled is not None:
            node["assembled"] = written_object(step.assembled)
        node["substeps"] = [self.step_object(sub) for sub in step.substeps]
        return node

    def _expression(self, expr: sp.Basic) -> dict[str, str]:
        if expr not in self.printed:
            self.printed[expr] = expression_object(expr)
        return self.printed[expr]
