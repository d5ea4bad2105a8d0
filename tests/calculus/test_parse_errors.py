"""The plain syntax's refusals (SPEC §1.1): each error at its position with a short excerpt,
unknown functions, hostile text, and the size and nesting guards."""

from __future__ import annotations

import pytest
import sympy as sp

from service.calculus.errors import ParseError, TooComplex, UnknownFunction
from service.calculus.language.parser import parse_expression
from service.calculus.limits import Limits

x = sp.Symbol("x", real=True)

PARSE_ERRORS = [
    ("", 0),
    ("   ", 3),
    ("x +", 3),
    ("(x", 2),
    ("x)", 1),
    ("(x]", 2),
    ("[x)", 2),
    ("|x", 2),
    ("x|", 2),
    ("||", 2),
    ("sin", 3),
    ("sin + x", 4),
    ("sin()", 4),
    ("sin(x, y)", 0),
    ("log(x, 2, 3)", 0),
    ("sin -x", 4),
    ("sin^-1(x)", 4),
    ("sin^x x", 4),
    ("log(x,)", 6),
    ("x, y", 1),
    ("2 3", 2),
    ("x 2", 2),
    ("(x + 1)2", 7),
    ("1.2.3", 3),
    ("x^", 2),
    ("*x", 0),
    ("x ** ** 2", 5),
    ("x!", 1),
    ("x'", 1),
    ("x = 1", 2),
    ("x_1", 1),
    ("{x}", 0),
    ("x\\y", 1),
    ("a" * 33, 0),
    ("1/0", 1),
    ("x/(x - x)", 1),
    ("0^-1", 1),
    ("log(0)", 0),
    ("tan(pi/2)", 0),
    ("1 + x\x00", 5),
    ("x\u200b", 1),
    ("\ud800", 0),
    ("ｘ", 0),
    ("х", 0),
]


@pytest.mark.parametrize(("text", "position"), PARSE_ERRORS)
def test_invalid_text_is_a_parse_error_at_the_offending_position(text: str, position: int) -> None:
    with pytest.raises(ParseError) as raised:
        parse_expression(text, field="answer")
    error = raised.value
    assert error.code == "parse_error"
    assert error.data["field"] == "answer"
    assert error.data["position"] == position
    assert error.message.endswith(".")
    lines = error.data["excerpt"].split("\n")
    assert len(lines) == 2
    assert lines[1].endswith("^")
    assert lines[1].strip() == "^"


def test_the_caret_points_under_the_offending_character() -> None:
    with pytest.raises(ParseError) as raised:
        parse_expression("x + y $ z")
    assert raised.value.data["excerpt"] == "x + y $ z\n      ^"


def test_an_excerpt_never_echoes_more_than_a_short_escaped_window() -> None:
    text = "x + " * 200 + "\x01" + " + x" * 200
    with pytest.raises(ParseError) as raised:
        parse_expression(text, limits=Limits(max_length=10_000))
    line, caret = raised.value.data["excerpt"].split("\n")
    assert "\\x01" in line
    assert "\x01" not in line
    assert len(line) <= 60
    assert line[len(caret) - 1 : len(caret) + 3] == "\\x01"
    assert line.isascii() and line.isprintable()


@pytest.mark.parametrize(
    ("text", "name", "suggestion"),
    [
        ("foo(x)", "foo", None),
        ("fx(x)", "fx", None),
        ("lam(x + 1)", "lam", None),
        ("sinn(x)", "sinn", "sin"),
        ("Sin(x)", "Sin", "sin"),
        ("LOG(x)", "LOG", "log"),
        ("arcsinh(x)", "arcsinh", "arcsin"),
        ("sgn(x)", "sgn", "sign"),
        ("cosine(x)", "cosine", "cos"),
        ("eval(x)", "eval", None),
        ("x + exec(x)", "exec", None),
        ("2 open(x)", "open", None),
    ],
)
def test_a_name_called_like_a_function_must_be_on_the_whitelist(
    text: str, name: str, suggestion: str | None
) -> None:
    with pytest.raises(UnknownFunction) as raised:
        parse_expression(text, field="expression")
    data = raised.value.data
    assert raised.value.code == "unknown_function"
    assert data["name"] == name
    assert data["field"] == "expression"
    assert data["position"] == text.index(name)
    assert data.get("suggestion") == suggestion
    assert name in raised.value.message


