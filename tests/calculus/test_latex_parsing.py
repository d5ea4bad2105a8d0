"""The LaTeX syntax (SPEC §1.2): what MathQuill, MathLive and people type, and its errors."""

from __future__ import annotations

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from service.calculus.errors import DerivError, ParseError, TooComplex, UnknownFunction
from service.calculus.language.functions import cbrt, relu, sigmoid, softplus
from service.calculus.language.parser import parse_expression
from service.calculus.limits import Limits

x, y, a, b, w1, w12 = sp.symbols("x y a b w1 w12", real=True)
theta, lambda_, alpha, phi, epsilon, Gamma = sp.symbols(
    "theta lambda alpha phi epsilon Gamma", real=True
)


def latex(text: str) -> sp.Expr:
    return parse_expression(text, syntax="latex")


LATEX = [
    (r"\frac{a}{b}", a / b),
    (r"\dfrac{1}{x}", 1 / x),
    (r"\tfrac{x}{2}", x / 2),
    (r"\frac12", sp.Rational(1, 2)),
    (r"\frac{1}{2}x", x / 2),
    (r"\frac{x+1}{x-1}", (x + 1) / (x - 1)),
    (r"\sqrt{x}", sp.sqrt(x)),
    (r"\sqrt x", sp.sqrt(x)),
    (r"\sqrt2x", sp.sqrt(2) * x),
    (r"\sqrt[3]{x}", cbrt(x)),
    (r"\sqrt[2]{x}", sp.sqrt(x)),
    (r"\sqrt[4]{x+1}", (x + 1) ** sp.Rational(1, 4)),
    (r"x^{2}", x**2),
    (r"x^2", x**2),
    (r"x^{-1}", 1 / x),
    (r"x^{10}", x**10),
    (r"e^{-x^2}", sp.exp(-(x**2))),
    (r"e^{x}", sp.exp(x)),
    (r"e^x", sp.exp(x)),
    (r"\exp(x)", sp.exp(x)),
    (r"\exp\left(2x\right)", sp.exp(2 * x)),
    (r"\sin x", sp.sin(x)),
    (r"\sin 2x", sp.sin(2 * x)),
    (r"\sin x^2", sp.sin(x**2)),
    (r"\sin^2 x", sp.sin(x) ** 2),
    (r"\sin^{2}x", sp.sin(x) ** 2),
    (r"\sin^2\left(x\right)", sp.sin(x) ** 2),
    (r"\cos\left(x\right)", sp.cos(x)),
    (r"\sin{x}^2", sp.sin(x) ** 2),
    (r"\log{\left(2 x \right)}^{2}", sp.log(2 * x) ** 2),
    (r"\operatorname{sigmoid}^{2}{\left(x \right)}", sigmoid(x) ** 2),
    (r"\tan x + \cot x + \sec x + \csc x", sp.tan(x) + sp.cot(x) + sp.sec(x) + sp.csc(x)),
    (r"\arcsin x + \arccos x + \arctan x", sp.asin(x) + sp.acos(x) + sp.atan(x)),
    (r"\sinh x \cosh x \tanh x", sp.sinh(x) * sp.cosh(x) * sp.tanh(x)),
    (r"\ln x", sp.log(x)),
    (r"\log x", sp.log(x)),
    (r"\log_2 x", sp.log(x) / sp.log(2)),
    (r"\log_{10}\left(x\right)", sp.log(x) / sp.log(10)),
    (r"2\cdot x", 2 * x),
    (r"2\times x", 2 * x),
    (r"x\div 2", x / 2),
    (r"x \ast y", x * y),
    (r"\left(x+1\right)^{2}", (x + 1) ** 2),
    (r"\left[x+1\right]", x + 1),
    (r"\left| x \right|", sp.Abs(x)),
    (r"\left|x-\left|y\right|\right|", sp.Abs(x - sp.Abs(y))),
    (r"|x|", sp.Abs(x)),
    (r"\lvert x\rvert", sp.Abs(x)),
    (r"\pi", sp.pi),
    (r"2\pi x", 2 * sp.pi * x),
    (r"\theta", theta),
    (r"\lambda x", lambda_ * x),
    (r"\alpha+\varphi+\varepsilon+\Gamma", alpha + phi + epsilon + Gamma),
    (r"2x\sin x", 2 * x * sp.sin(x)),
    (r"\frac{2x(x-3)-(x^2+1)}{(x-3)^2}", (2 * x * (x - 3) - (x**2 + 1)) / (x - 3) ** 2),
    (r"e^{x}(x+1)", sp.exp(x) * (x + 1)),
    (r"x\left(x+1\right)", x * (x + 1)),
    (r"xy", x * y),
    (r"x\left(x+1\right)", x * (x + 1)),
    (r"w_1 + w_{12}", w1 + w12),
    (r"\operatorname{sigmoid}(x)", sigmoid(x)),
    (r"\operatorname{softplus}\left(x\right)", softplus(x)),
    (r"\operatorname{relu}(x)", relu(x)),
    (r"\operatorname{sgn}(x)", sp.sign(x)),
    (r"\mathrm{cbrt}(x)", cbrt(x)),
    (r"\mathrm{lam} x", sp.Symbol("lam", real=True) * x),
    (r"\mathrm{e}^{x}", sp.exp(x)),
    (r"sin(x)", sp.sin(x)),
    (r"{x+1}^2", (x + 1) ** 2),
    (r"\frac{d}{1}", sp.Symbol("d", real=True)),
    (r"x\,y", x * y),
    (r"x\ y\;+\:1\!", x * y + 1),
    (r"x \quad + ~ 1", x + 1),
    (r"0.5x", x / 2),
    (r"x²·3", 3 * x**2),
]


