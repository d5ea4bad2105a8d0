"""Point values of f and its derivatives: the textbook traps, the worked examples, the
/v1/evaluate operation, and mpmath as an independent oracle on generated expressions."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

import mpmath
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from service.calculus.analysis.evaluation import (
    DIVISION_BY_ZERO,
    INDETERMINATE,
    LOG_OF_ZERO,
    NOT_DIFFERENTIABLE,
    NOT_REAL,
    POLE,
    TOO_LARGE,
    RealValue,
    derivative_values,
    real_value,
)
from service.calculus.errors import TooComplex, UnknownSymbol
from service.calculus.language.functions import sigmoid, softplus, to_elementary
from service.calculus.language.parser import parse_expression
from service.calculus.limits import Limits
from service.operations.shapes import expression_object

from . import strategies

LIMITS = Limits()
SLOW_LIMITS = Limits(deadline_seconds=60)
"""For generated expressions: tidying never gives up half-way (its budget is a SIGALRM)."""
WORKED = Path(__file__).resolve().parents[1] / "data" / "worked-examples.json"
X = sp.Symbol("x", real=True)


def values_of(text: str, at: str, orders: list[int]) -> list[RealValue]:
    return derivative_values(parse_expression(text), X, orders, parse_expression(at), {}, LIMITS)


def value_of(text: str, at: str, order: int = 0) -> RealValue:
    return values_of(text, at, [order])[0]


def same_number(a: sp.Expr, b: sp.Expr) -> bool:
    return bool(abs(sp.N(a - b, 50)) < sp.Float("1e-45"))


def assert_defined(result: RealValue, expected: str) -> None:
    exact = parse_expression(expected)
    assert result.defined
    assert result.reason is None
    assert same_number(result.exact, exact)
    assert result.value == float(sp.N(exact, 40))


# --- the textbook traps, each named -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "at", "order", "reason"),
    [
        ("log(x)", "-1", 0, NOT_REAL),
        ("ln(x)", "0", 0, LOG_OF_ZERO),
        ("sqrt(x)", "-1", 0, NOT_REAL),
        ("x^(1/4)", "-16", 0, NOT_REAL),
        ("1/x", "0", 0, DIVISION_BY_ZERO),
        ("sin(x)/x", "0", 0, DIVISION_BY_ZERO),
        ("sin(x)/x", "0", 1, DIVISION_BY_ZERO),
        ("(x^2-1)/(x-1)", "1", 0, DIVISION_BY_ZERO),
        ("(x^2-1)/(x-1)", "1", 1, DIVISION_BY_ZERO),
        ("tan(x)", "pi/2", 0, POLE),
        ("tan(x)", "pi/2", 1, POLE),
        ("sec(x)", "-pi/2", 0, POLE),
        ("cot(x)", "0", 0, POLE),
        ("csc(x)", "pi", 0, POLE),
        ("asin(x)", "2", 0, NOT_REAL),
        ("acos(x)", "-3/2", 0, NOT_REAL),
        ("x^x", "0", 0, INDETERMINATE),
        ("abs(x)", "0", 1, NOT_DIFFERENTIABLE),
        ("abs(x)", "0", 2, NOT_DIFFERENTIABLE),
        ("relu(x)", "0", 1, NOT_DIFFERENTIABLE),
        ("sign(x)", "0", 1, NOT_DIFFERENTIABLE),
        ("heaviside(x)", "0", 1, NOT_DIFFERENTIABLE),
        ("abs(x - 1) + x^2", "1", 1, NOT_DIFFERENTIABLE),
        ("x*abs(x)", "0", 2, NOT_DIFFERENTIABLE),
        ("relu(x)^2", "0", 2, NOT_DIFFERENTIABLE),
        ("sqrt(x)", "0", 1, DIVISION_BY_ZERO),
        ("cbrt(x)", "0", 1, DIVISION_BY_ZERO),
        ("x^x", "-2", 1, NOT_REAL),
        ("log(2, x)", "1", 0, DIVISION_BY_ZERO),
    ],
)
def test_a_textbook_trap_is_undefined_and_says_why(
    text: str, at: str, order: int, reason: str
) -> None:
    result = value_of(text, at, order)
    assert result == RealValue(result.exact, None, False, reason)


@pytest.mark.parametrize(
    ("text", "at", "order", "expected"),
    [
        ("abs(x)", "0", 0, "0"),
        ("heaviside(x)", "0", 0, "1/2"),
        ("sign(x)", "0", 0, "0"),
        ("x*abs(x)", "0", 1, "0"),
        ("x^2*sign(x)", "0", 1, "0"),
        ("x^2*heaviside(x)", "0", 1, "0"),
        ("relu(x)^2", "0", 1, "0"),
        ("relu(x)", "1", 1, "1"),
        ("abs(x)", "-2", 1, "-1"),
        ("cbrt(x)", "-8", 0, "-2"),
        ("cbrt(x)", "-8", 1, "1/12"),
        ("x^(1/3)", "-8", 0, "-2"),
        ("x^(2/3)", "-8", 0, "4"),
        ("x^(1/3)", "-8", 2, "1/144"),
        ("x^x", "-2", 0, "1/4"),
        ("sqrt(x)", "0", 0, "0"),
        ("acos(x)", "-1", 0, "pi"),
        ("asin(x)", "1", 0, "pi/2"),
        ("tan(x)", "pi/4", 1, "2"),
        ("sin(x)/x", "pi/2", 0, "2/pi"),
        ("x^2*sin(x)", "1", 1, "2*sin(1) + cos(1)"),
        ("log(x, 2)", "8", 0, "3"),
        ("sigmoid(x)", "0", 1, "1/4"),
        ("softplus(x)", "0", 1, "1/2"),
    ],
)
def test_a_value_that_exists_is_exact_and_correctly_rounded(
    text: str, at: str, order: int, expected: str
) -> None:
    assert_defined(value_of(text, at, order), expected)


def test_log_of_minus_one_is_not_the_complex_i_pi() -> None:
    result = value_of("log(x)", "-1")
    assert not result.exact.has(sp.I)
    assert expression_object(result.exact)["text"] == "ln(-1)"


def test_an_undefined_value_shows_the_substitution_unevaluated() -> None:
    assert expression_object(value_of("sin(x)/x", "0").exact)["text"] == "sin(0)/0"


def test_the_seed_product_rule_value_is_exact_in_every_output_form() -> None:
    result = value_of("x^2*sin(x)", "1", 1)
    assert expression_object(result.exact) == expression_object(2 * sp.sin(1) + sp.cos(1))
    assert result.value == 2.2232442754839328


def test_the_l2_penalty_gradient_at_one_half_with_lam_one_hundredth_is_0_005() -> None:
    lam, w = sp.Symbol("lam", real=True), sp.Symbol("w", real=True)
    [result] = derivative_values(
        parse_expression("lam/2*w^2"), w, [1], sp.Rational(1, 2), {lam: sp.Rational(1, 100)}, LIMITS
    )
    assert (result.exact, result.value, result.defined) == (sp.Rational(1, 200), 0.005, True)


def test_a_value_beyond_the_float_range_is_defined_without_a_float() -> None:
    result = value_of("exp(x)", "1000")
    assert result == RealValue(sp.exp(1000), None, True, TOO_LARGE)


def test_an_exact_zero_that_sympy_does_not_see_is_rounded_to_zero() -> None:
    assert value_of("sin(x)^2 + cos(x)^2 - 1", "1").value == 0.0


def test_a_denominator_that_is_zero_only_after_simplification_is_division_by_zero() -> None:
    assert value_of("1/(sin(x)^2 + cos(x)^2 - 1)", "1").reason == DIVISION_BY_ZERO


def test_a_huge_exact_power_is_too_complex() -> None:
    with pytest.raises(TooComplex) as error:
        value_of("x^1000", "3")
    assert error.value.data["limit"] == "max_digits"


def test_real_value_refuses_a_symbol_without_a_value() -> None:
    with pytest.raises(UnknownSymbol) as error:
        real_value(parse_expression("a*x"), {X: sp.Integer(1)})
    assert error.value.data == {"field": "parameters", "name": "a"}


# --- the worked examples --------------------------------------------------------------


def worked_derivatives() -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = json.loads(WORKED.read_text())["derivatives"]
    return cases


@pytest.mark.parametrize("case", worked_derivatives(), ids=lambda case: case["id"])
def test_every_worked_example_has_its_exact_value_and_float(case: dict[str, Any]) -> None:
    var = sp.Symbol(case["variable"], real=True)
    at = {sp.Symbol(name, real=True): parse_expression(v) for name, v in case["at"].items()}
    point = at.pop(var)
    [result] = derivative_values(
        parse_expression(case["expression"]), var, [case["order"]], point, at, LIMITS
    )
    assert result.defined
    assert same_number(result.exact, parse_expression(case["value_exact"]))
    assert result.value == case["value"]


# --- mpmath as the oracle on generated expressions -----------------------------------

SMOOTH_UNARY = [
    sp.sin,
    sp.cos,
    sp.exp,
    sp.atan,
    sp.tanh,
    sigmoid,
    softplus,
    lambda u: 1 / (1 + u**2),
    lambda u: sp.sqrt(1 + u**2),
    lambda u: sp.log(1 + u**2),
]
PARTIAL_UNARY = [sp.log, sp.sqrt, sp.tan, lambda u: 1 / u, sp.asin, sp.Abs]
BINARY = [
    lambda a, b: a + b,
    lambda a, b: a - b,
    lambda a, b: a * b,
    lambda a, b: a * b**2,
]
LEAVES = st.sampled_from([X, X, X, sp.Integer(2), sp.Rational(1, 3), 2 * X, X - 1])


def expressions(unary: list[Any], binary: list[Any]) -> st.SearchStrategy[sp.Expr]:
    """Random expressions of x built from the given operations (constructed, not parsed)."""
    return st.recursive(
        LEAVES,
        lambda inner: st.one_of(
            st.builds(lambda f, a: f(a), st.sampled_from(unary), inner),
            st.builds(lambda f, a, b: f(a, b), st.sampled_from(binary), inner, inner),
        ),
        max_leaves=5,
    ).filter(lambda e: not e.has(sp.zoo, sp.nan, sp.oo, -sp.oo))


POINTS = st.one_of(
    st.sampled_from([sp.Integer(n) for n in (0, 1, -1, 2, -2)]),
    st.builds(
        sp.Rational, st.integers(min_value=-30, max_value=30), st.sampled_from([1, 2, 3, 7, 10])
    ),
)
"""Random rationals, often the points where textbook functions break (0, ±1, ±2)."""


def reference(expr: sp.Expr, point: sp.Rational, order: int) -> float | None:
    """f^(order)(point) by mpmath's numeric differentiation of the lambdified expression;
    None where that is not a finite real number (at the edge of the domain)."""
    f = sp.lambdify(X, to_elementary(expr), "mpmath")
    with mpmath.workdps(40):
        try:
            value = mpmath.mpmathify(mpmath.diff(f, mpmath.mpf(point.p) / point.q, order))
        except (ZeroDivisionError, ValueError):
            return None
        if isinstance(value, mpmath.mpc) or not mpmath.isfinite(value):
            return None
        return float(value) if abs(value) <= sys.float_info.max else math.inf


def agrees(ours: float, expected: float | None) -> bool:
    return expected is not None and math.isclose(ours, expected, rel_tol=1e-9, abs_tol=1e-12)


@settings(max_examples=150, deadline=None)
@given(expressions(SMOOTH_UNARY, BINARY), POINTS)
def test_values_of_smooth_functions_and_two_derivatives_agree_with_mpmath(
    expr: sp.Expr, point: sp.Rational
) -> None:
    for order, result in enumerate(derivative_values(expr, X, [0, 1, 2], point, {}, SLOW_LIMITS)):
        assert result.defined, (expr, point, order, result)
        expected = reference(expr, point, order)
        if result.value is None:
            assert result.reason == TOO_LARGE
            assert expected is None or abs(expected) > sys.float_info.max
        else:
            assert agrees(result.value, expected), (sp.srepr(expr), point, order, result)


@settings(max_examples=150, deadline=None)
@given(expressions(SMOOTH_UNARY + PARTIAL_UNARY, [*BINARY, lambda a, b: a / b]), POINTS)
def test_a_value_is_defined_exactly_where_every_part_is_a_finite_real_number_in_mpmath(
    expr: sp.Expr, point: sp.Rational
) -> None:
    results = derivative_values(expr, X, [0, 1, 2], point, {}, SLOW_LIMITS)
    assert results[0].defined == every_part_is_finite_real(expr, point), (expr, point, results)
    for order, result in enumerate(results):
        expected = reference(expr, point, order)
        if result.value is not None and expected is not None:
            assert agrees(result.value, expected), (expr, point, order, result)


def every_part_is_finite_real(expr: sp.Expr, point: sp.Expr) -> bool:
    """Whether mpmath finds every subexpression of ``expr`` a finite real number at point."""
    with sp.evaluate(False):
        elementary = to_elementary(expr).replace(  # heaviside(0) = 1/2, as sympy's
            lambda e: isinstance(e, sp.Heaviside), lambda e: (1 + sp.sign(e.args[0])) / 2
        )
    with mpmath.workdps(40):
        for part in sp.preorder_traversal(elementary):
            if not isinstance(part, sp.Expr):
                continue
            try:
                value = mpmath.mpmathify(sp.lambdify(X, part, "mpmath")(mpf_of(point)))
            except (ZeroDivisionError, ValueError, TypeError):
                return False
            if isinstance(value, mpmath.mpc) or not mpmath.isfinite(value):
                return False
    return True


def mpf_of(point: sp.Expr) -> Any:
    return mpmath.mpf(str(sp.N(point, 50)))


@settings(max_examples=150, deadline=None)
@given(strategies.expressions(functions=tuple(strategies.ALL_FUNCTIONS), max_leaves=5), POINTS)
def test_a_value_of_any_whitelisted_function_is_defined_where_mpmath_finds_it_real(
    expr: sp.Expr, point: sp.Rational
) -> None:
    [result] = derivative_values(expr, X, [0], point, {}, SLOW_LIMITS)
    assert result.defined == every_part_is_finite_real(expr, point), (expr, point, result)
