"""Concavity in the core: f'' at a point against mpmath's second difference of f."""

from __future__ import annotations

from typing import Any

import mpmath
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from service.calculus.analysis.concavity import point_report
from service.calculus.differentiation.derivative import derivative_chain
from service.calculus.language.functions import to_elementary
from service.calculus.language.parser import parse_expression
from service.calculus.limits import Limits
from tests.calculus.strategies import sums_of_atoms

LIMITS = Limits(deadline_seconds=120.0)
X = sp.Symbol("x", real=True)
expressions = sums_of_atoms()
points = st.fractions(min_value=-3, max_value=3, max_denominator=50)


@settings(max_examples=150, deadline=None)
@given(expressions, points)
def test_the_sign_at_a_point_agrees_with_a_numeric_second_difference(text: str, at: Any) -> None:
    expr = parse_expression(text)
    point = sp.Rational(at.numerator, at.denominator)
    report = point_report(derivative_chain(expr, X, 2, LIMITS), X, point, LIMITS)
    f = sp.lambdify(X, to_elementary(expr), modules="mpmath")
    with mpmath.workdps(50):
        h = mpmath.mpf("1e-4")
        a = mpmath.mpf(at.numerator) / at.denominator
        difference = (f(a + h) - 2 * f(a) + f(a - h)) / h**2
    assert report.value == pytest.approx(float(difference), rel=1e-6, abs=1e-6)
    if abs(difference) > 1e-6:
        assert report.sign == ("positive" if difference > 0 else "negative")
        assert report.concavity == ("up" if difference > 0 else "down")
