"""Derivatives: the worked examples, tidy forms, variable choice, limits, and a numeric oracle."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import mpmath
import pytest
import sympy as sp
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from service.calculus.differentiation.derivative import choose_variable, differentiate, tidy
from service.calculus.errors import AmbiguousVariable, ParseError, TooComplex
from service.calculus.language.functions import to_elementary
from service.calculus.language.parser import parse_expression
from service.calculus.language.printing import to_text
from service.calculus.limits import Limits

from .strategies import ALL_FUNCTIONS, expressions

LIMITS = Limits()
WORKED = Path(__file__).resolve().parents[1] / "data" / "worked-examples.json"
X = sp.Symbol("x", real=True)


def worked_derivatives() -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = json.loads(WORKED.read_text())["derivatives"]
    return cases


def derivative_of(text: str, variable: str | None = None, order: int = 1) -> sp.Expr:
    expr = parse_expression(text)
    return differentiate(expr, choose_variable(expr, variable), order, LIMITS)


@pytest.mark.parametrize("case", worked_derivatives(), ids=lambda case: case["id"])
def test_every_worked_example_has_the_expected_derivative(case: dict[str, Any]) -> None:
    result = derivative_of(case["expression"], case["variable"], case["order"])
    expected = parse_expression(case["derivative_equivalent_to"])
    assert sp.simplify(to_elementary(result - expected)) == 0


@pytest.mark.parametrize("case", worked_derivatives(), ids=lambda case: case["id"])
def test_every_worked_example_has_the_expected_value(case: dict[str, Any]) -> None:
    result = derivative_of(case["expression"], case["variable"], case["order"])
    point = {
        sp.Symbol(name, real=True): parse_expression(value) for name, value in case["at"].items()
    }
    assert float(result.subs(point).evalf(30)) == pytest.approx(case["value"], rel=1e-12, abs=1e-15)


@pytest.mark.parametrize(
    ("text", "tidy_text"),
    [
        ("(x^2+1)/(x-3)", "(x^2 - 6*x - 1)/(x - 3)^2"),
        ("sin(x)/x", "(x*cos(x) - sin(x))/x^2"),
        ("3x^4 - 5x^2 + 7x - 2", "12*x^3 - 10*x + 7"),
        ("x^2 sin x", "x^2*cos(x) + 2*x*sin(x)"),
        ("exp(-x^2)", "-2*x*exp(-x^2)"),
        ("ln(x^2+1)", "2*x/(x^2 + 1)"),
        ("7", "0"),
    ],
)
def test_results_are_tidy_as_a_teacher_writes_them(text: str, tidy_text: str) -> None:
    assert to_text(derivative_of(text)) == tidy_text


@pytest.mark.parametrize(
    ("text", "order", "textbook_text"),
    [
        ("tan(x)", 1, "sec(x)^2"),
        ("tan(x)", 2, "2*tan(x)*sec(x)^2"),
        ("3*tan(x^2)", 1, "6*x*sec(x^2)^2"),
        ("cot(x)", 1, "-csc(x)^2"),
        ("x^pi", 1, "pi*x^(pi - 1)"),
        ("a*x^a", 1, "a^2*x^(a - 1)"),
        ("sin(x)/cos(x)", 1, "1/cos(x)^2"),
        ("sqrt(x)", 1, "1/(2*sqrt(x))"),
        ("5/sqrt(x)", 1, "-5/(2*x^(3/2))"),
        ("x^(2/3)", 1, "2/(3*x^(1/3))"),
        ("log10(x)", 1, "1/(x*ln(10))"),
        ("x*log(x, 2)", 1, "(ln(x) + 1)/ln(2)"),
        ("1/x^2", 1, "-2/x^3"),
    ],
)
def test_results_are_in_textbook_form(text: str, order: int, textbook_text: str) -> None:
    assert to_text(derivative_of(text, "x", order)) == textbook_text


def test_no_derivative_of_a_tangent_prints_one_plus_tan_squared() -> None:
    for order in range(1, 5):
        assert "tan(x)^2 + 1" not in to_text(derivative_of("tan(x)", order=order))


def test_tidy_never_makes_an_expression_longer() -> None:
    raw = sp.diff((X**2 + 1) / (X - 3), X)
    assert sp.count_ops(tidy(raw, LIMITS)) <= sp.count_ops(raw)


def test_the_only_free_symbol_is_the_variable() -> None:
    assert choose_variable(parse_expression("theta^2"), None) == sp.Symbol("theta", real=True)


def test_a_constant_expression_is_differentiated_by_x() -> None:
    assert choose_variable(parse_expression("pi + 2"), None) == X


def test_several_free_symbols_need_a_named_variable() -> None:
    with pytest.raises(AmbiguousVariable) as caught:
        choose_variable(parse_expression("w*x + b"), None)
    assert caught.value.data["candidates"] == ["b", "w", "x"]


def test_a_named_variable_that_is_not_an_identifier_is_a_parse_error() -> None:
    with pytest.raises(ParseError) as caught:
        choose_variable(parse_expression("x"), "x+y")
    assert caught.value.data["field"] == "variable"


def test_a_variable_absent_from_the_expression_gives_zero() -> None:
    assert derivative_of("y^2", "x") == 0


def test_an_order_above_the_maximum_is_too_complex() -> None:
    with pytest.raises(TooComplex) as caught:
        derivative_of("x", order=LIMITS.max_order + 1)
    assert caught.value.data["limit"] == "max_order"


def test_a_result_above_the_size_limit_is_too_complex() -> None:
    small = Limits(max_result_nodes=50)
    with pytest.raises(TooComplex) as caught:
        differentiate(parse_expression("exp(sin(x))*tan(x)"), X, 6, small)
    assert caught.value.data["limit"] == "max_result_nodes"


def numeric_derivative(
    expr: sp.Expr,
    point: float,
    order: int,
    direction: int = 0,
    step: mpmath.mpf | None = None,
) -> mpmath.mpf | None:
    """mpmath's finite-difference derivative (one-sided when ``direction`` is ±1)."""
    function = sp.lambdify(X, to_elementary(expr), "mpmath")
    options = {"direction": direction} if step is None else {"direction": direction, "h": step}
    with mpmath.workdps(40):
        try:
            value = mpmath.diff(function, mpmath.mpf(point), order, **options)
        except (ValueError, ZeroDivisionError, TypeError, OverflowError):
            return None
        if not isinstance(value, mpmath.mpf) or not mpmath.isfinite(value):
            return None
        return value


