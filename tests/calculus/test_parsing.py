"""The plain syntax (SPEC §1.1): every construct, generated texts, points and names (its
refusals are in test_parse_errors.py)."""

from __future__ import annotations

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from service.calculus.errors import (
    DerivError,
    InvalidPoint,
    ParseError,
    TooComplex,
)
from service.calculus.language.functions import cbrt, relu, sigmoid, softplus
from service.calculus.language.parser import parse_expression, parse_point, parse_symbol
from tests.calculus.strategies import constant_texts, expression_cases

x, y, w1, xy = sp.symbols("x y w1 xy", real=True)
theta, lam, lambda_ = sp.symbols("theta lam lambda", real=True)
E_sym, I_sym, N_sym, S_sym, i_sym = sp.symbols("E I N S i", real=True)


def symbol(name: str) -> sp.Symbol:
    return sp.Symbol(name, real=True)


NUMBERS = [
    ("3", sp.Integer(3)),
    ("0.5", sp.Rational(1, 2)),
    (".5", sp.Rational(1, 2)),
    ("5.", sp.Integer(5)),
    ("1e-3", sp.Rational(1, 1000)),
    ("2E+4", sp.Integer(20000)),
    ("0.125e2", sp.Rational(25, 2)),
    ("007", sp.Integer(7)),
    ("0.000", sp.Integer(0)),
    ("1" + "0" * 99, sp.Integer(10) ** 99),
]

OPERATORS = [
    ("x + y", x + y),
    ("x - y", x - y),
    ("x * y", x * y),
    ("x / y", x / y),
    ("x^2", x**2),
    ("x**2", x**2),
    ("x^2^3", x**8),
    ("2^3^2", sp.Integer(512)),
    ("x^y^2", x ** (y**2)),
    ("-x^2", -(x**2)),
    ("(-x)^2", x**2),
    ("-x^y", -(x**y)),
    ("2^-1", sp.Rational(1, 2)),
    ("x^-2", x**-2),
    ("2^-x^2", 2 ** (-(x**2))),
    ("x^(1/3)", x ** sp.Rational(1, 3)),
    ("x^1.5", x ** sp.Rational(3, 2)),
    ("--x", x),
    ("+x", x),
    ("2*-x", -2 * x),
    ("x - -y", x + y),
    ("[x + 1]^2", (x + 1) ** 2),
    ("[(x + 1)(x - 1)]", (x + 1) * (x - 1)),
    ("abs(x)", sp.Abs(x)),
    ("|x|", sp.Abs(x)),
    ("||x| - 1|", sp.Abs(sp.Abs(x) - 1)),
    ("|x - |y||", sp.Abs(x - sp.Abs(y))),
    ("|x|^2", sp.Abs(x) ** 2),
    ("2|x|", 2 * sp.Abs(x)),
    ("|x| |y|", sp.Abs(x) * sp.Abs(y)),
    ("(|x|)(|y|)", sp.Abs(x) * sp.Abs(y)),
    ("-(x + 1)*(x + y)", sp.Mul(-1, x + 1, x + y)),
    ("2*(x + 1)/y", sp.Mul(2, x + 1, 1 / y)),
]

IMPLICIT = [
    ("2x", 2 * x),
    ("2 x", 2 * x),
    ("3(x+1)", 3 * (x + 1)),
    ("(x+1)(x-1)", (x + 1) * (x - 1)),
    ("x sin(x)", x * sp.sin(x)),
    ("2pi x", 2 * sp.pi * x),
    ("2e", 2 * sp.E),
    ("1/2x", x / 2),
    ("1/2 x", x / 2),
    ("2^3x", 8 * x),
    ("x y", x * y),
    ("x (x + 1)", x * (x + 1)),
    ("e(x + 1)", sp.E * (x + 1)),
    ("pi(x)", sp.pi * x),
    ("x^2 y", x**2 * y),
    ("(x)y", x * y),
    ("2[x]", 2 * x),
    ("2x(x-3)", 2 * x * (x - 3)),
    ("(2x(x-3)-(x^2+1))/(x-3)^2", (2 * x * (x - 3) - (x**2 + 1)) / (x - 3) ** 2),
    ("e^x(x+1)", sp.exp(x) * (x + 1)),
    ("x^x(1 + ln x)", x**x * (1 + sp.log(x))),
    ("y(x+1)", y * (x + 1)),
    ("sin x(x+1)", sp.sin(x) * (x + 1)),
]

FUNCTION_APPLICATION = [
    ("sin x", sp.sin(x)),
    ("sin 2x", sp.sin(2 * x)),
    ("sin 2", sp.sin(2)),
    ("sin 2 x", sp.sin(2 * x)),
    ("sin x^2", sp.sin(x**2)),
    ("x^2 sin x", x**2 * sp.sin(x)),
    ("sin x cos x", sp.sin(x) * sp.cos(x)),
    ("ln x", sp.log(x)),
    ("sin x / 2", sp.sin(x) / 2),
    ("sin x + 1", sp.sin(x) + 1),
    ("sin |x|", sp.sin(sp.Abs(x))),
    ("sin cos x", sp.sin(sp.cos(x))),
    ("sin (x)^2", sp.sin(x) ** 2),
    ("sin(x)^2", sp.sin(x) ** 2),
    ("sin^2(x)", sp.sin(x) ** 2),
    ("sin^2 x", sp.sin(x) ** 2),
    ("sin^2x", sp.sin(x) ** 2),
    ("sin²x", sp.sin(x) ** 2),
    ("cos^(3)(x)", sp.cos(x) ** 3),
    ("sin(x)(x + 1)", sp.sin(x) * (x + 1)),
    ("e^sin x", sp.exp(sp.sin(x))),
    ("sqrt x", sp.sqrt(x)),
]

