"""The parse operation: the expression as understood, its sorted symbols and the warnings."""

from __future__ import annotations

from service.calculus.language.parser import parse_expression, read_warnings
from service.calculus.limits import DEFAULT_LIMITS
from service.operations.shapes import expression_object, warning_object
from tests.operations.bodies import run


def test_parse_answers_the_expression_its_sorted_symbols_and_warnings() -> None:
    answer = run("parse", {"expression": "sinx + b/2a", "syntax": None})
    found = read_warnings("sinx + b/2a", syntax="plain", field="expression", limits=DEFAULT_LIMITS)
    assert answer == {
        "expression": expression_object(parse_expression("sinx + b*a/2")),
        "symbols": ["a", "b", "sinx"],
        "warnings": [warning_object(warning) for warning in found],
    }
    assert [w["code"] for w in answer["warnings"]] == [
        "function_name_in_symbol",
        "implicit_division",
    ]
    assert answer["warnings"][0] == {
        "code": "function_name_in_symbol",
        "field": "expression",
        "message": found[0].message,
        "position": 0,
    }
