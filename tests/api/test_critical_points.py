"""POST /v1/critical-points through the Flask app: answers, and every kind of bad request."""

from __future__ import annotations

from typing import Any

import pytest
import sympy as sp
from flask.testing import FlaskClient

from service.operations.shapes import expression_object, point_object
from tests.api.responses import PROBLEM_TYPE, REQUEST_ID, ok, post, refused

X = sp.Symbol("x", real=True)


def critical(at: sp.Expr, value: sp.Expr, kind: str, test: str) -> dict[str, Any]:
    return {"at": point_object(at), "value": point_object(value), "kind": kind, "test": test}


def stretch(start: sp.Expr, end: sp.Expr, direction: str) -> dict[str, Any]:
    return {"start": point_object(start), "end": point_object(end), "direction": direction}


def extremum(value: sp.Expr, *at: sp.Expr) -> dict[str, Any]:
    return {"value": point_object(value), "at": [point_object(p) for p in at], "stretches": []}


ONE, OO = sp.S.One, sp.oo


def test_the_cubic_has_a_maximum_and_a_minimum(client: FlaskClient) -> None:
    assert ok(post(client, "/v1/critical-points", {"expression": "x^3 - 3x"})) == {
        "derivative": expression_object(3 * X**2 - 3),
        "points": [
            critical(-ONE, 2 * ONE, "maximum", "second_derivative"),
            critical(ONE, -2 * ONE, "minimum", "second_derivative"),
        ],
        "intervals": [
            stretch(-OO, -ONE, "increasing"),
            stretch(-ONE, ONE, "decreasing"),
            stretch(ONE, OO, "increasing"),
        ],
        "complete": True,
        "warnings": [],
    }


def test_sine_on_a_closed_interval_has_endpoints_and_absolute_extrema(
    client: FlaskClient,
) -> None:
    assert ok(
        post(client, "/v1/critical-points", {"expression": "sin(x)", "interval": [0, "2*pi"]})
    ) == {
        "derivative": expression_object(sp.cos(X)),
        "points": [
            critical(sp.pi / 2, ONE, "maximum", "second_derivative"),
            critical(3 * sp.pi / 2, -ONE, "minimum", "second_derivative"),
        ],
        "intervals": [
            stretch(sp.S.Zero, sp.pi / 2, "increasing"),
            stretch(sp.pi / 2, 3 * sp.pi / 2, "decreasing"),
            stretch(3 * sp.pi / 2, 2 * sp.pi, "increasing"),
        ],
        "endpoints": [
            {"at": point_object(sp.S.Zero), "value": point_object(sp.S.Zero), "kind": "minimum"},
            {"at": point_object(2 * sp.pi), "value": point_object(sp.S.Zero), "kind": "maximum"},
        ],
        "absolute": {
            "minimum": extremum(-ONE, 3 * sp.pi / 2),
            "maximum": extremum(ONE, sp.pi / 2),
        },
        "complete": True,
        "warnings": [],
    }


def test_the_first_derivative_test_decides_for_x_to_the_fourth(client: FlaskClient) -> None:
    assert ok(post(client, "/v1/critical-points", {"expression": "x^4"})) == {
        "derivative": expression_object(4 * X**3),
        "points": [critical(sp.S.Zero, sp.S.Zero, "minimum", "first_derivative")],
        "intervals": [stretch(-OO, sp.S.Zero, "decreasing"), stretch(sp.S.Zero, OO, "increasing")],
        "complete": True,
        "warnings": [],
    }


def test_abs_has_a_minimum_where_its_derivative_is_undefined(client: FlaskClient) -> None:
    assert ok(post(client, "/v1/critical-points", {"expression": "abs(x)"})) == {
        "derivative": expression_object(sp.sign(X)),
        "points": [critical(sp.S.Zero, sp.S.Zero, "minimum", "first_derivative")],
        "intervals": [stretch(-OO, sp.S.Zero, "decreasing"), stretch(sp.S.Zero, OO, "increasing")],
        "complete": True,
        "warnings": [],
    }


