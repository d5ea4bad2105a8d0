"""The pieces responses share: expression, point, value and warning objects (SPEC §1.4)."""

from __future__ import annotations

from typing import Any

import sympy as sp

from service.calculus.analysis.evaluation import RealValue
from service.calculus.language.printing import numeric_value, to_latex, to_mathml, to_text
from service.calculus.language.readings import ReadingWarning


def expression_object(expr: sp.Basic) -> dict[str, str]:
    """The response form of an expression: ``{"text", "latex", "mathml"}``."""
    return {"text": to_text(expr), "latex": to_latex(expr), "mathml": to_mathml(expr)}


def point_object(expr: sp.Basic) -> dict[str, Any]:
    """The response form of a point: ``{"text", "latex", "value"}`` (value None for ±oo)."""
    return {"text": to_text(expr), "latex": to_latex(expr), "value": numeric_value(expr)}


def value_object(order: int, value: RealValue) -> dict[str, Any]:
    """``{order, exact, value, defined, reason?}``: one value of /v1/evaluate."""
    result: dict[str, Any] = {
        "order": order,
        "exact": expression_object(value.exact) if value.defined else None,
        "value": value.value,
        "defined": value.defined,
    }
    if value.reason is not None:
        result["reason"] = value.reason
    return result


def warning_object(warning: ReadingWarning) -> dict[str, Any]:
    """``{code, field, message, position?}``: one reading warning (SPEC §1.5)."""
    shown: dict[str, Any] = {
        "code": warning.code,
        "field": warning.field,
        "message": warning.message,
    }
    if warning.position is not None:
        shown["position"] = warning.position
    return shown
