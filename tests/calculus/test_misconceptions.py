"""The misconception catalogue: capped per code, and never the true derivative."""

from __future__ import annotations

import sympy as sp

from service.calculus.differentiation.derivative import classical_diff
from service.calculus.language.parser import parse_expression
from service.calculus.learning.equivalence import Comparison
from service.calculus.learning.misconceptions import CODES, mistakes
from service.calculus.limits import Limits

LIMITS = Limits(deadline_seconds=30.0)
X = sp.Symbol("x", real=True)


def test_mistaken_derivatives_are_capped_per_code() -> None:
    expr = parse_expression(" + ".join(f"x^{n} sin(x)" for n in range(2, 40)))
    chain = (expr, classical_diff(expr, X))
    found = [m.code for m in mistakes(chain, X, float("inf"), LIMITS.max_result_nodes)]
    assert max(found.count(code) for code in CODES) <= 20


def test_every_mistaken_derivative_differs_from_the_true_derivative() -> None:
    expr = parse_expression("x^2 sin(x)/(x + 1) + cos(x^3) + 2^x + 7")
    derivative = classical_diff(expr, X)
    comparison = Comparison(derivative, [X], 0, deadline=float("inf"))
    for mistake in mistakes((expr, derivative), X, float("inf"), LIMITS.max_result_nodes):
        assert comparison.numerically(mistake.derivative).equal is False, mistake