def exact_value(expr: sp.Expr, point: float) -> float | None:
    try:
        value = expr.subs(X, sp.Rational(point)).evalf(30)
    except ValueError:  # sympy cannot evaluate it there (sigmoid(1/x) at 0): not in the domain
        return None
    if not (value.is_Number and value.is_real and value.is_finite):  # atan(zoo): a range
        return None
    return float(value)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    expr=expressions(variables=("x",)),
    point=st.floats(min_value=-3, max_value=3).map(lambda v: round(v, 3)),
    order=st.integers(min_value=1, max_value=2),
)
@example(expr=sp.atan(1 / X), point=0.0, order=1)
def test_derivative_values_agree_with_mpmath_numeric_differentiation(
    expr: sp.Expr, point: float, order: int
) -> None:
    result = differentiate(expr, X, order, LIMITS)
    exact = exact_value(result, point)
    numeric = numeric_derivative(expr, point, order)
    assume(exact is not None and numeric is not None)
    assume(exact_value(expr, point) is not None)  # atan(1/x) at 0: f itself undefined there
    assert exact == pytest.approx(float(numeric), rel=1e-6, abs=1e-6)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(expr=expressions(variables=("x",)))
def test_the_text_of_a_derivative_parses_back_to_the_same_expression(expr: sp.Expr) -> None:
    result = differentiate(expr, X, 1, LIMITS)
    assert parse_expression(to_text(result)) == result


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    expr=expressions(variables=("x",), functions=tuple(ALL_FUNCTIONS)),
    point=st.floats(min_value=-3, max_value=3).map(lambda v: round(v, 3)),
)
def test_derivatives_of_every_whitelisted_function_agree_with_mpmath_where_defined(
    expr: sp.Expr, point: float
) -> None:
    result = differentiate(expr, X, 1, LIMITS)
    exact = exact_value(result, point)
    estimates = [
        numeric_derivative(expr, point, 1, direction=-1),
        numeric_derivative(expr, point, 1, direction=1),
        numeric_derivative(expr, point, 1, step=mpmath.mpf("1e-9")),
    ]
    assume(exact is not None and None not in estimates)
    numbers = [float(value) for value in estimates if value is not None]
    # Differentiable there: both one-sided quotients and a coarser central one agree (at a
    # jump or a kink they do not).
    assume(all(value == pytest.approx(numbers[0], rel=1e-6, abs=1e-6) for value in numbers))
    assert exact == pytest.approx(numbers[0], rel=1e-6, abs=1e-6)
