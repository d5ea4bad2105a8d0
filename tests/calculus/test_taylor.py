"""Taylor arithmetic: derivative values of every order from f's own tree, checked against
mpmath's numeric differentiation and against the exact path wherever it answers."""

from __future__ import annotations

import math
import sys

import mpmath
import pytest
import sympy as sp
from hypothesis import example, given, settings
from hypothesis import strategies as st

from service.calculus.analysis.evaluation import TOO_LARGE, derivative_values
from service.calculus.analysis.taylor import Undecided, taylor_derivatives
from service.calculus.language.functions import to_elementary
from service.calculus.language.parser import parse_expression
from service.calculus.limits import Limits
from tests.calculus import strategies

X = sp.Symbol("x", real=True)
SLOW_LIMITS = Limits(deadline_seconds=60)
POINTS = st.sampled_from(
    [sp.Rational(1, 3), sp.Rational(-7, 5), sp.Rational(5, 2), sp.Integer(1), sp.pi / 5]
)
ORDER = 4


def numeric_derivatives(expr: sp.Expr, point: sp.Expr, order: int) -> list[float]:
    """f^(k)(point) for k <= order by mpmath's differentiation of f's elementary form."""
    f = sp.lambdify(X, to_elementary(expr), "mpmath")
    with mpmath.workdps(50):
        at = mpmath.mpf(str(sp.N(point, 60)))
        return [float(mpmath.diff(f, at, k)) for k in range(order + 1)]


def close(ours: float, expected: float) -> bool:
    return math.isclose(ours, expected, rel_tol=1e-9, abs_tol=1e-9)


@settings(max_examples=150, deadline=None)
@given(strategies.expressions(functions=tuple(strategies.ALL_FUNCTIONS), max_leaves=8), POINTS)
def test_taylor_values_agree_with_mpmath_numeric_differentiation(
    expr: sp.Expr, point: sp.Expr
) -> None:
    try:
        ours = taylor_derivatives(expr, X, {X: point}, ORDER)
    except Undecided:
        return
    try:
        expected = numeric_derivatives(expr, point, ORDER)
    except (ZeroDivisionError, ValueError, TypeError):
        return
    for k, (a, b) in enumerate(zip(ours, expected, strict=True)):
        assert close(a, b), (expr, point, k, a, b)


@settings(max_examples=100, deadline=None)
@given(strategies.expressions(functions=tuple(strategies.ALL_FUNCTIONS), max_leaves=6), POINTS)
@example(sp.sinh(sp.sinh(X)), sp.Integer(8))
def test_where_taylor_answers_the_exact_path_gives_the_same_defined_values(
    expr: sp.Expr, point: sp.Expr
) -> None:
    try:
        ours = taylor_derivatives(expr, X, {X: point}, 2)
    except Undecided:
        return
    exact = derivative_values(expr, X, [0, 1, 2], point, {}, SLOW_LIMITS)
    for k, (number, value) in enumerate(zip(ours, exact, strict=True)):
        assert value.defined, (expr, point, k, value)
        if value.reason == TOO_LARGE:  # sinh(sinh(8)): defined, beyond a float
            assert abs(number) > sys.float_info.max, (expr, point, k, number)
            continue
        assert value.value is not None and close(number, value.value), (expr, point, k)


@pytest.mark.parametrize(
    ("text", "point"),
    [
        ("sqrt(x)", 0),
        ("abs(x)", 0),
        ("relu(x)", 0),
        ("ln(x)", -1),
        ("1/x", 0),
        ("tan(x)", sp.pi / 2),
        ("asin(x)", 1),
        ("cbrt(x)", 0),
        ("x^x", -1),
        ("sin(x)^2 + cos(x)^2 - 1", 1),
    ],
)
def test_a_point_on_a_domain_edge_or_a_blurred_zero_is_left_to_the_exact_path(
    text: str, point: sp.Expr
) -> None:
    expr = parse_expression(text)
    with pytest.raises(Undecided):
        taylor_derivatives(expr, X, {X: sp.sympify(point)}, 3)


def test_a_real_odd_root_of_a_negative_number_has_real_derivatives() -> None:
    expr = parse_expression("x^(2/3)")
    values = taylor_derivatives(expr, X, {X: sp.Integer(-8)}, 2)
    assert values == pytest.approx([4.0, -1 / 3, -1 / 72], rel=1e-12)  # (2/3)(-1/3)/16
