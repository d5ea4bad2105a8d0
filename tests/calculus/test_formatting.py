"""Output forms (SPEC §1.4): text that round-trips, LaTeX, MathML, and numeric values."""

from __future__ import annotations

import math
from xml.dom import minidom

import pytest
import sympy as sp
from hypothesis import given, settings

from service.calculus.errors import TooComplex
from service.calculus.language.functions import cbrt, relu, sigmoid, softplus
from service.calculus.language.parser import parse_expression
from service.calculus.language.printing import (
    MATHML_NAMESPACE,
    numeric_value,
    to_latex,
    to_mathml,
    to_text,
)
from tests.calculus.strategies import (
    ALL_FUNCTIONS,
    constants,
    expression_cases,
    expressions,
)

x, y, theta, lam, w1 = sp.symbols("x y theta lam w1", real=True)

TEXTS = [
    (x**2, "x^2"),
    (-(x**2), "-x^2"),
    ((-x) ** y, "(-x)^y"),
    (x ** sp.Rational(1, 3), "x^(1/3)"),
    (x**-2, "1/x^2"),
    ((x + 1) ** sp.Rational(-1, 4), "1/(x + 1)^(1/4)"),
    (sp.Rational(-5, 2) * x ** sp.Rational(-3, 2), "-5/(2*x^(3/2))"),
    (sp.Rational(2, 3) * x ** sp.Rational(-1, 3), "2/(3*x^(1/3))"),
    (1 / (2 * sp.sqrt(x)), "1/(2*sqrt(x))"),
    (-sp.sqrt(3) / 3, "-sqrt(3)/3"),
    (-sp.pi / 2, "-pi/2"),
    (1 / x, "1/x"),
    (2 ** (-x), "2^(-x)"),
    (sp.sqrt(x), "sqrt(x)"),
    (1 / sp.sqrt(x), "1/sqrt(x)"),
    (sp.exp(x), "exp(x)"),
    (sp.E, "e"),
    (sp.E * x, "e*x"),
    (sp.pi / 2, "pi/2"),
    (sp.Rational(1, 2), "1/2"),
    (sp.Rational(-3, 4), "-3/4"),
    (x / 2, "x/2"),
    (sp.Mul(sp.Rational(1, 2), x, 1 / (x**2 + 1)), "x/(x^2 + 1)/2"),
    (sp.Mul(sp.Rational(-1, 2), x, 1 / (x**2 + 1)), "-x/(x^2 + 1)/2"),
    (sp.Mul(2, x + 1, 1 / y), "2*(x + 1)/y"),
    (2 * x * sp.sin(x) + x**2 * sp.cos(x), "x^2*cos(x) + 2*x*sin(x)"),
    (sp.Abs(x), "abs(x)"),
    (sp.Heaviside(x), "heaviside(x)"),
    (sp.sign(x), "sign(x)"),
    (sigmoid(x), "sigmoid(x)"),
    (softplus(x), "softplus(x)"),
    (relu(x), "relu(x)"),
    (cbrt(x), "cbrt(x)"),
    (sp.log(x), "ln(x)"),
    (sp.log(x) / sp.log(10), "log(x, 10)"),
    (3 * sp.log(x) / (x * sp.log(2)), "3*log(x, 2)/x"),
    (1 / (x * sp.log(10)), "1/(x*ln(10))"),
    (sp.log(x) / sp.log(y), "ln(x)/ln(y)"),
    (sp.asin(x), "asin(x)"),
    (sp.sin(x) ** 2, "sin(x)^2"),
    (sp.I, "sqrt(-1)"),
    (2 * sp.I * x, "2*sqrt(-1)*x"),
    (sp.oo, "oo"),
    (-sp.oo, "-oo"),
    (lam / 2 * w1**2, "lam*w1^2/2"),
    (x ** (y**2), "x^(y^2)"),
    ((x**2) ** y, "abs(x)^(2*y)"),
]


@pytest.mark.parametrize(("expr", "text"), TEXTS)
def test_text_is_the_plain_syntax_with_carets_and_explicit_products(
    expr: sp.Expr, text: str
) -> None:
    assert to_text(expr) == text


@pytest.mark.parametrize(
    ("expr", "text"),
    # ±oo are points, not expressions; the imaginary unit prints, but the grammar reads
    # only real constants (a non-real one is a parse_error)
    [t for t in TEXTS if t[1] not in ("oo", "-oo") and not t[0].has(sp.I)],
)
def test_every_printed_text_parses_back_to_the_same_expression(expr: sp.Expr, text: str) -> None:
    assert parse_expression(to_text(expr)) == expr


def same_values(left: sp.Expr, right: sp.Expr) -> bool:
    """Equal at a few real points, by mpmath-backed evaluation at 30 digits."""
    symbols = sorted(left.free_symbols | right.free_symbols, key=str)
    for point in ([sp.Rational(7, 10), sp.Rational(-13, 10)], [sp.Rational(23, 10), sp.pi / 5]):
        values = dict(zip(symbols, point * len(symbols), strict=False))
        a = sp.N(left.subs(values), 30)
        b = sp.N(right.subs(values), 30)
        if a.is_finite and b.is_finite and abs(a - b) > 10**-20 * (1 + abs(a)):
            return False
    return True


