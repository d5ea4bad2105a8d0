"""The concavity operation: textbook traps, worked examples, errors, and mpmath as an oracle."""

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

from service.calculus.errors import InvalidPoint, ParseError, TooComplex, UnknownSymbol
from service.calculus.language.functions import to_elementary
from service.calculus.language.parser import parse_expression
from service.calculus.language.printing import to_text
from service.calculus.limits import Limits
from service.operations.shapes import expression_object, point_object
from tests.calculus.strategies import sums_of_atoms
from tests.operations.bodies import run as run_operation

LIMITS = Limits(deadline_seconds=120.0)
"""A generous deadline: these tests check the answers, not the soft time budgets, which would
make them depend on the load of the (shared) machine."""
WORKED = Path(__file__).resolve().parents[1] / "data" / "worked-examples.json"
X = sp.Symbol("x", real=True)


def run(**body: Any) -> dict[str, Any]:
    return run_operation("concavity", body, LIMITS)


def canonical(text: str) -> str:
    """A point's text as the formatter writes it (``-sqrt(2)/2`` may print differently)."""
    return text if text in ("oo", "-oo") else to_text(parse_expression(text))


def texts(result: dict[str, Any]) -> dict[str, Any]:
    """The answer in plain text: intervals as (start, end, concavity), points as text."""
    return {
        "intervals": [
            (item["start"]["text"], item["end"]["text"], item["concavity"])
            for item in result["intervals"]
        ],
        "inflection_points": [item["at"]["text"] for item in result["inflection_points"]],
        "complete": result["complete"],
    }


@pytest.mark.parametrize(
    ("body", "intervals", "inflections"),
    [
        ({"expression": "x^3 - 3x"}, [("-oo", "0", "down"), ("0", "oo", "up")], ["0"]),
        ({"expression": "x^4"}, [("-oo", "oo", "up")], []),
        ({"expression": "1/x"}, [("-oo", "0", "down"), ("0", "oo", "up")], []),
        ({"expression": "x + 1/x"}, [("-oo", "0", "down"), ("0", "oo", "up")], []),
        ({"expression": "cbrt(x)"}, [("-oo", "0", "up"), ("0", "oo", "down")], ["0"]),
        ({"expression": "exp(x)"}, [("-oo", "oo", "up")], []),
        (
            {"expression": "sin(x)", "interval": ["0", "2*pi"]},
            [("0", "pi", "down"), ("pi", "2*pi", "up")],
            ["pi"],
        ),
        (
            {"expression": "a*x^3", "variable": "x", "parameters": {"a": 2}},
            [("-oo", "0", "down"), ("0", "oo", "up")],
            ["0"],
        ),
        (
            {"expression": "a*x^3", "parameters": {"a": -2}},
            [("-oo", "0", "up"), ("0", "oo", "down")],
            ["0"],
        ),
        ({"expression": "x^(1/3)"}, [("-oo", "0", "up"), ("0", "oo", "down")], ["0"]),
        ({"expression": "sqrt(x)"}, [("0", "oo", "down")], []),
        ({"expression": "ln(x)"}, [("0", "oo", "down")], []),
        ({"expression": "1/x^2"}, [("-oo", "0", "up"), ("0", "oo", "up")], []),
        ({"expression": "x^(4/3)"}, [("-oo", "0", "up"), ("0", "oo", "up")], []),
        ({"expression": "x^(2/3)"}, [("-oo", "0", "down"), ("0", "oo", "down")], []),
        ({"expression": "abs(x)^(1/2)"}, [("-oo", "0", "down"), ("0", "oo", "down")], []),
        (
            {"expression": "abs(x^2 - 1)"},
            [("-oo", "-1", "up"), ("-1", "1", "down"), ("1", "oo", "up")],
            ["-1", "1"],
        ),
        ({"expression": "x^2/(x - 1)"}, [("-oo", "1", "down"), ("1", "oo", "up")], []),
        (
            {"expression": "(x^2 - 1)/(x - 1)"},
            [("-oo", "1", "undetermined"), ("1", "oo", "undetermined")],
            [],
        ),
        ({"expression": "abs(x)"}, [("-oo", "0", "undetermined"), ("0", "oo", "undetermined")], []),
        ({"expression": "2x + 1"}, [("-oo", "oo", "undetermined")], []),
        (
            {"expression": "e^(-x^2)"},
            [
                ("-oo", "-sqrt(2)/2", "up"),
                ("-sqrt(2)/2", "sqrt(2)/2", "down"),
                ("sqrt(2)/2", "oo", "up"),
            ],
            ["-sqrt(2)/2", "sqrt(2)/2"],
        ),
        (
            {"expression": "x^3 - 3x", "interval": ["-oo", 0]},
            [("-oo", "0", "down")],
            [],
        ),
        (
            {"expression": "tan(x)", "interval": [-3, 3]},
            [
                ("-3", "-pi/2", "up"),
                ("-pi/2", "0", "down"),
                ("0", "pi/2", "up"),
                ("pi/2", "3", "down"),
            ],
            ["0"],
        ),
    ],
)
def test_exact_intervals_and_inflection_points(
    body: dict[str, Any], intervals: list[tuple[str, str, str]], inflections: list[str]
) -> None:
    assert texts(run(**body)) == {
        "intervals": [(canonical(a), canonical(b), c) for a, b, c in intervals],
        "inflection_points": [canonical(p) for p in inflections],
        "complete": True,
    }


