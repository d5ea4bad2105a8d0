"""Gradients and Hessians: the ML examples, the errors, and mpmath as an independent oracle."""

from __future__ import annotations

import math
import sys
from typing import Any

import mpmath
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from service.calculus.errors import InvalidPoint, TooComplex, UnknownSymbol
from service.calculus.language.functions import sigmoid, softplus, to_elementary
from service.calculus.language.parser import parse_expression
from service.calculus.language.printing import to_text
from service.calculus.limits import Limits
from service.operations.shapes import expression_object
from tests.operations.bodies import run

LIMITS = Limits()
SLOW_LIMITS = Limits(deadline_seconds=60)
"""For generated expressions: tidying never gives up half-way (its budget is a SIGALRM)."""
W1, W2 = sp.Symbol("w1", real=True), sp.Symbol("w2", real=True)
LOGISTIC = "-(y*log(sigmoid(w*x+b)) + (1-y)*log(1-sigmoid(w*x+b)))"


def objects(*exprs: sp.Expr) -> list[dict[str, str]]:
    return [expression_object(e) for e in exprs]


def same(a: dict[str, str], b: sp.Expr) -> bool:
    return bool(sp.simplify(to_elementary(parse_expression(a["text"]) - b)) == 0)


def test_the_l2_penalty_gradient_is_lam_times_each_weight() -> None:
    lam = sp.Symbol("lam", real=True)
    answer = run(
        "gradient",
        {
            "expression": "lam/2*(w1^2 + w2^2)",
            "variables": ["w1", "w2"],
            "at": {"w1": 0.5, "w2": "-2"},
            "parameters": {"lam": 0.01},
            "hessian": True,
        },
        LIMITS,
    )
    assert answer == {
        "variables": ["w1", "w2"],
        "gradient": objects(lam * W1, lam * W2),
        "hessian": [objects(lam, sp.S.Zero), objects(sp.S.Zero, lam)],
        "values": {"gradient": [0.005, -0.02], "hessian": [[0.01, 0.0], [0.0, 0.01]]},
        "warnings": [],
    }


def test_by_default_every_free_symbol_is_a_variable_sorted_by_name() -> None:
    lam = sp.Symbol("lam", real=True)
    answer = run("gradient", {"expression": "lam/2*(w1^2 + w2^2)"}, LIMITS)
    assert answer == {
        "variables": ["lam", "w1", "w2"],
        "gradient": objects((W1**2 + W2**2) / 2, lam * W1, lam * W2),
        "warnings": [],
    }


def test_symbols_given_as_parameters_are_not_default_variables() -> None:
    answer = run(
        "gradient",
        {"expression": "lam/2*(w1^2 + w2^2)", "parameters": {"lam": 2}, "at": {"w1": 1, "w2": 3}},
        LIMITS,
    )
    assert answer["variables"] == ["w1", "w2"]
    assert answer["values"] == {"gradient": [2.0, 6.0]}


def test_a_point_may_use_the_values_of_the_parameters() -> None:
    body = {
        "expression": "(w - c)^2",
        "variables": ["w"],
        "at": {"w": "2*c"},
        "parameters": {"c": 3},
    }
    assert run("gradient", body, LIMITS)["values"] == {"gradient": [6.0]}


def test_a_constant_has_a_zero_gradient_in_x() -> None:
    assert run("gradient", {"expression": "7"}, LIMITS) == {
        "variables": ["x"],
        "gradient": objects(sp.S.Zero),
        "warnings": [],
    }


def test_the_squared_error_gradient_and_hessian() -> None:
    w, x, b, y = (sp.Symbol(n, real=True) for n in ("w", "x", "b", "y"))
    answer = run(
        "gradient",
        {
            "expression": "(w*x + b - y)^2",
            "variables": ["w", "b"],
            "at": {"w": 2, "b": 1},
            "parameters": {"x": 3, "y": 4},
            "hessian": True,
        },
        LIMITS,
    )
    residual = w * x + b - y
    assert same(answer["gradient"][0], 2 * x * residual)
    assert same(answer["gradient"][1], 2 * residual)
    assert [
        [same(e, v) for e, v in zip(row, vs, strict=True)]
        for row, vs in zip(answer["hessian"], [[2 * x**2, 2 * x], [2 * x, 2]], strict=True)
    ] == [[True, True], [True, True]]
    assert answer["values"] == {"gradient": [18.0, 6.0], "hessian": [[18.0, 6.0], [6.0, 2.0]]}


def test_the_logistic_loss_gradient_is_prediction_minus_label_times_input() -> None:
    w, x, b, y = (sp.Symbol(n, real=True) for n in ("w", "x", "b", "y"))
    answer = run(
        "gradient",
        {
            "expression": LOGISTIC,
            "variables": ["w", "b"],
            "at": {"w": 0.5, "b": -1},
            "parameters": {"x": 2, "y": 1},
            "hessian": True,
        },
        LIMITS,
    )
    p = sigmoid(w * x + b)
    assert same(answer["gradient"][0], (p - y) * x)
    assert same(answer["gradient"][1], p - y)
    assert same(answer["hessian"][0][1], p * (1 - p) * x)
    assert answer["values"] == {"gradient": [-1.0, -0.5], "hessian": [[1.0, 0.5], [0.5, 0.25]]}


