"""The critical-points operation: textbook traps, worked examples, and mpmath as an oracle."""

from __future__ import annotations

import json
from itertools import pairwise
from pathlib import Path
from typing import Any

import mpmath
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from service.calculus.errors import InvalidPoint, UnknownSymbol
from service.calculus.language.functions import to_elementary
from service.calculus.language.parser import parse_expression
from service.calculus.language.printing import to_text
from service.calculus.limits import Limits
from service.operations.shapes import expression_object, point_object
from tests.calculus.strategies import SMOOTH_ATOMS, sums_of_atoms
from tests.operations.bodies import run

LIMITS = Limits(deadline_seconds=120.0)
"""A generous deadline: these tests check the answers, not the soft time budgets, which would
make them depend on the load of the (shared) machine."""
WORKED = Path(__file__).resolve().parents[1] / "data" / "worked-examples.json"
X = sp.Symbol("x", real=True)


def canonical(text: str) -> str:
    return to_text(parse_expression(text))


def summary(body: dict[str, Any]) -> list[tuple[str, str, str]]:
    result = run("critical-points", body, LIMITS)
    assert result["complete"]
    return [(p["at"]["text"], p["kind"], p["test"]) for p in result["points"]]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"expression": "x^4"}, [("0", "minimum", "first_derivative")]),
        ({"expression": "-x^4"}, [("0", "maximum", "first_derivative")]),
        ({"expression": "x^3"}, [("0", "neither", "first_derivative")]),
        ({"expression": "abs(x)"}, [("0", "minimum", "first_derivative")]),
        ({"expression": "-abs(x - 1)"}, [("1", "maximum", "first_derivative")]),
        (
            {"expression": "x^3 - 3x"},
            [("-1", "maximum", "second_derivative"), ("1", "minimum", "second_derivative")],
        ),
        ({"expression": "1/x"}, []),
        ({"expression": "exp(x)"}, []),
        (
            {"expression": "x + 1/x"},
            [("-1", "maximum", "second_derivative"), ("1", "minimum", "second_derivative")],
        ),
        (
            {"expression": "sin(x)", "interval": [0, "2*pi"]},
            [("pi/2", "maximum", "second_derivative"), ("3*pi/2", "minimum", "second_derivative")],
        ),
        (
            {"expression": "cos(x)", "interval": [0, "2*pi"]},
            [("pi", "minimum", "second_derivative")],
        ),
        ({"expression": "x^3 - 3x", "interval": [-1, 1]}, []),
        (
            {"expression": "x^3 - 3x", "interval": [0, "oo"]},
            [("1", "minimum", "second_derivative")],
        ),
        ({"expression": "sqrt(x)"}, [("0", "minimum", "first_derivative")]),
        ({"expression": "cbrt(x)"}, [("0", "neither", "first_derivative")]),
        ({"expression": "x^(2/3)"}, [("0", "minimum", "first_derivative")]),
        ({"expression": "x*abs(x)"}, [("0", "neither", "first_derivative")]),
        (
            {"expression": "x^2*exp(-x)"},
            [("0", "minimum", "second_derivative"), ("2", "maximum", "second_derivative")],
        ),
        (
            {"expression": "a*x^2 + b*x", "variable": "x", "parameters": {"a": 1, "b": -4}},
            [("2", "minimum", "second_derivative")],
        ),
        ({"expression": "tan(x)", "interval": [-3, 3]}, []),
    ],
)
def test_classified_critical_points(
    body: dict[str, Any], expected: list[tuple[str, str, str]]
) -> None:
    assert summary(body) == [(canonical(at), kind, test) for at, kind, test in expected]


def test_x_to_the_fourth_is_a_minimum_by_the_first_derivative_test() -> None:
    assert summary({"expression": "x^4"}) == [("0", "minimum", "first_derivative")]


def test_x_cubed_at_zero_is_neither() -> None:
    assert summary({"expression": "x^3"})[0][1] == "neither"


def test_abs_at_zero_is_a_minimum_where_the_derivative_is_undefined() -> None:
    result = run("critical-points", {"expression": "abs(x)"}, LIMITS)
    assert result["points"] == [
        {
            "at": point_object(sp.S.Zero),
            "value": point_object(sp.S.Zero),
            "kind": "minimum",
            "test": "first_derivative",
        }
    ]


