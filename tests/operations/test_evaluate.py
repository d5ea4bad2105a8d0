"""The evaluate operation: points and orders in the order asked, errors, and mpmath as an oracle."""

from __future__ import annotations

from typing import Any

import mpmath
import pytest
import sympy as sp
from hypothesis import given, settings

from service.calculus.analysis.evaluation import NOT_DIFFERENTIABLE, REASONS, TOO_LARGE
from service.calculus.analysis.high_orders import TOO_LARGE_TO_SHOW
from service.calculus.errors import AmbiguousVariable, InvalidPoint, TooComplex, UnknownSymbol
from service.calculus.language.functions import to_elementary
from service.calculus.language.parser import parse_expression
from service.calculus.language.printing import to_text
from service.calculus.limits import Limits
from service.operations.shapes import expression_object, point_object
from tests.calculus import strategies
from tests.calculus.test_evaluation import agrees, every_part_is_finite_real, mpf_of
from tests.operations.bodies import run

LIMITS = Limits()
SLOW_LIMITS = Limits(deadline_seconds=60)
"""For generated expressions: tidying never gives up half-way (its budget is a SIGALRM)."""
X = sp.Symbol("x", real=True)


def test_evaluate_answers_every_point_and_order_in_the_order_asked() -> None:
    body = {"expression": "x^2*sin(x)", "at": ["1", 0, "pi"], "orders": [1, 0]}
    answer = run("evaluate", body, LIMITS)
    points = [sp.Integer(1), sp.Integer(0), sp.pi]
    expected = [
        {
            "at": point_object(p),
            "values": [
                {
                    "order": order,
                    "exact": expression_object(value),
                    "value": float(sp.N(value, 40)),
                    "defined": True,
                }
                for order, value in (
                    (1, 2 * p * sp.sin(p) + p**2 * sp.cos(p)),
                    (0, p**2 * sp.sin(p)),
                )
            ],
        }
        for p in points
    ]
    assert answer == {"variable": "x", "points": expected, "warnings": []}


def test_evaluate_reports_an_undefined_value_with_its_reason() -> None:
    answer = run("evaluate", {"expression": "abs(x)", "at": 0, "orders": [0, 1]}, LIMITS)
    assert answer["points"][0]["values"] == [
        {"order": 0, "exact": expression_object(sp.S.Zero), "value": 0.0, "defined": True},
        {
            "order": 1,
            "exact": None,
            "value": None,
            "defined": False,
            "reason": NOT_DIFFERENTIABLE,
        },
    ]


def test_evaluate_defaults_to_order_zero_and_takes_json_numbers_exactly() -> None:
    answer = run(
        "evaluate", {"expression": "lam/2*w^2", "at": 0.5, "parameters": {"lam": 0.01}}, LIMITS
    )
    assert answer["variable"] == "w"
    assert answer["points"][0]["at"] == point_object(sp.Rational(1, 2))
    [value] = answer["points"][0]["values"]
    assert (value["order"], value["exact"]["text"], value["value"]) == (0, "1/800", 0.00125)


def test_evaluate_infers_the_only_symbol_without_a_parameter_value() -> None:
    answer = run(
        "evaluate",
        {"expression": "lam/2*w^2", "at": "1/2", "orders": [1], "parameters": {"lam": "1/100"}},
        LIMITS,
    )
    assert answer["variable"] == "w"
    assert answer["points"][0]["values"][0]["value"] == 0.005


def test_a_point_may_use_the_values_of_the_parameters() -> None:
    body = {"expression": "a*sin(x)", "at": "a/2", "orders": [1], "parameters": {"a": "pi"}}
    [point] = run("evaluate", body, LIMITS)["points"]
    assert point["at"] == point_object(sp.pi / 2)
    assert point["values"][0]["exact"] == expression_object(sp.S.Zero)


@pytest.mark.parametrize(
    ("body", "error", "data"),
    [
        (
            {"expression": "a*x", "at": "sqrt(a)", "parameters": {"a": -1}},
            InvalidPoint,
            {"field": "at"},
        ),
        (
            {"expression": "lam*w", "at": 1, "parameters": {"mu": 1}},
            UnknownSymbol,
            {"field": "parameters", "name": "mu"},
        ),
        (
            {"expression": "lam*w", "at": 1, "variable": "w"},
            UnknownSymbol,
            {"field": "parameters", "name": "lam"},
        ),
        (
            {"expression": "lam*w", "at": 1, "variable": "w", "parameters": {"w": 2, "lam": 1}},
            UnknownSymbol,
            {"field": "parameters", "name": "w"},
        ),
        ({"expression": "x^2", "at": "y"}, InvalidPoint, {"field": "at"}),
        ({"expression": "x^2", "at": [1, "sqrt(-1)"]}, InvalidPoint, {"field": "at[1]"}),
        ({"expression": "x^2", "at": "oo"}, InvalidPoint, {"field": "at"}),
        ({"expression": "x^2", "at": list(range(101))}, TooComplex, {"limit": "max_points"}),
        ({"expression": "x^2", "at": 1, "orders": [51]}, TooComplex, {"limit": "max_order"}),
        ({"expression": "a*x + b", "at": 1}, AmbiguousVariable, None),
    ],
)
def test_evaluate_refuses_a_bad_request_with_a_precise_error(
    body: dict[str, Any], error: type[Exception], data: dict[str, Any] | None
) -> None:
    with pytest.raises(error) as raised:
        run("evaluate", body, LIMITS)
    if data is not None:
        assert {key: raised.value.data.get(key) for key in data} == data  # type: ignore[attr-defined]


