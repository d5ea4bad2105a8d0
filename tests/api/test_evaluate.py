"""POST /v1/evaluate through the Flask app: values, undefined points, and every bad request."""

from __future__ import annotations

from typing import Any

import pytest
import sympy as sp
from flask.testing import FlaskClient

from service.operations.shapes import expression_object, point_object
from tests.api.responses import ok, post, problem, refused


def value(order: int, exact: sp.Expr, number: float) -> dict[str, Any]:
    return {"order": order, "exact": expression_object(exact), "value": number, "defined": True}


def undefined(order: int, reason: str) -> dict[str, Any]:
    return {
        "order": order,
        "exact": None,
        "value": None,
        "defined": False,
        "reason": reason,
    }


def test_the_seed_product_rule_value_is_exact_and_rounded(client: FlaskClient) -> None:
    body = {"expression": "x^2*sin(x)", "at": 1, "orders": [0, 1]}
    assert ok(post(client, "/v1/evaluate", body)) == {
        "variable": "x",
        "points": [
            {
                "at": point_object(sp.S.One),
                "values": [
                    value(0, sp.sin(1), 0.8414709848078965),
                    value(1, 2 * sp.sin(1) + sp.cos(1), 2.2232442754839328),
                ],
            }
        ],
        "warnings": [],
    }


def test_the_l2_penalty_gradient_with_a_parameter_is_0_005(client: FlaskClient) -> None:
    body = {"expression": "lam/2*w^2", "at": 0.5, "orders": [1], "parameters": {"lam": 0.01}}
    assert ok(post(client, "/v1/evaluate", body)) == {
        "variable": "w",
        "points": [
            {
                "at": point_object(sp.Rational(1, 2)),
                "values": [value(1, sp.Rational(1, 200), 0.005)],
            }
        ],
        "warnings": [],
    }


def test_a_pole_is_undefined_and_the_point_beside_it_is_not(client: FlaskClient) -> None:
    assert ok(post(client, "/v1/evaluate", {"expression": "1/x", "at": [0, "2"]})) == {
        "variable": "x",
        "points": [
            {
                "at": point_object(sp.S.Zero),
                "values": [undefined(0, "division by zero")],
            },
            {"at": point_object(sp.Integer(2)), "values": [value(0, sp.Rational(1, 2), 0.5)]},
        ],
        "warnings": [],
    }


def test_abs_at_zero_is_zero_and_its_derivative_is_undefined(client: FlaskClient) -> None:
    assert ok(
        post(client, "/v1/evaluate", {"expression": "abs(x)", "at": 0, "orders": [0, 1]})
    ) == {
        "variable": "x",
        "points": [
            {
                "at": point_object(sp.S.Zero),
                "values": [
                    value(0, sp.S.Zero, 0.0),
                    undefined(1, "not differentiable at this point"),
                ],
            }
        ],
        "warnings": [],
    }


@pytest.mark.parametrize(
    ("expression", "at", "reason"),
    [
        ("log(x)", "-1", "not real"),
        ("sqrt(x)", -1, "not real"),
        ("sin(x)/x", 0, "division by zero"),
        ("tan(x)", "pi/2", "pole"),
    ],
)
def test_a_textbook_trap_answers_200_with_the_reason(
    client: FlaskClient, expression: str, at: Any, reason: str
) -> None:
    [point] = ok(post(client, "/v1/evaluate", {"expression": expression, "at": at}))["points"]
    [result] = point["values"]
    assert (result["value"], result["defined"], result["reason"]) == (None, False, reason)


def test_json_null_means_the_field_was_omitted(client: FlaskClient) -> None:
    body = {
        "expression": "x^3",
        "at": "1/2",
        "variable": None,
        "orders": None,
        "parameters": None,
        "syntax": None,
    }
    assert ok(post(client, "/v1/evaluate", body)) == {
        "variable": "x",
        "points": [
            {
                "at": point_object(sp.Rational(1, 2)),
                "values": [value(0, sp.Rational(1, 8), 0.125)],
            }
        ],
        "warnings": [],
    }