def test_x_to_the_fourth_has_no_inflection_point_although_f2_vanishes_at_zero() -> None:
    result = run(expression="x^4", at=0)
    assert result["points"][0]["sign"] == "zero"
    assert result["inflection_points"] == []


def test_one_over_x_has_no_inflection_point_because_zero_is_not_in_the_domain() -> None:
    assert run(expression="1/x")["inflection_points"] == []


def test_x_plus_one_over_x_has_no_inflection_point_because_zero_is_not_in_the_domain() -> None:
    assert run(expression="x + 1/x")["inflection_points"] == []


def test_cube_root_has_an_inflection_point_where_f2_is_undefined() -> None:
    result = run(expression="cbrt(x)", at=0)
    assert [p["at"]["text"] for p in result["inflection_points"]] == ["0"]
    assert result["points"] == [
        {"at": point_object(sp.S.Zero), "value": None, "sign": None, "concavity": "undetermined"}
    ]


def test_interval_ends_are_not_inflection_points() -> None:
    result = run(expression="sin(x)", interval=["0", "2*pi"])
    assert [p["at"]["text"] for p in result["inflection_points"]] == ["pi"]


def test_sine_on_the_whole_line_is_answered_over_one_period_and_says_so() -> None:
    result = run(expression="sin(x)", at=["pi/2", "-pi/2", "pi"])
    assert texts(result) == {
        "intervals": [("0", "pi", "down"), ("pi", "2*pi", "up")],
        "inflection_points": ["0", "pi"],
        "complete": False,
    }
    assert [p["value"]["text"] for p in result["inflection_points"]] == ["0", "0"]
    assert result["reason"] == (
        "The function is periodic with period 2*pi: the intervals and points shown cover one "
        "period, [0, 2*pi), and repeat every 2*pi (add any whole multiple of 2*pi)."
    )
    assert [(p["sign"], p["concavity"]) for p in result["points"]] == [
        ("negative", "down"),
        ("positive", "up"),
        ("zero", "undetermined"),
    ]


def test_an_unsolvable_equation_on_an_interval_is_answered_numerically_and_incomplete() -> None:
    result = run(expression="exp(x) - x^3", interval=[-10, 10])
    assert not result["complete"]
    inflections = [p["at"]["value"] for p in result["inflection_points"]]
    assert len(inflections) == 2
    for point in inflections:
        assert abs(mpmath.exp(point) - 6 * point) < 1e-9


