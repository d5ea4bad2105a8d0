"""direct_diff builds the very tree sp.diff builds, for every whitelisted function."""

from __future__ import annotations

import pytest
import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.calculus.differentiation import derivative
from service.calculus.differentiation.direct import direct_diff
from service.calculus.language.catalogue import active
from service.calculus.language.parser import parse_expression

from .strategies import ALL_FUNCTIONS, expressions, symbols

VARIABLES = ("x", "y")


def assert_same_tree(expr: sp.Expr, var: sp.Symbol) -> None:
    expected = sp.diff(expr, var)
    found = direct_diff(expr, var)
    assert sp.srepr(found) == sp.srepr(expected)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    expr=expressions(VARIABLES, functions=tuple(ALL_FUNCTIONS), max_leaves=12),
    var=symbols(VARIABLES),
)
def test_direct_diff_is_sp_diff_on_random_whitelisted_expressions(
    expr: sp.Expr, var: sp.Symbol
) -> None:
    assert_same_tree(expr, var)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    expr=expressions(VARIABLES, functions=tuple(ALL_FUNCTIONS), max_leaves=12),
    var=symbols(VARIABLES),
)
def test_direct_diff_is_sp_diff_with_the_real_valued_stand_ins(
    expr: sp.Expr, var: sp.Symbol
) -> None:
    """classical_diff differentiates abs, sign, heaviside, tan, cot through stand-ins."""
    assert_same_tree(derivative._swap(expr, derivative._surrogates(active())), var)


@pytest.mark.parametrize(
    "text",
    [
        "x^x",
        "2^x",
        "1.5^x",
        "x^pi",
        "0.25x^3 - 1.5x",
        "log(x^2 + 1, 2)",
        "sigmoid(3w*x + b)",
        "relu(x - 1)*abs(x - 2)",
        "heaviside(x)*sin(x)",
        "tan(x)^2*cot(x)",
        "exp(sin(x)*cos(2x))*sqrt(1 + x^4)",
        "x^3 ln x",
        "(x^2 + 3)/(x - 7)",
        "softplus(x)*cbrt(x)",
        "asin(x/2)*acos(x/3)*sec(x)*csc(x)",
        "sinh(x)*cosh(x)*tanh(x)*atan(x)",
        "3",
        "y^2",
    ],
)
def test_direct_diff_is_sp_diff_on_course_expressions(text: str) -> None:
    expr = parse_expression(text)
    for var in (sp.Symbol("x", real=True), sp.Symbol("w", real=True)):
        assert_same_tree(expr, var)
        assert_same_tree(derivative._swap(expr, derivative._surrogates(active())), var)
        assert_same_tree(sp.diff(expr, var), var)


@given(st.sampled_from(sorted(ALL_FUNCTIONS)))
def test_every_whitelisted_function_of_a_chain(name: str) -> None:
    x = sp.Symbol("x", real=True)
    expr = ALL_FUNCTIONS[name](x**2 + 3 * x + 5)
    assert_same_tree(expr, x)
    assert_same_tree(derivative._swap(expr, derivative._surrogates(active())), x)
