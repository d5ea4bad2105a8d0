"""The pieces responses share: expression, point, value and warning objects (SPEC §1.4)."""

from __future__ import annotations

from typing import Any

import sympy as sp

from service.calculus.analysis.high_orders import Value
from service.calculus.language.printing import numeric_value, to_latex, to_mathml, to_text
from service.calculus.language.readings import ReadingWarning
from service.calculus.language.written import (
    Written,
    to_latex_written,
    to_mathml_written,
    to_text_written,
)


def expression_object(expr: sp.Basic) -> dict[str, str]:
    """The response form of an expression: ``{"text", "latex", "mathml"}``."""
    return {"text": to_text(expr), "latex": to_latex(expr), "mathml": to_mathml(expr)}


def written_object(written: Written) -> dict[str, str]:
    """``{"text", "latex", "mathml"}`` of a line as written (a trace's ``assembled``)."""
    return {
        "text": to_text_written(written),
        "latex": to_latex_written(written),
        "mathml": to_mathml_written(written),
    }


def point_object(expr: sp.Basic) -> dict[str, Any]:
    """The response form of a point: ``{"text", "latex", "value"}`` (value None for ±oo)."""
    return {"text": to_text(expr), "latex": to_latex(expr), "value": numeric_value(expr)}


def value_object(order: int, value: Value) -> dict[str, Any]:
    """``{order, exact, value, defined, reason?}``: one value of /v1/evaluate."""
    shown = value.exact is not None and value.defined
    result: dict[str, Any] = {
        "order": order,
        "exact": expression_object(value.exact) if shown else None,
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
