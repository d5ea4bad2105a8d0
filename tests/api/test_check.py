"""POST /v1/check through the Flask app: verdicts with feedback, and every kind of bad request."""

from __future__ import annotations

from typing import Any

import pytest
import sympy as sp
from flask.testing import FlaskClient

from service.operations.shapes import expression_object
from tests.api.responses import PROBLEM, REQUEST_ID, post

X = sp.Symbol("x", real=True)


def answer_of(response: Any) -> dict[str, Any]:
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    body: dict[str, Any] = response.get_json()
    return body


def test_multiplied_derivatives_are_named_as_the_product_rule_mistake(
    client: FlaskClient,
) -> None:
    body = answer_of(post(client, "/v1/check", {"expression": "x^2 sin x", "answer": "2x cos x"}))
    assert body == {
        "correct": False,
        "expected": expression_object(X**2 * sp.cos(X) + 2 * X * sp.sin(X)),
        "answer": expression_object(2 * X * sp.cos(X)),
        "method": "numeric",
        "feedback": [
            {
                "code": "product_of_derivatives",
                "message": "It looks like you multiplied the derivatives of x^2 and sin(x); "
                "the product rule is (uv)' = u'v + uv': differentiate one factor at a time "
                "and keep the others.",
                "message_latex": r"It looks like you multiplied the derivatives of $x^{2}$ and "
                r"$\sin{\left(x \right)}$; the product rule is $(uv)' = u'v + uv'$: "
                "differentiate one factor at a time and keep the others.",
            }
        ],
        "warnings": [],
    }


def test_a_right_answer_in_another_form_is_correct_without_feedback(client: FlaskClient) -> None:
    body = answer_of(
        post(client, "/v1/check", {"expression": "tan x", "answer": "1 + tan(x)^2", "seed": 7})
    )
    assert body == {
        "correct": True,
        "expected": expression_object(sp.sec(X) ** 2),
        "answer": expression_object(sp.tan(X) ** 2 + 1),
        "method": "numeric",
        "feedback": [],
        "warnings": [],
    }


def test_a_learners_latex_answer_from_an_lms_gets_quotient_feedback(client: FlaskClient) -> None:
    request = {
        "expression": r"\frac{x^{2}+1}{x-3}",
        "syntax": "latex",
        "answer": r"\frac{2x\cdot(x-3)-(x^{2}+1)}{x-3}",
    }
    body = answer_of(post(client, "/v1/check", request))
    assert body == {
        "correct": False,
        "expected": expression_object((X**2 - 6 * X - 1) / (X - 3) ** 2),
        "answer": expression_object((2 * X * (X - 3) - (X**2 + 1)) / (X - 3)),
        "method": "numeric",
        "feedback": [
            {
                "code": "quotient_missing_square",
                "message": "The denominator should be the square (x - 3)^2, not x - 3; the "
                "quotient rule is (u/v)' = (u'v - uv')/v^2.",
                "message_latex": r"The denominator should be the square $\left(x - "
                r"3\right)^{2}$, not $x - 3$; the quotient rule is $\left(\frac{u}{v}"
                r"\right)' = \frac{u'v - uv'}{v^{2}}$.",
            }
        ],
        "warnings": [],
    }


def test_a_plain_answer_to_a_latex_expression_uses_answer_syntax(client: FlaskClient) -> None:
    request = {
        "expression": r"x^{2}\sin x",
        "syntax": "latex",
        "answer": "2x sin x + x^2 cos x",
        "answer_syntax": "plain",
        "variable": None,
        "order": None,
        "seed": None,
    }
    body = answer_of(post(client, "/v1/check", request))
    assert (body["correct"], body["method"], body["feedback"]) == (True, "symbolic", [])