HOSTILE = [
    "__import__('os')",
    "__import__('os').system('ls')",
    "x.__class__",
    "x.__class__.__bases__",
    "lambda: 1",
    "x; import os",
    "`x`",
    "'x'",
    '"x"',
    "$x",
    "@x",
    "x # comment",
    "globals()",
    "open('/etc/passwd')",
    "exec('1')",
    "eval('1')",
    "Symbol('x')",
    "sympify('x')",
    "S('x')",
    "x if 1 else 2",
    "[x for x in (1, 2)]",
    "{'a': 1}",
    "x\\ny",
    "\\x00",
    "x\x1b[31m",
    "&x",
    "x % 2",
    "~x",
    "x < 1",
    "x >> 1",
    "x @ y",
    "x.real",
    "$(rm -rf /)",
    "${jndi:ldap://x}",
    "<script>alert(1)</script>",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_refused_as_bad_syntax(text: str) -> None:
    with pytest.raises((ParseError, UnknownFunction)):
        parse_expression(text)


@pytest.mark.parametrize(
    ("text", "limit"),
    [
        ("1e999999999", "max_digits"),
        ("1e-999999999", "max_digits"),
        ("1" * 101, "max_digits"),
        ("0." + "0" * 100 + "1", "max_digits"),
        ("1e100", "max_digits"),
        ("9^9^9", "max_digits"),
        ("10^10^10", "max_digits"),
        ("2^100000", "max_digits"),
        ("2^2^2^2^2", "max_digits"),
        ("(1/3)^1000", "max_digits"),
        ("sqrt(2)^1000", "max_digits"),
        ("(2x)^1000", "max_digits"),
        ("(2pi)^(10^6)", "max_digits"),
        ("x^(10^6)", "max_exponent"),
        ("x^1001", "max_exponent"),
        ("x^-1001", "max_exponent"),
        ("(x^100)^100", "max_exponent"),
        ("(x + 1)^(10^9)", "max_exponent"),
        ("x" + "+x" * 600, "max_nodes"),
        ("(" * 61 + "x" + ")" * 61, "max_depth"),
        ("-" * 1001 + "x", "max_nodes"),
        ("sin " * 61 + "x", "max_depth"),
        ("x^" * 61 + "x", "max_depth"),
        ("|" * 61 + "x" + "|" * 61, "max_depth"),
        ("x" * 2001, "max_length"),
    ],
)
def test_oversized_input_is_refused_before_it_is_computed(text: str, limit: str) -> None:
    with pytest.raises(TooComplex) as raised:
        parse_expression(text)
    assert raised.value.data["limit"] == limit
    assert raised.value.code == "too_complex"


@pytest.mark.parametrize(
    "text",
    ["(" * 20_000 + "x" + ")" * 20_000, "-" * 20_000 + "x", "x^" * 20_000 + "x", "|" * 40_000],
)
def test_very_deep_nesting_fails_fast_without_recursion_error(text: str) -> None:
    with pytest.raises(TooComplex):
        parse_expression(text, limits=Limits(max_length=100_000))


def test_numbers_and_exponents_up_to_the_limits_are_accepted() -> None:
    assert parse_expression("9" * 100) == sp.Integer(10**100 - 1)
    assert parse_expression("10^99") == sp.Integer(10) ** 99
    assert parse_expression("x^1000") == x**1000
    assert parse_expression("1^(10^9)") == 1
    assert parse_expression("e^(10^6)") == sp.exp(10**6)
    big = "9" * 100
    assert parse_expression(f"1/{big}") == sp.Rational(1, 10**100 - 1)
    assert parse_expression(f"2^(1/{big})") == 2 ** sp.Rational(1, 10**100 - 1)


def test_limits_are_configurable() -> None:
    tight = Limits(max_length=5)
    with pytest.raises(TooComplex):
        parse_expression("x + y + z", limits=tight)
    assert parse_expression("x^2000", limits=Limits(max_exponent=5000)) == x**2000


def test_an_unknown_syntax_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="syntax"):
        parse_expression("x", syntax="mathml")