@settings(max_examples=200, deadline=None)
@given(expressions(("x", "y", "theta"), functions=tuple(ALL_FUNCTIONS)))
def test_text_round_trips_for_generated_expressions(expr: sp.Expr) -> None:
    """Exactly, or (when sympy built a non-canonical tree such as exp(-(1/3 + pi/3)), which
    no text can spell) to the canonical form of the same value, which then round-trips."""
    parsed = parse_expression(to_text(expr))
    if parsed != expr:
        assert parse_expression(to_text(parsed)) == parsed
        assert same_values(parsed, expr)


@settings(max_examples=150, deadline=None)
@given(expression_cases(("x", "y")))
def test_text_of_a_parsed_text_round_trips(case: tuple[str, sp.Expr]) -> None:
    parsed = parse_expression(case[0])
    assert parse_expression(to_text(parsed)) == parsed


LATEX = [
    (x**2, "x^{2}"),
    (theta * lam, r"\mathit{lam} \theta"),
    (w1 + sp.Symbol("yhat2", real=True), r"w_{1} + \mathit{yhat}_{2}"),
    (sp.Symbol("lambda", real=True), r"\lambda"),
    (sigmoid(x), r"\operatorname{sigmoid}{\left(x \right)}"),
    (cbrt(x), r"\sqrt[3]{x}"),
    (cbrt(x) ** 2, r"\left(\sqrt[3]{x}\right)^{2}"),
    (x ** sp.Rational(1, 3), r"x^{\frac{1}{3}}"),
    ((x + 1) ** sp.Rational(-1, 4), r"\frac{1}{\left(x + 1\right)^{\frac{1}{4}}}"),
    (sp.sqrt(x), r"\sqrt{x}"),
    (sp.Heaviside(x), r"\operatorname{heaviside}{\left(x \right)}"),
    (sp.log(x), r"\ln{\left(x \right)}"),
    (sp.log(x) / sp.log(10), r"\log_{10}{\left(x \right)}"),
    (-sp.sqrt(3) / 3, r"- \frac{\sqrt{3}}{3}"),
    (1 / (2 * sp.sqrt(x)), r"\frac{1}{2 \sqrt{x}}"),
    (sp.asin(x), r"\arcsin{\left(x \right)}"),
    (sp.exp(x), "e^{x}"),
    (sp.Abs(x), r"\left|{x}\right|"),
    (sp.pi / 2, r"\frac{\pi}{2}"),
    (sp.oo, r"\infty"),
]


@pytest.mark.parametrize(("expr", "tex"), LATEX)
def test_latex_is_ready_for_mathjax(expr: sp.Expr, tex: str) -> None:
    assert to_latex(expr) == tex


@settings(max_examples=150, deadline=None)
@given(expressions(("x", "w1", "theta", "lam"), functions=tuple(ALL_FUNCTIONS)))
def test_latex_parses_back_to_the_same_value_in_the_latex_syntax(expr: sp.Expr) -> None:
    """Not always the same tree: \\frac{x}{2 (x^2 + 1)} reads back with the 2 distributed."""
    assert same_values(parse_expression(to_latex(expr), syntax="latex"), expr)


@pytest.mark.parametrize(
    ("expr", "fragment"),
    [
        (sigmoid(x), "<mi>sigmoid</mi>"),
        (cbrt(x), "<mroot><mi>x</mi><mn>3</mn></mroot>"),
        (sp.Heaviside(x), "<mi>heaviside</mi>"),
        (x**2, "<msup><mi>x</mi><mn>2</mn></msup>"),
        (theta, "<mi>&#952;</mi>"),
        (sp.log(x), "<mi>ln</mi>"),
        (sp.log(x) / sp.log(10), "<msub><mi>log</mi><mn>10</mn></msub>"),
        (sp.E * x, "<mi>&#x2147;</mi><mo>&#x2062;</mo><mi>x</mi>"),
    ],
)
def test_mathml_is_presentation_markup_in_a_math_element(expr: sp.Expr, fragment: str) -> None:
    mathml = to_mathml(expr)
    assert mathml.startswith(f'<math xmlns="{MATHML_NAMESPACE}">')
    assert mathml.endswith("</math>")
    assert fragment in mathml
    assert minidom.parseString(mathml).documentElement.tagName == "math"  # noqa: S318 - ours


@settings(max_examples=100, deadline=None)
@given(constants())
def test_the_value_of_a_constant_is_its_float(expr: sp.Expr) -> None:
    value = numeric_value(expr)
    assert value is not None
    assert math.isclose(value, float(sp.N(expr, 30)), rel_tol=1e-15)


def test_an_expression_with_a_symbol_has_no_value() -> None:
    assert numeric_value(x + 1) is None


@pytest.mark.parametrize("render", [to_text, to_latex, to_mathml])
def test_integers_too_long_to_print_are_too_complex(render: object) -> None:
    huge = sp.Integer(10) ** 5000 + 1
    with pytest.raises(TooComplex) as raised:
        render(huge * x)  # type: ignore[operator]
    assert raised.value.data["limit"] == "max_digits"