def test_a_higher_order_answer_one_order_short_is_the_wrong_order(client: FlaskClient) -> None:
    body = answer_of(post(client, "/v1/check", {"expression": "x^4", "answer": "4x^3", "order": 2}))
    assert body == {
        "correct": False,
        "expected": expression_object(12 * X**2),
        "answer": expression_object(4 * X**3),
        "method": "numeric",
        "feedback": [
            {
                "code": "wrong_order",
                "message": "This is the 1st derivative, but the 2nd was asked for: count how "
                "many times you differentiated.",
                "message_latex": "This is the 1st derivative, but the 2nd was asked for: count "
                "how many times you differentiated.",
            }
        ],
        "warnings": [],
    }


def test_a_wrong_answer_like_no_known_mistake_gets_the_neutral_item(client: FlaskClient) -> None:
    body = answer_of(post(client, "/v1/check", {"expression": "x^3", "answer": "5x"}))
    assert body["feedback"] == [
        {
            "code": "incorrect",
            "message": "This is not the derivative, and it does not match any of the common "
            "mistakes Deriv knows: check each step again.",
            "message_latex": "This is not the derivative, and it does not match any of the "
            "common mistakes Deriv knows: check each step again.",
        }
    ]


def test_an_undecidable_answer_is_null_with_a_reason(client: FlaskClient) -> None:
    body = answer_of(
        post(client, "/v1/check", {"expression": "sqrt(x)", "answer": "sqrt(-x^2 - 1)"})
    )
    assert body == {
        "correct": None,
        "expected": expression_object(1 / (2 * sp.sqrt(X))),
        "answer": expression_object(sp.sqrt(-(X**2) - 1)),
        "method": "numeric",
        "feedback": [],
        "reason": "could not find enough points where both are defined",
        "warnings": [],
    }


def test_an_unparseable_answer_is_a_parse_error_of_the_answer(client: FlaskClient) -> None:
    response = post(client, "/v1/check", {"expression": "x^2", "answer": "2x +"})
    assert response.status_code == 422
    assert response.mimetype == PROBLEM
    assert response.get_json() == {
        "type": "https://deriv.example/problems/parse_error",
        "title": "The text could not be parsed",
        "status": 422,
        "detail": "The text of 'answer' ends too early: a number, a name or '(' is missing.",
        "code": "parse_error",
        "field": "answer",
        "position": 4,
        "excerpt": "2x +\n    ^",
        "instance": REQUEST_ID,
    }


def test_an_answer_with_a_symbol_the_function_lacks_is_an_unknown_symbol(
    client: FlaskClient,
) -> None:
    response = post(client, "/v1/check", {"expression": "x^2", "answer": "2y"})
    assert response.status_code == 422
    assert response.mimetype == PROBLEM
    assert response.get_json() == {
        "type": "https://deriv.example/problems/unknown_symbol",
        "title": "Unknown symbol",
        "status": 422,
        "detail": "The answer uses y, which the function does not have.",
        "code": "unknown_symbol",
        "field": "answer",
        "name": "y",
        "instance": REQUEST_ID,
    }


@pytest.mark.parametrize(
    ("request_", "errors"),
    [
        ({"expression": "x^2", "answer": "2x", "seed": True}, {"seed": ["Not a valid integer."]}),
        (
            {"expression": "x^2", "answer": "2x", "seed": -1},
            {
                "seed": [
                    "Must be greater than or equal to 0 and less than or equal to "
                    "9223372036854775807."
                ]
            },
        ),
        (
            {"expression": "x^2", "answer": "2x", "order": 0},
            {"order": ["Must be greater than or equal to 1."]},
        ),
        ({"expression": "x^2"}, {"answer": ["Missing data for required field."]}),
        (
            {"expression": "x^2", "answer": "2x", "answer_syntax": "mathml"},
            {"answer_syntax": ["Must be one of: plain, latex."]},
        ),
        ({"expression": "x^2", "answer": 2}, {"answer": ["Not a valid string."]}),
    ],
)
def test_invalid_fields_are_validation_errors(
    client: FlaskClient, request_: dict[str, Any], errors: dict[str, list[str]]
) -> None:
    response = post(client, "/v1/check", request_)
    assert response.status_code == 400
    assert response.mimetype == PROBLEM
    body = response.get_json()
    assert (body["code"], body["errors"]) == ("validation_error", errors)
