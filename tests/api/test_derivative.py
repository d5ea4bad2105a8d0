"""POST /v1/derivative through the Flask app: answers, and every kind of bad request."""

from __future__ import annotations

import json
from typing import Any

import pytest
import sympy as sp
from flask.testing import FlaskClient

from service.operations.shapes import expression_object
from tests.api.responses import PROBLEM, post


def problem_of(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status
    assert response.mimetype == PROBLEM
    body: dict[str, Any] = response.get_json()
    assert body["code"] == code
    assert body["status"] == status
    assert body["type"].endswith(code)
    assert body["title"]
    assert body["detail"]
    return body


def test_the_quotient_rule_answer_is_tidy_and_complete(client: FlaskClient) -> None:
    response = post(client, "/v1/derivative", {"expression": "(x^2+1)/(x-3)"})
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    x = sp.Symbol("x", real=True)
    assert response.get_json() == {
        "input": expression_object((x**2 + 1) / (x - 3)),
        "variable": "x",
        "order": 1,
        "derivative": expression_object((x**2 - 6 * x - 1) / (x - 3) ** 2),
        "warnings": [],
    }
    assert response.get_json()["derivative"]["text"] == "(x^2 - 6*x - 1)/(x - 3)^2"


def test_a_partial_derivative_treats_other_symbols_as_parameters(client: FlaskClient) -> None:
    response = post(client, "/v1/derivative", {"expression": "lam/2*w^2", "variable": "w"})
    assert response.status_code == 200
    assert response.get_json()["derivative"]["text"] == "lam*w"


def test_the_fourth_derivative_of_sine_is_sine(client: FlaskClient) -> None:
    body = post(client, "/v1/derivative", {"expression": "sin x", "order": 4}).get_json()
    assert (body["order"], body["derivative"]["text"]) == (4, "sin(x)")


def test_json_null_means_the_field_was_omitted(client: FlaskClient) -> None:
    response = post(
        client,
        "/v1/derivative",
        {"expression": "x^3", "variable": None, "order": None, "syntax": None},
    )
    assert response.status_code == 200
    assert response.get_json()["derivative"]["text"] == "3*x^2"


def test_latex_input_is_differentiated_like_plain_input(client: FlaskClient) -> None:
    response = post(
        client, "/v1/derivative", {"expression": r"\frac{x^{2}+1}{x-3}", "syntax": "latex"}
    )
    assert response.status_code == 200
    assert response.get_json()["derivative"]["text"] == "(x^2 - 6*x - 1)/(x - 3)^2"


def test_several_symbols_without_a_variable_is_ambiguous(client: FlaskClient) -> None:
    body = problem_of(
        post(client, "/v1/derivative", {"expression": "a*x + b"}), 422, "ambiguous_variable"
    )
    assert body["candidates"] == ["a", "b", "x"]


def test_a_syntax_error_names_its_position(client: FlaskClient) -> None:
    body = problem_of(
        post(client, "/v1/derivative", {"expression": "x^2 + * 3"}), 422, "parse_error"
    )
    assert body["field"] == "expression"
    assert body["position"] == 6
    assert "^" in body["excerpt"]


def test_an_unknown_function_is_named(client: FlaskClient) -> None:
    body = problem_of(
        post(client, "/v1/derivative", {"expression": "foo(x)"}), 422, "unknown_function"
    )
    assert body["name"] == "foo"


def test_an_order_above_the_maximum_is_too_complex(client: FlaskClient) -> None:
    body = problem_of(
        post(client, "/v1/derivative", {"expression": "x", "order": 10**6}), 422, "too_complex"
    )
    assert body["limit"] == "max_order"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "expression"),
        ({"expression": 3}, "expression"),
        ({"expression": "x", "order": True}, "order"),
        ({"expression": "x", "order": "3"}, "order"),
        ({"expression": "x", "order": 2.5}, "order"),
        ({"expression": "x", "order": 0}, "order"),
        ({"expression": "x", "order": -1}, "order"),
        ({"expression": "x", "syntax": "mathml"}, "syntax"),
        ({"expression": "x", "variable": ["x"]}, "variable"),
        ({"expression": "x", "colour": "red"}, "colour"),
    ],
)
def test_a_field_of_the_wrong_type_or_range_is_a_validation_error(
    client: FlaskClient, body: dict[str, Any], field: str
) -> None:
    problem = problem_of(post(client, "/v1/derivative", body), 400, "validation_error")
    assert field in problem["errors"]


@pytest.mark.parametrize(
    "raw",
    [
        b"{",
        b"[1, 2]",
        b'"x^2"',
        b'{"expression": "x", "expression": "y"}',
        b'{"expression": "x", "order": NaN}',
        b'{"expression": "x", "order": Infinity}',
        b"[" * 20000 + b"]" * 20000,
        b'{"a":' * 40 + b"1" + b"}" * 40,
        b"\xff\xfe{}",
    ],
)
def test_a_body_that_is_not_acceptable_json_is_invalid_json(
    client: FlaskClient, raw: bytes
) -> None:
    response = post(client, "/v1/derivative", raw=raw, content_type="application/json")
    problem_of(response, 400, "invalid_json")


def test_a_body_that_is_not_json_is_an_unsupported_media_type(client: FlaskClient) -> None:
    response = post(client, "/v1/derivative", raw="expression=x", content_type="text/plain")
    problem_of(response, 415, "unsupported_media_type")


def test_a_body_over_the_size_limit_is_refused(client: FlaskClient) -> None:
    raw = json.dumps({"expression": "x+" * 40000 + "x"})
    problem_of(
        post(client, "/v1/derivative", raw=raw, content_type="application/json"),
        413,
        "payload_too_large",
    )


def test_an_unknown_path_is_a_json_not_found(client: FlaskClient) -> None:
    problem_of(client.get("/v1/integral"), 404, "not_found")


def test_a_wrong_method_is_json_and_keeps_the_allow_header(client: FlaskClient) -> None:
    response = client.get("/v1/derivative")
    problem_of(response, 405, "method_not_allowed")
    assert "POST" in response.headers["Allow"]


def test_the_error_body_never_echoes_raw_invalid_unicode(client: FlaskClient) -> None:
    response = post(client, "/v1/derivative", {"expression": "x + \u0000\ud800" + "y" * 500})
    body = problem_of(response, 422, "parse_error")
    text = json.dumps(body, ensure_ascii=False)
    assert "\u0000" not in text and "\ud800" not in text
    assert "y" * 100 not in text


def test_a_constant_that_is_not_real_is_a_422_not_a_server_error(client: FlaskClient) -> None:
    body = problem_of(
        post(client, "/v1/derivative", {"expression": "x^3*relu(x + asin(2))"}), 422, "parse_error"
    )
    assert (body["field"], body["position"]) == ("expression", 13)