FUNCTIONS = [
    ("sin(x)", sp.sin(x)),
    ("cos(x)", sp.cos(x)),
    ("tan(x)", sp.tan(x)),
    ("cot(x)", sp.cot(x)),
    ("sec(x)", sp.sec(x)),
    ("csc(x)", sp.csc(x)),
    ("asin(x)", sp.asin(x)),
    ("acos(x)", sp.acos(x)),
    ("atan(x)", sp.atan(x)),
    ("arcsin(x)", sp.asin(x)),
    ("arccos(x)", sp.acos(x)),
    ("arctan(x)", sp.atan(x)),
    ("sinh(x)", sp.sinh(x)),
    ("cosh(x)", sp.cosh(x)),
    ("tanh(x)", sp.tanh(x)),
    ("exp(x)", sp.exp(x)),
    ("ln(x)", sp.log(x)),
    ("log(x)", sp.log(x)),
    ("log(x, 2)", sp.log(x) / sp.log(2)),
    ("log(8, 2)", sp.Integer(3)),
    ("log2(x)", sp.log(x) / sp.log(2)),
    ("log10(x)", sp.log(x) / sp.log(10)),
    ("sqrt(x)", sp.sqrt(x)),
    ("cbrt(x)", cbrt(x)),
    ("cbrt(-8)", sp.Integer(-2)),
    ("abs(x)", sp.Abs(x)),
    ("sign(x)", sp.sign(x)),
    ("heaviside(x)", sp.Heaviside(x)),
    ("sigmoid(x)", sigmoid(x)),
    ("softplus(x)", softplus(x)),
    ("relu(x)", relu(x)),
    ("sin ( x )", sp.sin(x)),
]

NAMES_AND_CONSTANTS = [
    ("xy", xy),
    ("w1", w1),
    ("theta", theta),
    ("lam", lam),
    ("lambda", lambda_),
    ("beta + gamma", symbol("beta") + symbol("gamma")),
    ("X", symbol("X")),
    ("sinx", symbol("sinx")),
    ("a" * 32, symbol("a" * 32)),
    ("pi", sp.pi),
    ("π", sp.pi),
    ("e", sp.E),
    ("e^x", sp.exp(x)),
    ("e^(2x)", sp.exp(2 * x)),
    ("E + I + i + N + S", E_sym + I_sym + i_sym + N_sym + S_sym),
    ("lam/2*w1^2", lam / 2 * w1**2),
]

UNICODE = [
    ("x²", x**2),
    ("x³", x**3),
    ("2·x", 2 * x),
    ("2×x", 2 * x),
    ("x÷2", x / 2),
    ("x−1", x - 1),
    ("√x", sp.sqrt(x)),
    ("√(x+1)", sp.sqrt(x + 1)),
    ("2π", 2 * sp.pi),
    ("x\t+\n1\r", x + 1),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    NUMBERS
    + OPERATORS
    + IMPLICIT
    + FUNCTION_APPLICATION
    + FUNCTIONS
    + NAMES_AND_CONSTANTS
    + UNICODE,
)
def test_plain_text_parses_to_the_expression_a_textbook_means(text: str, expected: sp.Expr) -> None:
    assert parse_expression(text) == expected


def test_absolute_values_stay_within_the_grammar() -> None:
    inner = sp.exp(-(sp.sin(sp.log(x) / sp.log(2)) ** 2))
    assert parse_expression("|exp(-sin^2(log(x, 2)))|") == sp.Abs(inner, evaluate=False)
    assert parse_expression("abs(abs(log(x, 2)))") == sp.Abs(sp.log(x)) / sp.log(2)


def test_symbols_are_real() -> None:
    assert parse_expression("x").is_real is True
    assert parse_expression("x") == sp.Symbol("x", real=True)
    assert parse_expression("x") != sp.Symbol("x")


def test_decimal_literals_are_exact_rationals() -> None:
    value = parse_expression("0.1 + 0.2")
    assert value == sp.Rational(3, 10)
    assert value.is_Rational


def test_names_are_case_sensitive() -> None:
    assert parse_expression("X + x") == symbol("X") + x


@settings(max_examples=200, deadline=None)
@given(expression_cases(("x", "y", "w1")))
def test_generated_plain_texts_parse_to_the_expression_built_alongside(
    case: tuple[str, sp.Expr],
) -> None:
    text, expected = case
    assert parse_expression(text) == expected


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("xy2 .e^*/+-()[]|,sinlog²√π·\x00é")), max_size=30))
def test_any_text_either_parses_or_raises_a_core_error(text: str) -> None:
    try:
        result = parse_expression(text)
    except DerivError as error:
        assert error.message
    else:
        assert isinstance(result, sp.Expr)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=40))