def test_one_over_x_has_none_and_attains_no_extremum_across_its_pole(client: FlaskClient) -> None:
    assert ok(post(client, "/v1/critical-points", {"expression": "1/x", "interval": [-1, 1]})) == {
        "derivative": expression_object(-1 / X**2),
        "points": [],
        "intervals": [
            stretch(-ONE, sp.S.Zero, "decreasing"),
            stretch(sp.S.Zero, ONE, "decreasing"),
        ],
        "endpoints": [
            {"at": point_object(-ONE), "value": point_object(-ONE), "kind": "maximum"},
            {"at": point_object(ONE), "value": point_object(ONE), "kind": "minimum"},
        ],
        "absolute": {"minimum": None, "maximum": None},
        "complete": True,
        "warnings": [],
    }


def test_cosine_on_the_whole_line_is_one_period_with_a_reason_and_still_a_200(
    client: FlaskClient,
) -> None:
    assert ok(post(client, "/v1/critical-points", {"expression": "cos(x)"})) == {
        "derivative": expression_object(-sp.sin(X)),
        "points": [
            critical(sp.S.Zero, ONE, "maximum", "second_derivative"),
            critical(sp.pi, -ONE, "minimum", "second_derivative"),
        ],
        "intervals": [
            stretch(sp.S.Zero, sp.pi, "decreasing"),
            stretch(sp.pi, 2 * sp.pi, "increasing"),
        ],
        "complete": False,
        "reason": "The function is periodic with period 2*pi: the intervals and points shown "
        "cover one period, [0, 2*pi), and repeat every 2*pi (add any whole multiple of 2*pi).",
        "warnings": [],
    }


def test_parameters_give_the_numbers_and_stay_symbols_in_the_derivative(
    client: FlaskClient,
) -> None:
    body = {"expression": "a*x^2 + b*x", "variable": "x", "parameters": {"a": 1, "b": -4}}
    a, b = sp.symbols("a b", real=True)
    assert ok(post(client, "/v1/critical-points", body)) == {
        "derivative": expression_object(2 * a * X + b),
        "points": [critical(sp.Integer(2), sp.Integer(-4), "minimum", "second_derivative")],
        "intervals": [
            stretch(-OO, sp.Integer(2), "decreasing"),
            stretch(sp.Integer(2), OO, "increasing"),
        ],
        "complete": True,
        "warnings": [],
    }


@pytest.mark.parametrize(
    ("body", "code", "title", "detail", "extra"),
    [
        (
            {"expression": "x^2", "interval": ["oo", 1]},
            "invalid_point",
            "Invalid point",
            "The interval must be [a, b] with a < b.",
            {"field": "interval"},
        ),
        (
            {"expression": "x^2", "interval": ["y", 1]},
            "invalid_point",
            "Invalid point",
            "The point 'interval' must be a constant, but it contains y.",
            {"field": "interval"},
        ),
        (
            {"expression": "k*x^2", "variable": "x"},
            "unknown_symbol",
            "Unknown symbol",
            "The symbol k has no value: give it one in parameters.",
            {"field": "parameters", "name": "k"},
        ),
        (
            {"expression": "x^2", "parameters": {"x": 1}},
            "unknown_symbol",
            "Unknown symbol",
            "x is a variable: give its value in at, not in parameters.",
            {"field": "parameters", "name": "x"},
        ),
    ],
)
def test_bad_intervals_and_parameters_are_problems(
    client: FlaskClient,
    body: dict[str, Any],
    code: str,
    title: str,
    detail: str,
    extra: dict[str, Any],
) -> None:
    assert refused(post(client, "/v1/critical-points", body), 422) == {
        "type": PROBLEM_TYPE + code,
        "title": title,
        "status": 422,
        "detail": detail,
        "code": code,
        "instance": REQUEST_ID,
        **extra,
    }


def test_an_expression_over_the_length_limit_is_too_complex(client: FlaskClient) -> None:
    body = refused(post(client, "/v1/critical-points", {"expression": "x+" * 1500 + "x"}), 422)
    assert (body["code"], body["limit"]) == ("too_complex", "max_length")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"expression": "x^2", "at": 1}, "at"),
        ({"expression": "x^2", "interval": [1]}, "interval"),
        ({"expression": "x^2", "interval": [0, None]}, "interval"),
        ({"expression": 3}, "expression"),
        ({"expression": "x^2", "syntax": "tex"}, "syntax"),
    ],
)
def test_fields_of_the_wrong_shape_or_unknown_are_validation_errors(
    client: FlaskClient, body: dict[str, Any], field: str
) -> None:
    problem_body = refused(post(client, "/v1/critical-points", body), 400)
    assert problem_body["code"] == "validation_error"
    assert list(problem_body["errors"]) == [field]