def test_latex_input_is_evaluated_like_plain_input(client: FlaskClient) -> None:
    body = {"expression": r"\frac{1}{x}", "syntax": "latex", "at": 4, "orders": [1]}
    [point] = ok(post(client, "/v1/evaluate", body))["points"]
    assert point["values"] == [value(1, sp.Rational(-1, 16), -0.0625)]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"expression": "x"}, "at"),
        ({"at": 1}, "expression"),
        ({"expression": "x", "at": True}, "at"),
        ({"expression": "x", "at": []}, "at"),
        ({"expression": "x", "at": [1, None]}, "at"),
        ({"expression": "x", "at": {"x": 1}}, "at"),
        ({"expression": "x", "at": 1, "orders": []}, "orders"),
        ({"expression": "x", "at": 1, "orders": [-1]}, "orders"),
        ({"expression": "x", "at": 1, "orders": [True]}, "orders"),
        ({"expression": "x", "at": 1, "orders": [1.5]}, "orders"),
        ({"expression": "x", "at": 1, "orders": 1}, "orders"),
        ({"expression": "x", "at": 1, "parameters": [1]}, "parameters"),
        ({"expression": "x", "at": 1, "parameters": {"a": True}}, "parameters"),
        ({"expression": "x", "at": 1, "colour": "red"}, "colour"),
    ],
)
def test_a_field_of_the_wrong_type_or_range_is_a_validation_error(
    client: FlaskClient, body: dict[str, Any], field: str
) -> None:
    answer = refused(post(client, "/v1/evaluate", body), 400)
    assert answer == problem(
        400,
        "validation_error",
        "Invalid request",
        f"Some fields are missing, unknown, of the wrong type or out of range: {field}.",
        errors=answer["errors"],
    )
    assert list(answer["errors"]) == [field]


def test_a_point_with_a_free_symbol_is_an_invalid_point(client: FlaskClient) -> None:
    answer = refused(post(client, "/v1/evaluate", {"expression": "x^2", "at": ["1", "y"]}), 422)
    assert answer == problem(422, "invalid_point", "Invalid point", answer["detail"], field="at[1]")
    assert "y" in answer["detail"]


def test_a_point_that_does_not_parse_is_a_parse_error(client: FlaskClient) -> None:
    answer = refused(post(client, "/v1/evaluate", {"expression": "x^2", "at": "1+"}), 422)
    assert (answer["code"], answer["field"]) == ("parse_error", "at")


def test_a_parameter_that_is_not_in_the_expression_is_an_unknown_symbol(
    client: FlaskClient,
) -> None:
    body = {"expression": "lam/2*w^2", "variable": "w", "at": 1, "parameters": {"mu": 1}}
    assert refused(post(client, "/v1/evaluate", body), 422) == problem(
        422,
        "unknown_symbol",
        "Unknown symbol",
        "The parameter mu does not occur in the expression.",
        field="parameters",
        name="mu",
    )


def test_a_symbol_left_without_a_value_is_an_unknown_symbol(client: FlaskClient) -> None:
    body = {"expression": "lam/2*w^2", "variable": "w", "at": 1}
    assert refused(post(client, "/v1/evaluate", body), 422) == problem(
        422,
        "unknown_symbol",
        "Unknown symbol",
        "The symbol lam has no value: give it one in parameters.",
        field="parameters",
        name="lam",
    )


def test_several_symbols_without_values_are_ambiguous(client: FlaskClient) -> None:
    answer = refused(post(client, "/v1/evaluate", {"expression": "a*x + b", "at": 1}), 422)
    assert (answer["code"], answer["candidates"]) == ("ambiguous_variable", ["a", "b", "x"])


@pytest.mark.parametrize(
    ("body", "limit", "detail"),
    [
        (
            {"expression": "x", "at": list(range(101))},
            "max_points",
            "At most 100 points may be asked for at once.",
        ),
        (
            {"expression": "x", "at": 1, "orders": [51]},
            "max_order",
            "Order 51 is above the maximum of 50.",
        ),
        (
            {"expression": "x^1000", "at": 3},
            "max_digits",
            "The exact value would have more than 100 digits.",
        ),
    ],
)
def test_a_request_over_a_limit_is_too_complex(
    client: FlaskClient, body: dict[str, Any], limit: str, detail: str
) -> None:
    assert refused(post(client, "/v1/evaluate", body), 422) == problem(
        422, "too_complex", "Too complex", detail, limit=limit
    )
