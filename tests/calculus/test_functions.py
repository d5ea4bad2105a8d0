"""The functions sympy lacks: derivatives, exact and numeric values, elementary forms."""

from __future__ import annotations

import mpmath
import pytest
import sympy as sp

from service.calculus.language.functions import cbrt, relu, sigmoid, softplus, to_elementary

X = sp.Symbol("x", real=True)


@pytest.mark.parametrize(
    ("function", "derivative"),
    [
        (sigmoid(X), sigmoid(X) * (1 - sigmoid(X))),
        (softplus(X), sigmoid(X)),
        (relu(X), sp.Heaviside(X)),
        (cbrt(X), 1 / (3 * cbrt(X) ** 2)),
    ],
)
def test_each_function_has_its_textbook_derivative(function: sp.Expr, derivative: sp.Expr) -> None:
    assert sp.diff(function, X) == derivative


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (sigmoid(0), sp.Rational(1, 2)),
        (softplus(0), sp.log(2)),
        (relu(-3), 0),
        (relu(sp.Rational(5, 2)), sp.Rational(5, 2)),
        (cbrt(-8), -2),
        (cbrt(sp.Rational(27, 8)), sp.Rational(3, 2)),
    ],
)
def test_exact_values_are_exact(value: sp.Expr, expected: sp.Expr) -> None:
    assert value == expected


@pytest.mark.parametrize("point", [-30, -2.5, -1, 0.25, 3, 40])
def test_numeric_values_agree_with_mpmath(point: float) -> None:
    exact = sp.Rational(point)
    with mpmath.workdps(30):
        p = mpmath.mpf(point)
        expected = [
            1 / (1 + mpmath.exp(-p)),
            mpmath.log(1 + mpmath.exp(p)),
            max(p, 0),
            mpmath.cbrt(p) if p >= 0 else -mpmath.cbrt(-p),
        ]
    for function, value in zip((sigmoid, softplus, relu, cbrt), expected, strict=True):
        assert float(function(exact).evalf(30)) == pytest.approx(
            float(value), rel=1e-14, abs=1e-300
        )


def test_sigmoid_and_softplus_are_never_zero_for_real_arguments() -> None:
    assert softplus(-25).is_zero is False
    assert sp.sin(softplus(-25)) != 0
    assert sigmoid(X).is_zero is False


def test_elementary_forms_agree_with_the_functions() -> None:
    expr = sigmoid(X) + softplus(X) + relu(X) + cbrt(X)
    for point in (-2, sp.Rational(1, 3), 5):
        assert abs(sp.N(expr.subs(X, point) - to_elementary(expr).subs(X, point), 30)) < 1e-25