def test_the_whole_response_of_the_cubic() -> None:
    assert run(expression="x^3 - 3x", at=[-1, 1, 0]) == {
        "second_derivative": expression_object(6 * X),
        "points": [
            {
                "at": point_object(sp.Integer(-1)),
                "value": -6.0,
                "sign": "negative",
                "concavity": "down",
            },
            {
                "at": point_object(sp.Integer(1)),
                "value": 6.0,
                "sign": "positive",
                "concavity": "up",
            },
            {
                "at": point_object(sp.Integer(0)),
                "value": 0.0,
                "sign": "zero",
                "concavity": "undetermined",
            },
        ],
        "intervals": [
            {
                "start": point_object(-sp.oo),
                "end": point_object(sp.Integer(0)),
                "concavity": "down",
            },
            {"start": point_object(sp.Integer(0)), "end": point_object(sp.oo), "concavity": "up"},
        ],
        "inflection_points": [
            {"at": point_object(sp.Integer(0)), "value": point_object(sp.Integer(0))}
        ],
        "complete": True,
        "warnings": [],
    }


def test_the_second_derivative_keeps_parameters_as_symbols() -> None:
    result = run(expression="a*x^3", variable="x", parameters={"a": 2}, at=1)
    assert result["second_derivative"]["text"] == "6*a*x"
    assert result["points"][0]["value"] == 12.0


def test_a_point_outside_the_domain_of_f_is_undetermined() -> None:
    result = run(expression="ln(x)", at=-1)
    assert result["points"][0] == {
        "at": point_object(sp.Integer(-1)),
        "value": None,
        "sign": None,
        "concavity": "undetermined",
    }


def test_a_single_point_is_answered_as_a_list_of_one() -> None:
    assert len(run(expression="x^2", at="pi/2")["points"]) == 1


def worked_cases() -> list[dict[str, Any]]:
    return list(json.loads(WORKED.read_text())["concavity"])


@pytest.mark.parametrize("case", worked_cases(), ids=lambda case: case["id"])
def test_the_worked_examples(case: dict[str, Any]) -> None:
    body = {"expression": case["expression"], "variable": case["variable"]}
    if "interval" in case:
        body["interval"] = case["interval"]
    if "points" in case:
        body["at"] = [point["at"] for point in case["points"]]
    result = run(**body)
    if "second_derivative_equivalent_to" in case:
        expected = parse_expression(case["second_derivative_equivalent_to"])
        actual = parse_expression(result["second_derivative"]["text"])
        assert sp.simplify(actual - expected) == 0
    for got, want in zip(result["points"], case.get("points", []), strict=True):
        assert (got["value"], got["sign"], got["concavity"]) == (
            want["value"],
            want["sign"],
            want["concavity"],
        )
    assert [
        (i["start"]["text"], i["end"]["text"], i["concavity"]) for i in result["intervals"]
    ] == [(canonical(i["start"]), canonical(i["end"]), i["concavity"]) for i in case["intervals"]]
    assert [p["at"]["text"] for p in result["inflection_points"]] == [
        canonical(p) for p in case["inflection_points"]
    ]
    assert result["complete"]


@pytest.mark.parametrize(
    ("body", "error", "field"),
    [
        ({"expression": "x^2", "interval": [2, 1]}, InvalidPoint, "interval"),
        ({"expression": "x^2", "interval": [1, 1]}, InvalidPoint, "interval"),
        ({"expression": "x^2", "interval": ["oo", "oo"]}, InvalidPoint, "interval"),
        ({"expression": "x^2", "interval": ["y", 1]}, InvalidPoint, "interval"),
        ({"expression": "x^2", "at": "x"}, InvalidPoint, "at"),
        ({"expression": "x^2", "at": [1, "sqrt(-1)"]}, InvalidPoint, "at[1]"),
        ({"expression": "x^2", "at": "1+"}, ParseError, "at"),
        ({"expression": "x^2", "at": "oo"}, InvalidPoint, "at"),
        ({"expression": "a*x^2", "variable": "x"}, UnknownSymbol, "parameters"),
        ({"expression": "x^2", "parameters": {"b": 1}}, UnknownSymbol, "parameters"),
        ({"expression": "x^2", "parameters": {"x": 1}}, UnknownSymbol, "parameters"),
    ],
)
def test_bad_requests_raise_core_errors_naming_the_field(
    body: dict[str, Any], error: type[Exception], field: str
) -> None:
    with pytest.raises(error) as raised:
        run(**body)
    assert raised.value.data["field"] == field  # type: ignore[attr-defined]


def test_too_many_points_is_too_complex() -> None:
    with pytest.raises(TooComplex):
        run(expression="x^2", at=list(range(LIMITS.max_points + 1)))


