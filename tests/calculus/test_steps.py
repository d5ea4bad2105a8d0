"""The rule tree: every step's result is the derivative of its expression (rules.py)."""

from __future__ import annotations

import cmath
import random
from typing import Any

import pytest
import sympy as sp
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from service.calculus.differentiation import dispatch, rules
from service.calculus.differentiation.derivative import derivative_step
from service.calculus.differentiation.vocabulary import VOCABULARY
from service.calculus.errors import TooComplex
from service.calculus.language.functions import cbrt, relu, sigmoid, softplus
from service.calculus.limits import Limits

x = sp.Symbol("x", real=True)
a = sp.Symbol("a", real=True)
u = sp.Symbol("u", real=True)
VOCABULARY_NAMES = {entry.rule for entry in VOCABULARY}

UNARY = (
    sp.sin, sp.cos, sp.tan, sp.cot, sp.sec, sp.csc, sp.asin, sp.acos, sp.atan,
    sp.sinh, sp.cosh, sp.tanh, sp.exp, sp.log, sp.sqrt, cbrt, sp.Abs, sp.sign,
    sp.Heaviside, sigmoid, softplus, relu,
    lambda e: sp.log(e, 2), lambda e: sp.log(e, 10),
)  # fmt: skip
"""Every function of the grammar, built the way the parser builds it."""


EXPONENTS = (2, 3, -1, -2, sp.Rational(1, 2), sp.Rational(3, 2))


def _expressions() -> st.SearchStrategy[sp.Expr]:
    leaves = st.sampled_from([x, x, x, a, sp.Integer(2), sp.Integer(-3), sp.Rational(1, 2), sp.pi])

    def extend(children: st.SearchStrategy[sp.Expr]) -> st.SearchStrategy[sp.Expr]:
        return st.one_of(
            st.builds(_apply, st.sampled_from(UNARY), children),
            st.builds(sp.Add, children, children),
            st.builds(lambda p, q: p - q, children, children),
            st.builds(sp.Mul, children, children),
            st.builds(lambda p, q: p / q, children, children),
            st.builds(lambda p, n: p**n, children, st.sampled_from(EXPONENTS)),
            st.builds(lambda p, q: p**q, children, children),
            st.builds(lambda c, e: c**e, st.sampled_from([sp.Integer(2), sp.E, a]), children),
        )  # fmt: skip

    return st.recursive(leaves, extend, max_leaves=8).filter(_small_numbers)


def _apply(function: Any, arg: sp.Expr) -> sp.Expr:
    """``function(arg)``, or nan (filtered out later) where sympy refuses a complex argument."""
    try:
        result: sp.Expr = function(arg)
    except ValueError:
        return sp.nan
    return result


def _small_numbers(expr: sp.Expr) -> bool:
    """Nested powers like ((x^3)^3)^3 multiply out to huge numbers the grammar refuses."""
    return all(abs(r.p) < 10**4 and r.q < 10**4 for r in expr.atoms(sp.Rational))


EXPRESSIONS = _expressions()


def assert_same_derivative(step: rules.Rule, expected: sp.Expr) -> None:
    """Equal outright, or equal values at real points where the function is real.

    Fails when no point could be compared: a caller whose function has no derivative at any
    sample point (``has_a_derivative_somewhere``) has nothing to check.
    """
    if step.result == expected:
        return
    pairs = value_pairs(step, expected)
    assert pairs, f"no point to compare {step.result} with {expected}"
    for left, right, point in pairs:
        scale = max(1.0, abs(left), abs(right))
        assert abs(left - right) <= 1e-8 * scale, (step.result, expected, point)


def value_pairs(
    step: rules.Rule, expected: sp.Expr
) -> list[tuple[complex, complex, dict[sp.Symbol, sp.Expr]]]:
    """The step's result and ``expected`` at each sample point where both have a value.

    Only points where every part of the function is real count (real semantics: elsewhere the
    function is undefined) and where both sides have a value (``0^x`` gives nan). Where sympy
    has no closed form (an unevaluated Derivative of re/im parts), the derivative is taken
    numerically.
    """
    if expected.has(sp.Derivative, sp.Subs):
        expected = expected.doit()
    pairs = []
    for point in sample_points(step):
        left, right = _values(step.result, point), _expected_value(expected, point)
        if left is not None and right is not None:
            pairs.append((left, right, point))
    return pairs


def has_a_derivative_somewhere(expr: sp.Expr, variable: sp.Symbol) -> bool:
    """Whether ``expr`` and its derivative have a value at some sample point."""
    tree = dispatch.derivative_steps(expr, variable)
    return tree.result == sp.diff(expr, variable) or bool(
        value_pairs(tree, sp.diff(expr, variable))
    )


def sample_points(step: rules.Rule) -> list[dict[sp.Symbol, sp.Expr]]:
    """Random points, from both sides of 0, the positive axis and (-1, 1), where every part
    of the step's function is real."""
    symbols = step.expression.free_symbols | step.result.free_symbols | {step.variable}
    rng = random.Random(1)
    ranges = ((0.1, 6.0), (-3.0, 3.0), (-1.0, 1.0))
    points = [
        {s: sp.Float(rng.uniform(*ranges[k % len(ranges)]), 30) for s in symbols} for k in range(24)
    ]
    return [point for point in points if _real_throughout(step.expression, point)]


