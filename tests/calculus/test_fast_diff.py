"""The symengine fast path equals the sympy path, for every whitelisted function."""

from __future__ import annotations

import sympy as sp
from hypothesis import given, settings

from service.calculus.differentiation.fast_diff import fast_diff
from service.calculus.language.parser import parse_expression
from tests.calculus import strategies

X = sp.Symbol("x", real=True)
OUTSIDE = ("abs", "sign", "heaviside", "relu", "sigmoid", "softplus", "cbrt")


@settings(max_examples=200, deadline=None)
@given(strategies.expressions(functions=tuple(strategies.ALL_FUNCTIONS), max_leaves=8))
def test_the_fast_derivative_equals_sympys_for_every_whitelisted_function(expr: sp.Expr) -> None:
    fast = fast_diff(expr, X)
    outside = any(type(node).__name__.lower() in OUTSIDE for node in sp.preorder_traversal(expr))
    assert (fast is None) == outside, expr
    if fast is not None:
        difference = fast - sp.diff(expr, X)
        assert sp.expand(difference) == 0 or sp.simplify(difference) == 0, expr
        assert fast.free_symbols <= expr.free_symbols  # our real symbols, none of symengine's


def test_every_elementary_function_of_the_whitelist_takes_the_fast_path() -> None:
    names = ["sin", "cos", "tan", "cot", "sec", "csc", "asin", "acos", "atan", "sinh"]
    names += ["cosh", "tanh", "exp", "ln", "sqrt", "log10"]
    for name in names:
        expr = parse_expression(f"{name}(x^2 + pi) * e^x")
        fast = fast_diff(expr, X)
        assert fast is not None, name
        assert sp.expand(fast - sp.diff(expr, X)) == 0, name
