"""POST /v1/concavity through the Flask app: answers, and every kind of bad request."""

from __future__ import annotations

from typing import Any

import pytest
import sympy as sp
from flask.testing import FlaskClient

from service.operations.shapes import expression_object, point_object
from tests.api.responses import ok, post, problem, refused

X = sp.Symbol("x", real=True)


def test_the_cubic_over_the_whole_line(client: FlaskClient) -> None:
    assert ok(post(client, "/v1/concavity", {"expression": "x^3 - 3x", "at": [-1, 1, 0]})) == {
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


def test_sine_on_an_interval_has_only_the_inner_inflection_point(client: FlaskClient) -> None:
    body = {"expression": "sin(x)", "interval": ["0", "2*pi"], "at": "pi/2"}
    assert ok(post(client, "/v1/concavity", body)) == {
        "second_derivative": expression_object(-sp.sin(X)),
        "points": [
            {"at": point_object(sp.pi / 2), "value": -1.0, "sign": "negative", "concavity": "down"},
        ],
        "intervals": [
            {"start": point_object(sp.S.Zero), "end": point_object(sp.pi), "concavity": "down"},
            {"start": point_object(sp.pi), "end": point_object(2 * sp.pi), "concavity": "up"},
        ],
        "inflection_points": [{"at": point_object(sp.pi), "value": point_object(sp.S.Zero)}],
        "complete": True,
        "warnings": [],
    }


def test_sine_on_the_whole_line_is_one_period_with_a_reason_and_still_a_200(
    client: FlaskClient,
) -> None:
    assert ok(post(client, "/v1/concavity", {"expression": "sin(x)", "at": "pi"})) == {
        "second_derivative": expression_object(-sp.sin(X)),
        "points": [
            {"at": point_object(sp.pi), "value": 0.0, "sign": "zero", "concavity": "undetermined"},
        ],
        "intervals": [
            {"start": point_object(sp.S.Zero), "end": point_object(sp.pi), "concavity": "down"},
            {"start": point_object(sp.pi), "end": point_object(2 * sp.pi), "concavity": "up"},
        ],
        "inflection_points": [
            {"at": point_object(sp.S.Zero), "value": point_object(sp.S.Zero)},
            {"at": point_object(sp.pi), "value": point_object(sp.S.Zero)},
        ],
        "complete": False,
        "reason": "The function is periodic with period 2*pi: the intervals and points shown "
        "cover one period, [0, 2*pi), and repeat every 2*pi (add any whole multiple of 2*pi).",
        "warnings": [],
    }


def test_the_cusp_of_x_to_the_two_thirds_splits_its_concavity(client: FlaskClient) -> None:
    body = ok(post(client, "/v1/concavity", {"expression": "x^(2/3)"}))
    assert body["intervals"] == [
        {"start": point_object(-sp.oo), "end": point_object(sp.S.Zero), "concavity": "down"},
        {"start": point_object(sp.S.Zero), "end": point_object(sp.oo), "concavity": "down"},
    ]
    assert (body["inflection_points"], body["complete"]) == ([], True)


def test_an_undefined_point_has_null_value_and_sign(client: FlaskClient) -> None:
    assert ok(post(client, "/v1/concavity", {"expression": "1/x", "at": [0, 1]})) == {
        "second_derivative": expression_object(2 / X**3),
        "points": [
            {
                "at": point_object(sp.S.Zero),
                "value": None,
                "sign": None,
                "concavity": "undetermined",
            },
            {"at": point_object(sp.S.One), "value": 2.0, "sign": "positive", "concavity": "up"},
        ],
        "intervals": [
            {"start": point_object(-sp.oo), "end": point_object(sp.S.Zero), "concavity": "down"},
            {"start": point_object(sp.S.Zero), "end": point_object(sp.oo), "concavity": "up"},
        ],
        "inflection_points": [],
        "complete": True,
        "warnings": [],
    }


def test_parameters_and_nulls_as_omitted_fields(client: FlaskClient) -> None:
    body = {
        "expression": "a*x^3",
        "variable": None,
        "parameters": {"a": 2},
        "at": None,
        "interval": None,
        "syntax": None,
    }
    a = sp.Symbol("a", real=True)
    assert ok(post(client, "/v1/concavity", body)) == {
        "second_derivative": expression_object(6 * a * X),
        "points": [],
        "intervals": [
            {"start": point_object(-sp.oo), "end": point_object(sp.S.Zero), "concavity": "down"},
            {"start": point_object(sp.S.Zero), "end": point_object(sp.oo), "concavity": "up"},
        ],
        "inflection_points": [{"at": point_object(sp.S.Zero), "value": point_object(sp.S.Zero)}],
        "complete": True,
        "warnings": [],
    }


@pytest.mark.parametrize(
    ("body", "status", "code", "title", "detail", "extra"),
    [
        (
            {"expression": "x^2", "at": "x"},
            422,
            "invalid_point",
            "Invalid point",
            "The point 'at' must be a constant, but it contains x.",
            {"field": "at"},
        ),
        (
            {"expression": "x^2", "at": [0, "log(-1)"]},
            422,
            "invalid_point",
            "Invalid point",
            "The point 'at[1]' is not a real number.",
            {"field": "at[1]"},
        ),
        (
            {"expression": "x^2", "interval": [2, 1]},
            422,
            "invalid_point",
            "Invalid point",
            "The interval must be [a, b] with a < b.",
            {"field": "interval"},
        ),
        (
            {"expression": "x^2", "parameters": {"b": 1}},
            422,
            "unknown_symbol",
            "Unknown symbol",
            "The parameter b does not occur in the expression.",
            {"field": "parameters", "name": "b"},
        ),
        (
            {"expression": "x^2", "at": list(range(101))},
            422,
            "too_complex",
            "Too complex",
            "At most 100 points may be asked for at once.",
            {"limit": "max_points"},
        ),
    ],
)
def test_bad_points_intervals_and_parameters_are_problems(
    client: FlaskClient,
    body: dict[str, Any],
    status: int,
    code: str,
    title: str,
    detail: str,
    extra: dict[str, Any],
) -> None:
    assert refused(post(client, "/v1/concavity", body), status) == problem(
        status, code, title, detail, **extra
    )


def test_a_bad_point_text_is_a_parse_error_naming_the_field(client: FlaskClient) -> None:
    body = refused(post(client, "/v1/concavity", {"expression": "x^2", "at": "1+"}), 422)
    assert (body["code"], body["field"]) == ("parse_error", "at")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"expression": "x^2", "interval": [1]}, "interval"),
        ({"expression": "x^2", "interval": [0, 1, 2]}, "interval"),
        ({"expression": "x^2", "interval": "0..1"}, "interval"),
        ({"expression": "x^2", "at": []}, "at"),
        ({"expression": "x^2", "at": True}, "at"),
        ({"expression": "x^2", "parameters": {"a": [1]}}, "parameters"),
        ({"expression": "x^2", "order": 2}, "order"),
        ({"at": 1}, "expression"),
    ],
)
def test_fields_of_the_wrong_shape_or_unknown_are_validation_errors(
    client: FlaskClient, body: dict[str, Any], field: str
) -> None:
    problem_body = refused(post(client, "/v1/concavity", body), 400)
    assert problem_body["code"] == "validation_error"
    assert list(problem_body["errors"]) == [field]
