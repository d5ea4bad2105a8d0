"""POST /v1/gradient through the Flask app: ML gradients, Hessians, and every bad request."""

from __future__ import annotations

from typing import Any

import pytest
import sympy as sp
from flask.testing import FlaskClient

from service.operations.shapes import expression_object
from tests.api.responses import ok, post, problem, refused

LAM, W1, W2 = (sp.Symbol(name, real=True) for name in ("lam", "w1", "w2"))


def objects(*exprs: sp.Expr) -> list[dict[str, str]]:
    return [expression_object(e) for e in exprs]


def test_the_l2_penalty_gradient_hessian_and_values(client: FlaskClient) -> None:
    body = {
        "expression": "lam/2*(w1^2 + w2^2)",
        "variables": ["w1", "w2"],
        "at": {"w1": 1, "w2": "1/2"},
        "parameters": {"lam": "1/10"},
        "hessian": True,
    }
    assert ok(post(client, "/v1/gradient", body)) == {
        "variables": ["w1", "w2"],
        "gradient": objects(LAM * W1, LAM * W2),
        "hessian": [objects(LAM, sp.S.Zero), objects(sp.S.Zero, LAM)],
        "values": {"gradient": [0.1, 0.05], "hessian": [[0.1, 0.0], [0.0, 0.1]]},
        "warnings": [],
    }


def test_without_variables_every_symbol_is_one_sorted_by_name(client: FlaskClient) -> None:
    assert ok(post(client, "/v1/gradient", {"expression": "lam/2*(w1^2 + w2^2)"})) == {
        "variables": ["lam", "w1", "w2"],
        "gradient": objects((W1**2 + W2**2) / 2, LAM * W1, LAM * W2),
        "warnings": [],
    }


def test_the_squared_error_gradient_at_a_point(client: FlaskClient) -> None:
    w, x, b, y = (sp.Symbol(name, real=True) for name in ("w", "x", "b", "y"))
    body = {
        "expression": "(w*x + b - y)^2",
        "variables": ["w", "b"],
        "at": {"w": 2, "b": 1},
        "parameters": {"x": 3, "y": 4},
    }
    assert ok(post(client, "/v1/gradient", body)) == {
        "variables": ["w", "b"],
        "gradient": objects(2 * x * (b + w * x - y), 2 * (b + w * x - y)),
        "values": {"gradient": [18.0, 6.0]},
        "warnings": [],
    }


def test_the_logistic_loss_gradient_values(client: FlaskClient) -> None:
    body = {
        "expression": "-(y*log(sigmoid(w*x+b)) + (1-y)*log(1-sigmoid(w*x+b)))",
        "variables": ["w", "b"],
        "at": {"w": 0.5, "b": -1},
        "parameters": {"x": 2, "y": 1},
    }
    assert ok(post(client, "/v1/gradient", body))["values"] == {"gradient": [-1.0, -0.5]}


def test_a_kink_gives_null_values(client: FlaskClient) -> None:
    body = {"expression": "abs(w1) + w2^2", "at": {"w1": 0, "w2": 1}, "hessian": None}
    assert ok(post(client, "/v1/gradient", body)) == {
        "variables": ["w1", "w2"],
        "gradient": objects(sp.sign(W1), 2 * W2),
        "values": {"gradient": [None, 2.0]},
        "warnings": [],
    }


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "expression"),
        ({"expression": "w1", "variables": []}, "variables"),
        ({"expression": "w1", "variables": ["w1", "w1"]}, "variables"),
        ({"expression": "w1", "variables": "w1"}, "variables"),
        ({"expression": "w1", "at": [1]}, "at"),
        ({"expression": "w1", "at": {"w1": True}}, "at"),
        ({"expression": "w1", "hessian": 1}, "hessian"),
        ({"expression": "w1", "hessian": "true"}, "hessian"),
        ({"expression": "w1", "parameters": {"a": [1]}}, "parameters"),
        ({"expression": "w1", "colour": "red"}, "colour"),
    ],
)
def test_a_field_of_the_wrong_type_is_a_validation_error(
    client: FlaskClient, body: dict[str, Any], field: str
) -> None:
    answer = refused(post(client, "/v1/gradient", body), 400)
    assert answer == problem(
        400,
        "validation_error",
        "Invalid request",
        f"Some fields are missing, unknown, of the wrong type or out of range: {field}.",
        errors=answer["errors"],
    )
    assert list(answer["errors"]) == [field]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            {"expression": "w1*w2", "at": {"w1": 1}},
            problem(
                422,
                "invalid_point",
                "Invalid point",
                "at gives no value for the variable w2.",
                field="at",
            ),
        ),
        (
            {"expression": "w1*w2", "at": {"w1": 1, "w2": 2, "w3": 3}},
            problem(
                422,
                "unknown_symbol",
                "Unknown symbol",
                "at gives a value to w3, which is not one of the variables.",
                field="at",
                name="w3",
            ),
        ),
        (
            {"expression": "w1*w2", "parameters": {"lam": 1}},
            problem(
                422,
                "unknown_symbol",
                "Unknown symbol",
                "The parameter lam does not occur in the expression.",
                field="parameters",
                name="lam",
            ),
        ),
        (
            {"expression": "lam*w1", "variables": ["w1"], "at": {"w1": 1}},
            problem(
                422,
                "unknown_symbol",
                "Unknown symbol",
                "The symbol lam has no value: give it one in parameters.",
                field="parameters",
                name="lam",
            ),
        ),
        (
            {"expression": "+".join(f"v{i}" for i in range(101))},
            problem(
                422,
                "too_complex",
                "Too complex",
                "At most 100 variables may be asked for at once.",
                limit="max_points",
            ),
        ),
    ],
)
def test_a_request_the_core_refuses_is_a_precise_problem(
    client: FlaskClient, body: dict[str, Any], expected: dict[str, Any]
) -> None:
    assert refused(post(client, "/v1/gradient", body), 422) == expected


def test_a_point_that_is_not_a_constant_is_an_invalid_point(client: FlaskClient) -> None:
    answer = refused(
        post(client, "/v1/gradient", {"expression": "w1*w2", "at": {"w1": "w2", "w2": 1}}), 422
    )
    assert (answer["code"], answer["field"]) == ("invalid_point", "at.w1")
