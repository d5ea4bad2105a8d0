"""POST /v1/parse: the expression as understood, its symbols and the reading warnings."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from service.calculus.learning.reading_warnings import read
from service.calculus.limits import Limits

from .shapes import expression_object, warning_object


def run(body: Mapping[str, Any], limits: Limits) -> dict[str, Any]:
    """``{expression, symbols, warnings: [{code, message, position}]}``."""
    reading = read(body["expression"], syntax=body["syntax"], limits=limits)
    return {
        "expression": expression_object(reading.expression),
        "symbols": sorted(symbol.name for symbol in reading.expression.free_symbols),
        "warnings": [warning_object(warning) for warning in reading.warnings],
    }
