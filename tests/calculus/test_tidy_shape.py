"""tidy skips ``together`` only where it would find no denominator."""

from __future__ import annotations

import pytest
import sympy as sp
from hypothesis import HealthCheck, given, settings

from service.calculus.differentiation.derivative import classical_diff, may_have_denominator
from service.calculus.language.parser import parse_expression

from .strategies import ALL_FUNCTIONS, expressions, symbols

VARIABLES = ("x", "y")


def assert_sound(expr: sp.Expr) -> None:
    if not may_have_denominator(expr):
        assert sp.fraction(sp.together(expr))[1] == 1


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    expr=expressions(VARIABLES, functions=tuple(ALL_FUNCTIONS), max_leaves=12),
    var=symbols(VARIABLES),
)
def test_no_denominator_is_claimed_where_together_finds_one(expr: sp.Expr, var: sp.Symbol) -> None:
    assert_sound(expr)
    assert_sound(classical_diff(expr, var))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3x^4 - 2x^2 + x - 7", False),
        ("x^2 sin(1/x)", False),
        ("sqrt(x^2 + 1)*cos(x)", False),
        ("x/2", True),
        ("1/x + x", True),
        ("exp(-x^2)", True),
        ("exp(-3x)*cos(x)", True),
        ("cos(66x) e^(28x)", False),
        ("x*exp(x^2 + 1)", False),
        ("x^pi", True),
        ("(x + 1/x)^2", True),
    ],
)
def test_the_shapes_that_may_have_a_denominator(text: str, expected: bool) -> None:
    assert may_have_denominator(parse_expression(text)) is expected