def test_the_whole_response_of_the_cubic() -> None:
    assert run("critical-points", {"expression": "x^3 - 3x"}, LIMITS) == {
        "derivative": expression_object(3 * X**2 - 3),
        "points": [
            {
                "at": point_object(sp.Integer(-1)),
                "value": point_object(sp.Integer(2)),
                "kind": "maximum",
                "test": "second_derivative",
            },
            {
                "at": point_object(sp.Integer(1)),
                "value": point_object(sp.Integer(-2)),
                "kind": "minimum",
                "test": "second_derivative",
            },
        ],
        "intervals": [
            {
                "start": point_object(-sp.oo),
                "end": point_object(sp.Integer(-1)),
                "direction": "increasing",
            },
            {
                "start": point_object(sp.Integer(-1)),
                "end": point_object(sp.Integer(1)),
                "direction": "decreasing",
            },
            {
                "start": point_object(sp.Integer(1)),
                "end": point_object(sp.oo),
                "direction": "increasing",
            },
        ],
        "complete": True,
        "warnings": [],
    }


def test_sine_on_the_whole_line_is_answered_over_one_period_and_says_so() -> None:
    result = run("critical-points", {"expression": "sin(x)"}, LIMITS)
    assert [(p["at"]["text"], p["value"]["text"], p["kind"]) for p in result["points"]] == [
        ("pi/2", "1", "maximum"),
        ("3*pi/2", "-1", "minimum"),
    ]
    assert [
        (i["start"]["text"], i["end"]["text"], i["direction"]) for i in result["intervals"]
    ] == [
        ("0", "pi/2", "increasing"),
        ("pi/2", "3*pi/2", "decreasing"),
        ("3*pi/2", "2*pi", "increasing"),
    ]
    assert result["complete"] is False
    assert result["reason"].startswith("The function is periodic with period 2*pi: ")
    assert "cover one period, [0, 2*pi)" in result["reason"]


def test_relu_is_constant_on_the_left_and_its_kink_is_the_only_critical_point() -> None:
    result = run("critical-points", {"expression": "relu(x)"}, LIMITS)
    assert [(p["at"]["text"], p["kind"]) for p in result["points"]] == [("0", "minimum")]
    assert [
        (i["start"]["text"], i["end"]["text"], i["direction"]) for i in result["intervals"]
    ] == [
        ("-oo", "0", "constant"),
        ("0", "oo", "increasing"),
    ]
    assert result["complete"] is True


def test_an_unsolvable_equation_on_an_interval_is_found_numerically() -> None:
    result = run("critical-points", {"expression": "exp(x) - x^3", "interval": [-10, 10]}, LIMITS)
    assert result["complete"] is False
    assert [p["kind"] for p in result["points"]] == ["minimum", "maximum", "minimum"]
    for point in result["points"]:
        c = mpmath.mpf(point["at"]["value"])
        assert abs(mpmath.exp(c) - 3 * c**2) < 1e-9


def test_values_at_radical_points_are_tidied() -> None:
    result = run("critical-points", {"expression": "x^5 - 5x^3 + x"}, LIMITS)
    assert len(result["points"]) == 4
    for point in result["points"]:
        c = mpmath.mpf(point["at"]["value"])
        assert point["value"]["value"] == pytest.approx(float(c**5 - 5 * c**3 + c))
        assert len(point["value"]["text"]) < 60


def worked_cases() -> list[dict[str, Any]]:
    return [c for c in json.loads(WORKED.read_text())["concavity"] if "critical_points" in c]


@pytest.mark.parametrize("case", worked_cases(), ids=lambda case: case["id"])
def test_the_worked_examples(case: dict[str, Any]) -> None:
    body = {"expression": case["expression"], "variable": case["variable"]}
    if "interval" in case:
        body["interval"] = case["interval"]
    result = run("critical-points", body, LIMITS)
    assert [(p["at"]["text"], p["kind"]) for p in result["points"]] == [
        (canonical(p["at"]), p["kind"]) for p in case["critical_points"]
    ]


