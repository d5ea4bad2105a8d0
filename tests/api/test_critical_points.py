"""POST /v1/critical-points through the Flask app: answers, and every kind of bad request."""

from __future__ import annotations

from typing import Any

import pytest
import sympy as sp
from flask.testing import FlaskClient

from service.operations.shapes import expression_object, point_object
from tests.api.responses import PROBLEM_TYPE, REQUEST_ID, ok, refused

X = sp.Symbol("x", real=True)


def post(client: FlaskClient, body: Any) -> Any:
    return client.post("/v1/critical-points", json=body)


def critical(at: sp.Expr, value: sp.Expr, kind: str, test: str) -> dict[str, Any]:
    return {"at": point_object(at), "value": point_object(value), "kind": kind, "test": test}


def test_the_cubic_has_a_maximum_and_a_minimum(client: FlaskClient) -> None:
    assert ok(post(client, {"expression": "x^3 - 3x"})) == {
        "derivative": expression_object(3 * X**2 - 3),
        "points": [
            critical(sp.Integer(-1), sp.Integer(2), "maximum", "second_derivative"),
            critical(sp.Integer(1), sp.Integer(-2), "minimum", "second_derivative"),
        ],
        "complete": True,
        "warnings": [],
    }


def test_sine_inside_an_interval(client: FlaskClient) -> None:
    assert ok(post(client, {"expression": "sin(x)", "interval": [0, "2*pi"]})) == {
        "derivative": expression_object(sp.cos(X)),
        "points": [
            critical(sp.pi / 2, sp.S.One, "maximum", "second_derivative"),
            critical(3 * sp.pi / 2, sp.Integer(-1), "minimum", "second_derivative"),
        ],
        "complete": True,
        "warnings": [],
    }


def test_the_first_derivative_test_decides_for_x_to_the_fourth(client: FlaskClient) -> None:
    assert ok(post(client, {"expression": "x^4"})) == {
        "derivative": expression_object(4 * X**3),
        "points": [critical(sp.S.Zero, sp.S.Zero, "minimum", "first_derivative")],
        "complete": True,
        "warnings": [],
    }


def test_abs_has_a_minimum_where_its_derivative_is_undefined(client: FlaskClient) -> None:
    assert ok(post(client, {"expression": "abs(x)"})) == {
        "derivative": expression_object(sp.sign(X)),
        "points": [critical(sp.S.Zero, sp.S.Zero, "minimum", "first_derivative")],
        "complete": True,
        "warnings": [],
    }


def test_one_over_x_has_none_and_says_so_completely(client: FlaskClient) -> None:
    assert ok(post(client, {"expression": "1/x"})) == {
        "derivative": expression_object(-1 / X**2),
        "points": [],
        "complete": True,
        "warnings": [],
    }


def test_cosine_on_the_whole_line_is_incomplete_and_still_a_200(client: FlaskClient) -> None:
    assert ok(post(client, {"expression": "cos(x)"})) == {
        "derivative": expression_object(-sp.sin(X)),
        "points": [],
        "complete": False,
        "warnings": [],
    }


def test_parameters_give_the_numbers_and_stay_symbols_in_the_derivative(
    client: FlaskClient,
) -> None:
    body = {"expression": "a*x^2 + b*x", "variable": "x", "parameters": {"a": 1, "b": -4}}
    a, b = sp.symbols("a b", real=True)
    assert ok(post(client, body)) == {
        "derivative": expression_object(2 * a * X + b),
        "points": [critical(sp.Integer(2), sp.Integer(-4), "minimum", "second_derivative")],
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
    assert refused(post(client, body), 422) == {
        "type": PROBLEM_TYPE + code,
        "title": title,
        "status": 422,
        "detail": detail,
        "code": code,
        "instance": REQUEST_ID,
        **extra,
    }


def test_an_expression_over_the_length_limit_is_too_complex(client: FlaskClient) -> None:
    body = refused(post(client, {"expression": "x+" * 1500 + "x"}), 422)
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
    problem_body = refused(post(client, body), 400)
    assert problem_body["code"] == "validation_error"
    assert list(problem_body["errors"]) == [field]