def test_a_second_derivative_too_big_to_analyse_still_answers_the_points() -> None:
    text = " + ".join(f"sin({k}x)^3*exp(x/{k})" for k in range(1, 25))
    result = run(expression=text, at=1)
    assert result["complete"] is False
    assert result["points"][0]["sign"] in ("positive", "negative")


# An oracle independent of sympy's differentiation: mpmath's differences of f.

expressions = sums_of_atoms()

coefficient_lists = st.lists(st.integers(-6, 6), min_size=3, max_size=6).filter(
    lambda c: any(c[2:])
)


@settings(max_examples=100, deadline=None)
@given(coefficient_lists)
def test_polynomial_inflection_points_and_intervals_match_a_dense_scan(
    coefficients: list[int],
) -> None:
    text = " + ".join(f"({c})*x^{k}" for k, c in enumerate(coefficients))
    result = run(expression=text)
    assert result["complete"]
    second = list(reversed([k * (k - 1) * c for k, c in enumerate(coefficients)][2:]))

    def f2(t: Any) -> Any:
        return mpmath.polyval(second, t)

    inflections = [mpmath.mpf(p["at"]["value"]) for p in result["inflection_points"]]
    for p in inflections:
        step = mpmath.mpf("1e-6")
        assert f2(p - step) * f2(p + step) < 0
    grid = [mpmath.mpf(i) / 20 for i in range(-200, 201)]
    for left, right in pairwise(grid):
        if f2(left) * f2(right) < 0:
            assert any(left <= p <= right for p in inflections)
    for interval in result["intervals"]:
        start, end = interval["start"]["value"], interval["end"]["value"]
        inside = [t for t in grid if (start is None or t > start) and (end is None or t < end)]
        for t in inside:
            if abs(f2(t)) > 1e-9:
                assert interval["concavity"] == ("up" if f2(t) > 0 else "down")


def test_a_point_whose_exact_value_is_too_big_is_answered_numerically() -> None:
    result = run(expression="x^1000 - x", at=["3/2", 1000])
    assert [(p["sign"], p["concavity"]) for p in result["points"]] == [
        ("positive", "up"),
        ("positive", "up"),
    ]
    assert result["points"][0]["value"] == pytest.approx(1000 * 999 * 1.5**998)
    assert result["points"][1]["value"] is None


def second_difference(f: Any, t: Any) -> Any:
    with mpmath.workdps(40):
        return mpmath.diff(f, t, 2)


@settings(max_examples=60, deadline=None)
@given(expressions)
def test_inflection_points_and_exact_intervals_agree_with_mpmath_on_an_interval(
    text: str,
) -> None:
    expr = parse_expression(text)
    result = run(expression=text, interval=[-3, 3])
    f = sp.lambdify(X, to_elementary(expr), modules="mpmath")
    for item in result["inflection_points"]:
        p = mpmath.mpf(item["at"]["value"])
        assert -3 < p < 3
        step = mpmath.mpf("1e-5")
        left, right = second_difference(f, p - step), second_difference(f, p + step)
        assert left * right < 0
    if not result["complete"]:
        return
    for interval in result["intervals"]:
        start, end = interval["start"]["value"], interval["end"]["value"]
        for k in range(1, 6):
            t = mpmath.mpf(start) + (mpmath.mpf(end) - mpmath.mpf(start)) * k / 6
            value = second_difference(f, t)
            if abs(value) > 1e-8 and interval["concavity"] != "undetermined":
                assert interval["concavity"] == ("up" if value > 0 else "down")


def test_a_requested_point_and_the_interval_may_use_the_parameters_values() -> None:
    body = {
        "expression": "a*x^3",
        "at": "a/2",
        "interval": ["-a", "a"],
        "parameters": {"a": 2},
    }
    result = run(**body)
    assert result["points"] == [
        {"at": point_object(sp.Integer(1)), "value": 12.0, "sign": "positive", "concavity": "up"}
    ]
    assert [i["start"]["text"] for i in result["intervals"]] == ["-2", "0"]
    assert result["inflection_points"] == [
        {"at": point_object(sp.Integer(0)), "value": point_object(sp.Integer(0))}
    ]