@pytest.mark.parametrize(
    ("body", "error", "field"),
    [
        ({"expression": "x^2", "interval": [3, "-oo"]}, InvalidPoint, "interval"),
        ({"expression": "x^2", "interval": ["pi", 3]}, InvalidPoint, "interval"),
        ({"expression": "k*x^2", "variable": "x"}, UnknownSymbol, "parameters"),
        ({"expression": "x^2", "parameters": {"k": 2}}, UnknownSymbol, "parameters"),
    ],
)
def test_bad_requests_raise_core_errors_naming_the_field(
    body: dict[str, Any], error: type[Exception], field: str
) -> None:
    with pytest.raises(error) as raised:
        run("critical-points", body, LIMITS)
    assert raised.value.data["field"] == field  # type: ignore[attr-defined]


coefficient_lists = st.lists(st.integers(-6, 6), min_size=2, max_size=6).filter(
    lambda c: any(c[1:])
)


@settings(max_examples=100, deadline=None)
@given(coefficient_lists)
def test_polynomial_critical_points_match_a_numeric_scan_and_neighbouring_values(
    coefficients: list[int],
) -> None:
    text = " + ".join(f"({c})*x^{k}" for k, c in enumerate(coefficients))
    result = run("critical-points", {"expression": text}, LIMITS)
    assert result["complete"]
    f = list(reversed(coefficients))
    f1 = list(reversed([k * c for k, c in enumerate(coefficients)][1:]))
    found = [mpmath.mpf(p["at"]["value"]) for p in result["points"]]
    with mpmath.workdps(40):
        for point, c in zip(result["points"], found, strict=True):
            assert abs(mpmath.polyval(f1, c)) < 1e-9 * max(1, abs(c)) ** 5
            h = mpmath.mpf("1e-4")
            below = mpmath.polyval(f, c - h) - mpmath.polyval(f, c)
            above = mpmath.polyval(f, c + h) - mpmath.polyval(f, c)
            expected = {(True, True): "minimum", (False, False): "maximum"}.get(
                (below > 0, above > 0), "neither"
            )
            assert point["kind"] == expected
    grid = [mpmath.mpf(i) / 20 for i in range(-200, 201)]
    for left, right in pairwise(grid):
        if mpmath.polyval(f1, left) * mpmath.polyval(f1, right) < 0:
            assert any(left <= c <= right for c in found)


expressions = sums_of_atoms((*SMOOTH_ATOMS, "abs(x - 1)"))


@settings(max_examples=60, deadline=None)
@given(expressions)
def test_every_reported_critical_point_is_stationary_or_a_kink_and_rightly_classified(
    text: str,
) -> None:
    expr = parse_expression(text)
    result = run("critical-points", {"expression": text, "interval": [-3, 3]}, LIMITS)
    f = sp.lambdify(X, to_elementary(expr), modules="mpmath")
    with mpmath.workdps(40):
        for point in result["points"]:
            c = mpmath.mpf(point["at"]["value"])
            assert -3 < c < 3
            assert point["value"]["value"] == pytest.approx(float(f(c)), rel=1e-9, abs=1e-12)
            slope_left = mpmath.diff(f, c - mpmath.mpf("1e-12"))
            slope_right = mpmath.diff(f, c + mpmath.mpf("1e-12"))
            kink = abs(slope_left - slope_right) > 1e-6
            assert kink or abs(mpmath.diff(f, c)) < 1e-8
            h = mpmath.mpf("1e-4")
            below, above = f(c - h) - f(c), f(c + h) - f(c)
            if abs(below) > 1e-14 and abs(above) > 1e-14:
                expected = {(True, True): "minimum", (False, False): "maximum"}.get(
                    (below > 0, above > 0), "neither"
                )
                assert point["kind"] == expected


def test_a_value_with_an_imaginary_rounding_residue_is_compared_by_its_real_part() -> None:
    body = {"expression": "x^2 + 5*x*sqrt(sin(x)^2 + cos(x)^2 - 1)", "interval": [-3, 3]}
    result = run("critical-points", body, LIMITS)
    assert [(point["at"]["text"], point["kind"]) for point in result["points"]] == [
        ("0", "minimum")
    ]