@settings(max_examples=100, deadline=None)
@given(strategies.expressions(max_leaves=6), strategies.constants())
def test_the_evaluate_operation_agrees_with_mpmath_on_the_shared_expressions(
    expr: sp.Expr, point: sp.Expr
) -> None:
    body = {"expression": to_text(expr), "variable": "x", "at": to_text(point), "orders": [0, 1, 2]}
    [answer] = run("evaluate", body, SLOW_LIMITS)["points"]
    f = sp.lambdify(X, to_elementary(expr), "mpmath")
    for result in answer["values"]:
        if result["value"] is None:
            assert result["reason"] in REASONS
            if result["order"] == 0 and result["reason"] != TOO_LARGE:
                assert not every_part_is_finite_real(expr, point), (expr, point, result)
            continue
        with mpmath.workdps(40):
            try:
                expected = mpmath.mpmathify(mpmath.diff(f, mpf_of(point), result["order"]))
            except (ZeroDivisionError, ValueError):
                continue
        if isinstance(expected, mpmath.mpf) and mpmath.isfinite(expected):
            assert agrees(result["value"], float(expected)), (expr, point, result)


ISSUE_EXAMPLES = [
    "tan(tan(sqrt(1 + sin(x)^2)))",
    "(x^3 + exp(x))/(2 + (exp(x)/(1 + 1.5^2))^2) - ln(1 + (cos(x) + tan(x))^2)",
]


@pytest.mark.parametrize("text", ISSUE_EXAMPLES)
def test_high_orders_of_a_larger_expression_have_values_without_their_huge_exact_form(
    text: str,
) -> None:
    at = ["1/2", "1", "2", "pi/7"]
    body = {"expression": text, "at": at, "orders": [0, 4]}
    answer = run("evaluate", body, LIMITS)
    f = sp.lambdify(X, parse_expression(text), "mpmath")
    for point, result in zip(at, answer["points"], strict=True):
        fourth = result["values"][1]
        assert (fourth["exact"], fourth["defined"]) == (None, True)
        assert fourth["reason"] == TOO_LARGE_TO_SHOW
        with mpmath.workdps(40):
            expected = mpmath.diff(f, mpf_of(parse_expression(point)), 4)
        assert agrees(fourth["value"], float(expected)), (text, point, fourth)


def test_every_order_up_to_five_of_a_sixty_node_expression_has_a_value_at_twenty_points() -> None:
    """(53 nodes, away from its kinks at 1 and 2; the deadline is measured by make bench.)"""
    text = (
        "sigmoid(3x^2 - 2x + 1)*ln(1 + exp(sin(x)*cos(2x)))/sqrt(1 + x^4 + tan(x/3)^2)"
        " + atan(x^3 - relu(x - 1))*abs(x - 2)"
    )
    at = [f"{2 * n + 1}/8" for n in range(-10, 10)]
    answer = run("evaluate", {"expression": text, "at": at, "orders": list(range(6))}, LIMITS)
    values = [v for point in answer["points"] for v in point["values"]]
    assert len(values) == 20 * 6
    assert all(v["defined"] and v["value"] is not None for v in values)
    assert all(v["exact"] is None and v["reason"] == TOO_LARGE_TO_SHOW for v in values)


def test_at_a_kink_of_a_large_expression_every_higher_order_is_undefined() -> None:
    text = "atan(x^3 - relu(x - 1))*abs(x - 2)*sigmoid(3x^2 - 2x + 1)*ln(1 + exp(sin(x)))"
    answer = run("evaluate", {"expression": text, "at": 1, "orders": [0, 1, 5]}, LIMITS)
    [f, first, fifth] = answer["points"][0]["values"]
    assert f["defined"] and f["value"] is not None
    assert first == {
        "order": 1,
        "exact": None,
        "value": None,
        "defined": False,
        "reason": NOT_DIFFERENTIABLE,
    }
    assert fifth == {**first, "order": 5}