def _expected_value(expected: sp.Expr, point: dict[sp.Symbol, sp.Expr]) -> complex | None:
    """The value of ``expected`` at ``point``, its unevaluated derivatives taken numerically."""
    numeric = {d: _central_difference(d, point) for d in expected.atoms(sp.Derivative)}
    if None in numeric.values():
        return None
    return _values(expected.xreplace(numeric), point)


def _central_difference(
    derivative: sp.Derivative, point: dict[sp.Symbol, sp.Expr]
) -> sp.Expr | None:
    """A first derivative at ``point`` as a central difference (30 digits, step 1e-10)."""
    if len(derivative.variables) != 1 or derivative.variables[0] not in point:
        return None
    (variable,) = derivative.variables
    step = sp.Float("1e-10", 30)
    after, before = (
        derivative.expr.xreplace({**point, variable: point[variable] + shift}).evalf(30)
        for shift in (step, -step)
    )
    if not (after.is_real and before.is_real and after.is_finite and before.is_finite):
        return None
    return (after - before) / (2 * step)


def _values(expr: sp.Expr, point: dict[sp.Symbol, sp.Expr]) -> complex | None:
    """The value at ``point``, or None where there is none."""
    try:
        value = expr.xreplace(point).evalf(30)
        if not value.is_number or not _is_defined(value):
            return None
        number = complex(value)
    except (TypeError, ValueError):
        return None
    return number if cmath.isfinite(number) else None


def assert_every_step_is_a_derivative(rule: rules.Rule) -> None:
    for step in dispatch.iter_rules(rule):
        assert step.name in VOCABULARY_NAMES
        assert_same_derivative(step, sp.diff(step.expression, step.variable))


def _real_throughout(expr: sp.Expr, point: dict[sp.Symbol, sp.Expr]) -> bool:
    """Whether every part of ``expr`` is a finite real number at ``point`` (real semantics)."""
    parts = {part for part in sp.preorder_traversal(expr) if not part.is_Atom}
    values = [_values(part, point) for part in parts]
    return all(value is not None and value.imag == 0 for value in values)


def _is_defined(expr: sp.Expr) -> bool:
    return not expr.has(sp.nan, sp.zoo, sp.oo, -sp.oo) and expr.is_finite is not False


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(EXPRESSIONS)
def test_every_step_result_is_the_derivative_of_its_expression(expr: sp.Expr) -> None:
    assume(_is_defined(expr) and has_a_derivative_somewhere(expr, x))
    assert_every_step_is_a_derivative(dispatch.derivative_steps(expr, x))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(EXPRESSIONS)
def test_steps_with_respect_to_a_parameter_are_partial_derivatives(expr: sp.Expr) -> None:
    assume(_is_defined(expr) and has_a_derivative_somewhere(expr, a))
    assert_every_step_is_a_derivative(dispatch.derivative_steps(expr, a))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(EXPRESSIONS)
def test_the_derivative_of_a_derivative_has_a_rule_tree_too(expr: sp.Expr) -> None:
    assume(_is_defined(expr))
    first = derivative_step(expr, x, Limits(deadline_seconds=60))
    assume(_is_defined(first) and has_a_derivative_somewhere(first, x))
    assert_every_step_is_a_derivative(dispatch.derivative_steps(first, x))


ROOT_RULES = [
    (x**2 * sp.sin(x), "product"),
    ((x**2 + 1) / (x - 3), "quotient"),
    (sp.sin(x) / x, "quotient"),
    (sp.exp(-(x**2)), "chain"),
    (x**x, "general_power"),
    (sp.sin(x) ** sp.cos(x), "general_power"),
    (3 * x**4 - 5 * x**2 + 7 * x - 2, "sum"),
    (sp.Integer(7), "constant"),
    (sp.pi, "constant"),
    (sp.sin(2), "constant"),
    (x, "identity"),
    (a, "parameter"),
    (a / 2 * x**2, "constant_multiple"),
    (-sp.sin(x), "constant_multiple"),
    (x**7, "power"),
    (1 / x, "power"),
    (x ** sp.Rational(-1, 2), "power"),
    (x**a, "power"),
    (sp.sqrt(x), "sqrt"),
    (sp.sqrt(x**2 + 1), "chain"),
    ((x**2 + 1) ** 3, "chain"),
    (sp.sin(x) ** 2, "chain"),
    (sp.exp(x), "exponential"),
    (2**x, "exponential"),
    (a**x, "exponential"),
    (sp.log(x), "logarithm"),
    (sp.log(x, 2), "logarithm"),
    (sp.log(x, 10), "logarithm"),
    (sp.log(x**2 + 1), "chain"),
    (sp.sin(x), "sin"),
    (sp.cos(x), "cos"),
    (sp.tan(x), "tan"),
    (sp.cot(x), "cot"),
    (sp.sec(x), "sec"),
    (sp.csc(x), "csc"),
    (sp.asin(x), "asin"),
    (sp.acos(x), "acos"),
    (sp.atan(x), "atan"),
    (sp.sinh(x), "sinh"),
    (sp.cosh(x), "cosh"),
    (sp.tanh(x), "tanh"),
    (cbrt(x), "cbrt"),
    (sp.Abs(x), "abs"),
    (sp.Abs(x**2 - 1), "chain"),
    (sp.sign(x), "sign"),
    (sp.Heaviside(x), "heaviside"),
    (sigmoid(x), "sigmoid"),
    (softplus(x), "softplus"),
    (relu(x), "relu"),
    (relu(3 * x - 1), "chain"),
    (x * sp.exp(x) * sp.sin(x), "product"),
    (sp.coth(x), "rewrite"),
]


