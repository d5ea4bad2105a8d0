"""Reading warnings (SPEC §1.5): each one fires where the text reads differently from what a
learner may mean, the reading it describes is the parser's, its other reading is the one its
message names, and it stays quiet otherwise."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.calculus.language.parser import parse_expression, read_warnings
from service.calculus.language.readings import ReadingWarning, rewritten
from service.calculus.learning.reading_warnings import read
from service.calculus.limits import DEFAULT_LIMITS
from tests.calculus.strategies import expression_texts

CODES = {
    "implicit_division",
    "exponent_ends_early",
    "scientific_notation",
    "function_name_in_symbol",
    "implicit_product_before_parenthesis",
    "symbol_like_constant",
    "implicit_power_argument",
}


def parse_warnings(text: str, syntax: str = "plain") -> list[ReadingWarning]:
    return read_warnings(text, syntax=syntax, field="expression")


def codes(text: str, syntax: str = "plain") -> list[tuple[str, int]]:
    return [(warning.code, warning.position or 0) for warning in parse_warnings(text, syntax)]


def same(text: str, other: str, syntax: str = "plain") -> bool:
    return parse_expression(text, syntax=syntax) == parse_expression(other)


# (text, syntax, the warning and its position, what the text means, what it does not mean)
WARNED = [
    ("1/2x", "plain", ("implicit_division", 1), "x/2", "1/(2*x)"),
    ("1/2 x", "plain", ("implicit_division", 1), "x/2", "1/(2*x)"),
    ("3/4pi", "plain", ("implicit_division", 1), "3*pi/4", "3/(4*pi)"),
    ("1/2(x+1)", "plain", ("implicit_division", 1), "(x+1)/2", "1/(2*(x+1))"),
    ("1/2sin x", "plain", ("implicit_division", 1), "sin(x)/2", "1/(2*sin(x))"),
    ("y + 1/2^3 x", "plain", ("implicit_division", 5), "y + x/8", "y + 1/(8*x)"),
    ("1/2x", "latex", ("implicit_division", 1), "x/2", "1/(2*x)"),
    ("sinx", "plain", ("function_name_in_symbol", 0), "sinx", "sin(x)"),
    ("cosx", "plain", ("function_name_in_symbol", 0), "cosx", "cos(x)"),
    ("2 + lnx", "plain", ("function_name_in_symbol", 4), "2 + lnx", "2 + ln(x)"),
    ("sqrtx", "plain", ("function_name_in_symbol", 0), "sqrtx", "sqrt(x)"),
    ("xsin", "plain", ("function_name_in_symbol", 0), "xsin", "x*sin(x)"),
    ("xsinx", "plain", ("function_name_in_symbol", 0), "xsinx", "x*sin(x)"),
    ("2xlnx", "plain", ("function_name_in_symbol", 1), "2*xlnx", "2x*ln(x)"),
    ("xe^x", "plain", ("function_name_in_symbol", 0), "xe^x", "x*e^x"),
    ("2pix", "plain", ("function_name_in_symbol", 1), "2*pix", "2*pi*x"),
    ("e^2x", "plain", ("exponent_ends_early", 1), "e^2*x", "e^(2x)"),
    ("2e^-2x", "plain", ("exponent_ends_early", 2), "2e^(-2)*x", "2e^(-2x)"),
    ("2^3x", "plain", ("exponent_ends_early", 1), "8x", "2^(3x)"),
    ("x^1/2", "plain", ("exponent_ends_early", 1), "x/2", "sqrt(x)"),
    ("x^-1/2", "plain", ("exponent_ends_early", 1), "1/(2x)", "x^(-1/2)"),
    ("x^2/3", "plain", ("exponent_ends_early", 1), "x^2/3", "x^(2/3)"),
    ("e^2x", "latex", ("exponent_ends_early", 1), "e^2*x", "e^(2x)"),
    ("2e-3x", "plain", ("scientific_notation", 0), "x/500", "2e^(-3x)"),
    ("1e3", "plain", ("scientific_notation", 0), "1000", "e^3"),
    ("2x(x-3)", "plain", ("implicit_product_before_parenthesis", 1), "2x*(x-3)", "2x"),
    ("e^x(x+1)", "plain", ("implicit_product_before_parenthesis", 2), "e^x*(x+1)", "e^(x^2)"),
    ("pi(x+1)", "plain", ("implicit_product_before_parenthesis", 0), "pi*(x+1)", "pi"),
    ("x(x+1)", "latex", ("implicit_product_before_parenthesis", 0), "x*(x+1)", "x"),
    ("sinhx", "plain", ("function_name_in_symbol", 0), "sinhx", "sinh(x)"),
    ("sin2x", "plain", ("function_name_in_symbol", 0), "sin2x", "sin(2x)"),
    ("E^x", "plain", ("symbol_like_constant", 0), "E^x", "e^x"),
    ("x + I", "plain", ("symbol_like_constant", 4), "x + I", "x + 1"),
    ("e^(i x)", "plain", ("symbol_like_constant", 3), "e^(i*x)", "e^x"),
    ("sin x^2", "plain", ("implicit_power_argument", 0), "sin(x^2)", "sin(x)^2"),
    ("x cos 2x^2", "plain", ("implicit_power_argument", 2), "x*cos(2x^2)", "x*cos(2x)^2"),
    ("\\sin x^2", "latex", ("implicit_power_argument", 0), "sin(x^2)", "sin(x)^2"),
]


@pytest.mark.parametrize(("text", "syntax", "warning", "meant", "not_meant"), WARNED)
def test_each_warning_fires_where_the_reading_may_surprise(
    text: str, syntax: str, warning: tuple[str, int], meant: str, not_meant: str
) -> None:
    assert codes(text, syntax) == [warning]
    assert same(text, meant, syntax)
    assert not same(text, not_meant, syntax)


QUIET = [
    "1/(2x)",
    "x/2",
    "1/2*x",
    "(1/2)x",
    "1/2 + x",
    "1/x",
    "2x/3",
    "sin(x)",
    "sin x",
    "x^2 sin x",
    "sin^2 x",
    "sin(x)^2",
    "sin(x^2)",
    "sin x cos x",
    "e^x",
    "e^(2x)",
    "e^2 x",
    "x^2/2",
    "x^3/2",
    "x^(1/2)",
    "x^2 x",
    "x (x + 1)",
    "(x+1)(x-1)",
    "3(x+1)",
    "0.002x",
    "constant + distance",
    "pi x",
    "theta + lam + yhat",
    "w1 + xy",
    "abs(x) + |x|",
    "log(x, 2)",
    "sigmoid(3x)",
]


@pytest.mark.parametrize("text", QUIET)
def test_ordinary_texts_have_no_warning(text: str) -> None:
    assert codes(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "\\frac{1}{2}x",
        "\\sin^{2} x",
        "\\sin(x)^{2}",
        "e^{x}",
        "e^{2x}",
        "x^{\\frac{1}{2}}",
        "x\\left(x+1\\right)",
    ],
)
def test_ordinary_latex_has_no_warning(text: str) -> None:
    assert codes(text, "latex") == []


def test_warnings_come_in_order_of_position() -> None:
    assert codes("sin x^2 + 1/2x + sinx + sinx + E") == [
        ("implicit_power_argument", 0),
        ("implicit_division", 11),
        ("function_name_in_symbol", 17),
        ("function_name_in_symbol", 24),
        ("symbol_like_constant", 31),
    ]


def test_the_messages_say_what_was_meant() -> None:
    found = {w.code: w.message for w in parse_warnings("sinx + 1/2x")}
    assert "did you mean sin(x)?" in found["function_name_in_symbol"]
    assert "1/2x is x/2" in found["implicit_division"]
    assert "/(2x)" in found["implicit_division"]


PLAIN: dict[str, Any] = {"syntax": "plain", "limits": DEFAULT_LIMITS}


def test_read_gives_the_expression_and_its_warnings() -> None:
    reading = read("sinx + b/2a", **PLAIN)
    assert reading.expression == parse_expression("sinx + b*a/2")
    assert reading.warnings == tuple(parse_warnings("sinx + b/2a"))
    assert [w.code for w in reading.warnings] == ["function_name_in_symbol", "implicit_division"]


@settings(max_examples=150, deadline=None)
@given(expression_texts(("x", "y", "w1")))
def test_warnings_never_raise_on_parseable_text_and_point_inside_it(text: str) -> None:
    reading = read(text, **PLAIN)
    assert reading.expression == parse_expression(text)
    for warning in reading.warnings:
        assert warning.code in CODES
        assert warning.position is not None
        assert 0 <= warning.position < len(text)
        assert warning.message.endswith((".", "?"))


@settings(max_examples=150, deadline=None)
@given(st.from_regex(r"[A-Za-z][A-Za-z0-9]{0,8}", fullmatch=True))
def test_a_symbol_flagged_as_glued_reads_as_its_suggestion(name: str) -> None:
    for warning in read_warnings(name, syntax="plain", field="expression"):
        assert warning.code in ("function_name_in_symbol", "symbol_like_constant")
        if warning.edits:
            parse_expression(rewritten(name, warning.edits))


OTHER_READINGS = [
    ("1/2sqrt(x)", "1/(2sqrt(x))"),
    ("1/2x + 1", "1/(2x) + 1"),
    ("e^2x", "e^(2x)"),
    ("3e^2x^2 + 1", "3e^(2x^2) + 1"),
    ("x^-1/2", "x^(-1/2)"),
    ("2e-3x", "2e^(-3x)"),
    ("xsinx", "x*sin(x)"),
    ("sin x^2", "sin (x)^2"),
    ("\\sin x^2", "\\sin (x)^2"),
]


@pytest.mark.parametrize(("text", "other"), OTHER_READINGS)
def test_a_warning_carries_the_other_reading_as_edits(text: str, other: str) -> None:
    (warning,) = read_warnings(text, syntax="latex" if "\\" in text else "plain", field="f")
    assert rewritten(text, warning.edits) == other
    assert warning.field == "f"
