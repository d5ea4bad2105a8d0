"""The response pieces (SPEC §1.4): expression objects and point objects."""

from __future__ import annotations

import math
from xml.dom import minidom

import pytest
import sympy as sp
from hypothesis import given, settings

from service.calculus.errors import TooComplex
from service.operations.shapes import expression_object, point_object
from tests.calculus.strategies import ALL_FUNCTIONS, expressions

x = sp.Symbol("x", real=True)


@settings(max_examples=100, deadline=None)
@given(expressions(("x", "w1"), functions=tuple(ALL_FUNCTIONS)))
def test_every_expression_object_has_three_non_empty_strings(expr: sp.Expr) -> None:
    obj = expression_object(expr)
    assert set(obj) == {"text", "latex", "mathml"}
    assert all(isinstance(value, str) and value for value in obj.values())
    minidom.parseString(obj["mathml"])  # noqa: S318 - our own output


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        (sp.pi / 2, {"text": "pi/2", "latex": r"\frac{\pi}{2}", "value": math.pi / 2}),
        (sp.Integer(3), {"text": "3", "latex": "3", "value": 3.0}),
        (sp.Rational(-1, 3), {"text": "-1/3", "latex": r"- \frac{1}{3}", "value": -1 / 3}),
        (-sp.sqrt(2), {"text": "-sqrt(2)", "latex": r"- \sqrt{2}", "value": -math.sqrt(2)}),
        (sp.oo, {"text": "oo", "latex": r"\infty", "value": None}),
        (-sp.oo, {"text": "-oo", "latex": r"-\infty", "value": None}),
        (sp.I, {"text": "sqrt(-1)", "latex": "i", "value": None}),
        (sp.zoo, {"text": "zoo", "latex": r"\tilde{\infty}", "value": None}),
    ],
)
def test_a_point_object_carries_its_float_value_or_null(expr: sp.Expr, expected: dict) -> None:
    assert point_object(expr) == expected


def test_an_expression_object_too_long_to_print_is_too_complex() -> None:
    huge = sp.Integer(10) ** 5000 + 1
    with pytest.raises(TooComplex) as raised:
        expression_object(huge * x)
    assert raised.value.data["limit"] == "max_digits"