def test_a_partial_at_a_kink_is_null_and_so_is_its_hessian_row() -> None:
    answer = run(
        "gradient",
        {"expression": "abs(w1) + w2^2", "at": {"w1": 0, "w2": 1}, "hessian": True},
        LIMITS,
    )
    assert answer["values"] == {"gradient": [None, 2.0], "hessian": [[None, None], [None, 2.0]]}


def test_a_gradient_where_the_loss_is_undefined_is_null() -> None:
    answer = run("gradient", {"expression": "log(w1) + w2", "at": {"w1": 0, "w2": 1}}, LIMITS)
    assert answer["values"] == {"gradient": [None, None]}


@pytest.mark.parametrize(
    ("body", "error", "data"),
    [
        (
            {"expression": "w1*w2", "at": {"w1": 1}},
            InvalidPoint,
            {"field": "at"},
        ),
        (
            {"expression": "w1*w2", "at": {"w1": 1, "w2": 2, "w3": 3}},
            UnknownSymbol,
            {"field": "at", "name": "w3"},
        ),
        (
            {"expression": "w1*w2", "parameters": {"lam": 1}},
            UnknownSymbol,
            {"field": "parameters", "name": "lam"},
        ),
        (
            {"expression": "lam*w1", "variables": ["w1"], "at": {"w1": 1}},
            UnknownSymbol,
            {"field": "parameters", "name": "lam"},
        ),
        (
            {"expression": "lam*w1", "variables": ["w1"], "parameters": {"w1": 1}},
            UnknownSymbol,
            {"field": "parameters", "name": "w1"},
        ),
        ({"expression": "w1*w2", "at": {"w1": "w2", "w2": 1}}, InvalidPoint, {"field": "at.w1"}),
        (
            {"expression": "+".join(f"v{i}" for i in range(101))},
            TooComplex,
            {"limit": "max_points"},
        ),
    ],
)
def test_gradient_refuses_a_bad_request_with_a_precise_error(
    body: dict[str, Any], error: type[Exception], data: dict[str, Any]
) -> None:
    with pytest.raises(error) as raised:
        run("gradient", body, LIMITS)
    assert {key: raised.value.data.get(key) for key in data} == data  # type: ignore[attr-defined]


# --- mpmath as the oracle on generated functions of two variables ----------------------

UNARY = [sp.sin, sp.cos, sp.exp, sp.atan, sigmoid, softplus, lambda u: sp.log(1 + u**2)]
BINARY = [lambda a, b: a + b, lambda a, b: a - b, lambda a, b: a * b]
LEAVES = st.sampled_from([W1, W2, W1, W2, sp.Integer(3), sp.Rational(1, 2)])
FUNCTIONS = st.recursive(
    LEAVES,
    lambda inner: st.one_of(
        st.builds(lambda f, a: f(a), st.sampled_from(UNARY), inner),
        st.builds(lambda f, a, b: f(a, b), st.sampled_from(BINARY), inner, inner),
    ),
    max_leaves=5,
)
COORDINATES = st.builds(
    sp.Rational, st.integers(min_value=-8, max_value=8), st.sampled_from([1, 2, 5])
)


def numeric_partial(
    expr: sp.Expr, point: tuple[sp.Rational, sp.Rational], n: tuple[int, int]
) -> float:
    f = sp.lambdify((W1, W2), to_elementary(expr), "mpmath")
    with mpmath.workdps(40):
        at = [mpmath.mpf(c.p) / c.q for c in point]
        value = mpmath.diff(f, at, n)
        return float(value) if abs(value) <= sys.float_info.max else math.inf


def close(ours: float | None, expected: float) -> bool:
    if ours is None:
        return math.isinf(expected)
    return math.isclose(ours, expected, rel_tol=1e-9, abs_tol=1e-12)


@settings(max_examples=100, deadline=None)
@given(FUNCTIONS, COORDINATES, COORDINATES)
def test_gradient_and_hessian_values_agree_with_mpmath(
    expr: sp.Expr, a: sp.Rational, b: sp.Rational
) -> None:
    body = {
        "expression": to_text(expr),
        "variables": ["w1", "w2"],
        "at": {"w1": f"{a.p}/{a.q}", "w2": f"{b.p}/{b.q}"},
        "hessian": True,
    }
    values = run("gradient", body, SLOW_LIMITS)["values"]
    for i, n in enumerate([(1, 0), (0, 1)]):
        assert close(values["gradient"][i], numeric_partial(expr, (a, b), n)), (expr, a, b, n)
    for (i, j), n in {(0, 0): (2, 0), (0, 1): (1, 1), (1, 0): (1, 1), (1, 1): (0, 2)}.items():
        assert close(values["hessian"][i][j], numeric_partial(expr, (a, b), n)), (expr, a, b, n)