@pytest.mark.parametrize(("text", "expected"), LATEX)
def test_latex_parses_to_the_expression_it_typesets(text: str, expected: sp.Expr) -> None:
    assert latex(text) == expected


def test_latex_symbols_are_real() -> None:
    assert latex(r"\theta").is_real is True


@pytest.mark.parametrize(
    ("text", "name", "suggestion"),
    [
        (r"\foo x", r"\foo", None),
        (r"\int x", r"\int", None),
        (r"\sinn x", r"\sinn", "sin"),
        (r"\input{/etc/passwd}", r"\input", None),
        (r"\def\x{1}", r"\def", None),
        (r"\operatorname{foo}(x)", "foo", None),
        (r"\operatorname{Sin}(x)", "Sin", "sin"),
        (r"foo(x)", "foo", None),
        (r"fg(x)", "fg", None),
    ],
)
def test_an_unknown_command_or_function_is_named(
    text: str, name: str, suggestion: str | None
) -> None:
    with pytest.raises(UnknownFunction) as raised:
        parse_expression(text, syntax="latex", field="answer")
    data = raised.value.data
    assert data["name"] == name
    assert data["field"] == "answer"
    assert data.get("suggestion") == suggestion
    assert data["position"] == text.index(name.lstrip("\\")) - name.startswith("\\")


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ("", 0),
        (r"\frac{1}", 8),
        (r"\frac{1}{", 9),
        (r"\left(x", 7),
        (r"\left(x\right]", 7),
        (r"\left\{x\right\}", 0),
        (r"\left x", 5),
        (r"\infty", 0),
        (r"\sin", 4),
        (r"\sin^-1 x", 5),
        (r"x^23", 3),
        (r"x_", 1),
        (r"\mathrm{}", 7),
        (r"x}", 1),
        (r"x # y", 2),
        (r"\{x\}", 0),
        ("x\\", 1),
        (r"\\", 0),
        ("\\sin\x00", 4),
        ("1/0", 1),
    ],
)
def test_bad_latex_is_a_parse_error_with_position(text: str, position: int) -> None:
    with pytest.raises(ParseError) as raised:
        parse_expression(text, syntax="latex")
    assert raised.value.data["position"] == position
    assert raised.value.data["field"] == "expression"
    assert raised.value.data["excerpt"].endswith("^")


@pytest.mark.parametrize(
    ("text", "limit"),
    [
        (r"\frac" * 70 + "12", "max_depth"),
        (r"\sqrt" * 70 + "{x}", "max_depth"),
        (r"9^{9^{9}}", "max_digits"),
        (r"x^{1000000}", "max_exponent"),
        ("1" * 101, "max_digits"),
    ],
)
def test_latex_shares_the_size_guards(text: str, limit: str) -> None:
    with pytest.raises(TooComplex) as raised:
        parse_expression(text, syntax="latex", limits=Limits(max_length=10_000))
    assert raised.value.data["limit"] == limit


LATEX_PIECES = [
    r"\frac", r"\sqrt", r"\left(", r"\right)", r"\sin", r"\cdot", "{", "}", "[", "]", "^", "_",
    "x", "2", " ", "|", r"\left|", r"\right|", "-", "+", r"\pi", "\\", "é", r"\log", "(", ")",
]  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(LATEX_PIECES), max_size=20).map("".join))
def test_any_latex_either_parses_or_raises_a_core_error(text: str) -> None:
    try:
        result = latex(text)
    except DerivError as error:
        assert error.message
    else:
        assert isinstance(result, sp.Expr)
