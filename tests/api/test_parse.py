"""POST /v1/parse through the Flask app: the expression as understood, symbols, warnings."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from service.calculus.language.parser import parse_expression, read_warnings
from service.operations.shapes import expression_object, warning_object
from tests.api.responses import PROBLEM, REQUEST_ID, post


def test_one_half_x_is_read_as_x_over_two_with_a_warning(client: FlaskClient) -> None:
    response = post(client, "/v1/parse", {"expression": "1/2x"})
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.get_json() == {
        "expression": expression_object(parse_expression("x/2")),
        "symbols": ["x"],
        "warnings": [
            {
                "code": "implicit_division",
                "field": "expression",
                "message": "'/2x' divides by 2 only, then multiplies by x: an implicit product "
                "binds like '*', left to right, so 1/2x is x/2. If 2x is the whole "
                "denominator, write /(2x).",
                "position": 1,
            }
        ],
    }


def test_sinx_is_one_symbol_and_the_learner_is_asked_about_sin_of_x(
    client: FlaskClient,
) -> None:
    body = post(client, "/v1/parse", {"expression": "sinx + 1"}).get_json()
    assert body == {
        "expression": expression_object(parse_expression("sinx + 1")),
        "symbols": ["sinx"],
        "warnings": [
            {
                "code": "function_name_in_symbol",
                "field": "expression",
                "message": "'sinx' is read as one symbol named sinx, not as the function sin: "
                "did you mean sin(x)?",
                "position": 0,
            }
        ],
    }


@pytest.mark.parametrize(
    ("text", "syntax", "symbols"),
    [
        ("x^2 sin x", None, ["x"]),
        ("lam/2*(w1^2 + w2^2)", "plain", ["lam", "w1", "w2"]),
        ("\\frac{1}{2}x^{2} + E", "latex", ["E", "x"]),
        ("sin x^2 + pi", "plain", ["x"]),
        ("3", "plain", []),
    ],
)
def test_the_answer_is_the_parsed_expression_its_symbols_and_its_warnings(
    client: FlaskClient, text: str, syntax: str | None, symbols: list[str]
) -> None:
    response = post(client, "/v1/parse", {"expression": text, "syntax": syntax})
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    plain = syntax or "plain"
    assert response.get_json() == {
        "expression": expression_object(parse_expression(text, syntax=plain)),
        "symbols": symbols,
        "warnings": [
            warning_object(warning)
            for warning in read_warnings(text, syntax=plain, field="expression")
        ],
    }


def test_bad_syntax_is_a_parse_error_with_its_position(client: FlaskClient) -> None:
    response = post(client, "/v1/parse", {"expression": "x^2 + * 3"})
    assert response.status_code == 422
    assert response.mimetype == PROBLEM
    assert response.get_json() == {
        "type": "https://deriv.example/problems/parse_error",
        "title": "The text could not be parsed",
        "status": 422,
        "detail": "Unexpected '*' at position 6.",
        "code": "parse_error",
        "field": "expression",
        "position": 6,
        "excerpt": "x^2 + * 3\n      ^",
        "instance": REQUEST_ID,
    }


def test_an_unknown_function_is_named(client: FlaskClient) -> None:
    response = post(client, "/v1/parse", {"expression": "sinn(x)"})
    assert response.status_code == 422
    assert response.get_json()["code"] == "unknown_function"
    assert response.get_json()["suggestion"] == "sin"


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({}, {"expression": ["Missing data for required field."]}),
        ({"expression": 3}, {"expression": ["Not a valid string."]}),
        ({"expression": "x", "variable": "x"}, {"variable": ["Unknown field."]}),
        ({"expression": "x", "syntax": "tex"}, {"syntax": ["Must be one of: plain, latex."]}),
    ],
)
def test_invalid_fields_are_validation_errors(
    client: FlaskClient, body: dict[str, Any], errors: dict[str, list[str]]
) -> None:
    response = post(client, "/v1/parse", body)
    assert response.status_code == 400
    assert response.mimetype == PROBLEM
    assert response.get_json()["code"] == "validation_error"
    assert response.get_json()["errors"] == errors