def test_arbitrary_unicode_never_escapes_as_another_exception(text: str) -> None:
    try:
        parse_expression(text)
    except DerivError as error:
        excerpt = error.data.get("excerpt", "")
        assert excerpt.isascii()


# -- points ---------------------------------------------------------------------------------

POINTS = [
    (3, sp.Integer(3)),
    (-2, sp.Integer(-2)),
    (0.5, sp.Rational(1, 2)),
    (0.1, sp.Rational(1, 10)),
    (-1.25, sp.Rational(-5, 4)),
    (1e-5, sp.Rational(1, 100000)),
    ("pi/2", sp.pi / 2),
    ("-sqrt(2)", -sp.sqrt(2)),
    ("1/3", sp.Rational(1, 3)),
    ("e^2", sp.exp(2)),
    ("log(2)", sp.log(2)),
    ("asin(1/2)", sp.pi / 6),
    (" 2 ", sp.Integer(2)),
]


@pytest.mark.parametrize(("value", "expected"), POINTS)
def test_a_point_is_an_exact_real_constant(value: int | float | str, expected: sp.Expr) -> None:
    assert parse_point(value, field="at") == expected


@pytest.mark.parametrize(("text", "expected"), [("oo", sp.oo), ("-oo", -sp.oo), ("+oo", sp.oo)])
def test_infinite_points_are_accepted_only_where_allowed(text: str, expected: sp.Expr) -> None:
    assert parse_point(text, field="interval", allow_infinite=True) == expected
    with pytest.raises(InvalidPoint) as raised:
        parse_point(text, field="at")
    assert raised.value.data["field"] == "at"


@pytest.mark.parametrize(
    "value",
    [
        "x",
        "x + 1",
        "sqrt(-1)",
        "log(-1)",
        "asin(2)",
        "sqrt(-2) + 1",
        float("nan"),
        float("inf"),
        float("-inf"),
        True,
        None,
        [1],
    ],
)
def test_a_point_that_is_not_a_real_constant_is_invalid(value: object) -> None:
    with pytest.raises(InvalidPoint) as raised:
        parse_point(value, field="at")  # type: ignore[arg-type]
    assert raised.value.code == "invalid_point"
    assert raised.value.data == {"field": "at"}


def test_a_point_in_bad_syntax_is_a_parse_error_naming_the_field() -> None:
    with pytest.raises(ParseError) as raised:
        parse_point("pi/", field="at")
    assert raised.value.data["field"] == "at"
    assert raised.value.data["position"] == 3


def test_oversized_numeric_points_are_too_complex() -> None:
    with pytest.raises(TooComplex):
        parse_point(10**200, field="at")
    with pytest.raises(TooComplex):
        parse_point(1e300, field="at")
    with pytest.raises(TooComplex):
        parse_point("9^9^9", field="at")


@settings(max_examples=100, deadline=None)
@given(constant_texts())
def test_generated_constant_texts_parse_as_points(case: tuple[str, sp.Expr]) -> None:
    text, expected = case
    assert parse_point(text, field="at") == expected


@settings(max_examples=200, deadline=None)
@given(
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e20, max_value=1e20).filter(
        lambda v: v == 0 or abs(v) > 1e-30
    )
)
def test_float_points_are_the_exact_decimal_they_print_as(value: float) -> None:
    point = parse_point(value, field="at")
    assert point.is_Rational
    assert float(point) == value


# -- names ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["x", "w1", "theta", "lambda", "E", "I", "yhat", "a" * 32])
def test_a_valid_name_is_a_real_symbol(name: str) -> None:
    assert parse_symbol(name, field="variable") == sp.Symbol(name, real=True)


@pytest.mark.parametrize(
    ("name", "position"),
    [
        ("", 0),
        ("1x", 0),
        ("x y", 1),
        ("x_1", 1),
        ("θ", 0),
        ("x\x00", 1),
        ("a" * 33, 32),
        ("sin", 0),
        ("log10", 0),
        ("pi", 0),
        ("e", 0),
        ("sigmoid", 0),
    ],
)
def test_an_invalid_or_reserved_name_is_a_parse_error(name: str, position: int) -> None:
    with pytest.raises(ParseError) as raised:
        parse_symbol(name, field="variable")
    assert raised.value.data["field"] == "variable"
    assert raised.value.data["position"] == position
    assert "\x00" not in raised.value.data["excerpt"]


@pytest.mark.parametrize(
    ("text", "position"),
    [("relu(asin(2))*x", 5), ("x + sqrt(-1)", 4), ("(-8)^(1/3)*x", 4), ("x*log(-2)", 2)],
)
def test_a_constant_that_is_not_real_is_a_parse_error_at_its_position(
    text: str, position: int
) -> None:
    with pytest.raises(ParseError) as raised:
        parse_expression(text)
    assert raised.value.code == "parse_error"
    assert raised.value.data["position"] == position