@pytest.mark.parametrize(("expr", "rule"), ROOT_RULES, ids=[str(e) for e, _ in ROOT_RULES])
def test_each_construct_gets_its_textbook_root_rule(expr: sp.Expr, rule: str) -> None:
    tree = dispatch.derivative_steps(expr, x)
    assert tree.name == rule
    assert_every_step_is_a_derivative(tree)


def test_the_product_rule_takes_any_number_of_factors() -> None:
    tree = dispatch.derivative_steps(x * sp.exp(x) * sp.sin(x), x)
    assert [factor.name for factor in tree.substeps] == ["identity", "exponential", "sin"]


def test_a_chain_names_its_outer_function_of_u_and_its_inner_expression() -> None:
    tree = dispatch.derivative_steps(sp.sin(x**2), x)
    assert isinstance(tree, rules.ChainRule)
    assert tree.outer.expression == sp.sin(u)
    assert tree.outer.variable == u
    assert tree.outer.result == sp.cos(u)
    assert tree.inner.expression == x**2
    assert tree.result == 2 * x * sp.cos(x**2)


def test_the_chain_placeholder_avoids_symbols_of_the_expression() -> None:
    tree = dispatch.derivative_steps(u * sp.sin(x**2), x)
    chain = tree.substeps[0]
    assert isinstance(chain, rules.ChainRule)
    assert chain.placeholder.name == "u1"


def test_the_quotient_rule_keeps_the_minus_sign() -> None:
    tree = dispatch.derivative_steps(sp.sin(x) / x, x)
    assert tree.result == (x * sp.cos(x) - sp.sin(x)) / x**2


def test_a_log_with_a_base_names_the_base() -> None:
    tree = dispatch.derivative_steps(3 * sp.log(x, 2), x)
    assert isinstance(tree, rules.ConstantMultipleRule)
    assert tree.constant == 3
    assert isinstance(tree.inner, rules.LogarithmRule)
    assert tree.inner.base == 2


def test_a_constant_base_to_a_power_of_x_is_an_exponential_chain() -> None:
    tree = dispatch.derivative_steps(2 ** (x**2), x)
    assert isinstance(tree, rules.ChainRule)
    assert isinstance(tree.outer, rules.ExponentialRule)
    assert tree.outer.base == 2


def test_general_power_differentiates_the_product_of_exponent_and_log_of_base() -> None:
    tree = dispatch.derivative_steps(sp.sin(x) ** (2 * x), x)
    assert isinstance(tree, rules.GeneralPowerRule)
    (product,) = tree.substeps
    assert isinstance(product, rules.ProductRule)
    assert product.expression == 2 * x * sp.log(sp.sin(x))
    assert [factor.expression for factor in product.factors] == [2 * x, sp.log(sp.sin(x))]
    assert product.roles == ("g", "ln f")
    assert sp.simplify(tree.result - sp.diff(sp.sin(x) ** (2 * x), x)) == 0


def test_higher_derivatives_of_sine_cycle_back_to_sine() -> None:
    current: sp.Expr = sp.sin(x)
    names = []
    for _ in range(4):
        tree = dispatch.derivative_steps(current, x)
        names.append(tree.name)
        current = tree.result
    assert current == sp.sin(x)
    assert names == ["sin", "cos", "constant_multiple", "constant_multiple"]


def test_the_step_limit_is_answered_with_too_complex() -> None:
    expr = sp.Add(*(sp.sin(k * x) for k in range(1, 30)))
    with pytest.raises(TooComplex) as caught:
        dispatch.derivative_steps(expr, x, max_steps=50)
    assert caught.value.data == {"limit": "max_trace_nodes"}


def test_every_rule_class_is_in_the_vocabulary_once() -> None:
    names = [rule.name for rule in dispatch.RULE_CLASSES]
    assert sorted(names) == sorted(VOCABULARY_NAMES)
    assert len(set(names)) == len(names)


def test_every_rule_class_states_its_identity_in_one_line() -> None:
    for rule in dispatch.RULE_CLASSES:
        assert rule.__doc__ is not None
        assert "\n" not in rule.__doc__.strip()
