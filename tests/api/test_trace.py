"""POST /v1/trace through the Flask app: whole traces, detail, orders, and bad requests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import sympy as sp
from flask.testing import FlaskClient

from service.app import create_app
from service.operations.shapes import expression_object
from service.settings import Settings
from tests.api.responses import PROBLEM, post
from tests.contract.openapi import ValidatingClient

x = sp.Symbol("x", real=True)
u = sp.Symbol("u", real=True)


def problem_of(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status
    assert response.mimetype == PROBLEM
    body: dict[str, Any] = response.get_json()
    assert (body["code"], body["status"]) == (code, status)
    assert body["type"].endswith(code)
    assert body["title"] and body["detail"]
    return body


def nodes(node: dict[str, Any]) -> list[dict[str, Any]]:
    found = [node]
    for sub in node["substeps"]:
        found.extend(nodes(sub))
    return found


@pytest.fixture(scope="module")
def small_client() -> Iterator[FlaskClient]:
    """A client of an app whose traces may have at most 10 steps."""
    app = create_app(Settings.from_env({"DERIV_MAX_TRACE_NODES": "10"}))
    yield ValidatingClient(app, app.response_class)
    app.extensions["deriv.pool"].close()


def test_a_chain_trace_is_answered_whole(client: FlaskClient) -> None:
    response = post(client, "/v1/trace", {"expression": "sin(x^2)"})
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    derivative = expression_object(2 * x * sp.cos(x**2))
    assert response.get_json() == {
        "derivative": derivative,
        "traces": [
            {
                "order": 1,
                "trace": {
                    "rule": "chain",
                    "variable": "x",
                    "expression": expression_object(sp.sin(x**2)),
                    "result": derivative,
                    "formula": r"\frac{d}{dx} f\left(g\left(x\right)\right) = f'\left(u\right) "
                    r"g'\left(x\right), \quad u = g\left(x\right)",
                    "explanation": "Chain rule with outer function sin(u) and inner function "
                    "u = x^2: the outer derivative cos(u) with u put back is cos(x^2); times the "
                    "inner derivative 2*x it gives cos(x^2)*2*x. Written in the usual order, "
                    "this is 2*x*cos(x^2).",
                    "explanation_latex": r"Chain rule with outer function $\sin{\left(u "
                    r"\right)}$ and inner function $u = x^{2}$: the outer derivative "
                    r"$\cos{\left(u \right)}$ with $u$ put back is $\cos{\left(x^{2} "
                    r"\right)}$; times the inner derivative $2 x$ it gives $\cos{\left(x^{2} "
                    r"\right)} \cdot 2 x$. Written in the usual order, this is $2 x "
                    r"\cos{\left(x^{2} \right)}$.",
                    "assembled": {
                        "text": "cos(x^2)*2*x",
                        "latex": r"\cos{\left(x^{2} \right)} \cdot 2 x",
                        "mathml": '<math xmlns="http://www.w3.org/1998/Math/MathML"><mrow>'
                        "<mrow><mi>cos</mi><mrow><mo>(</mo><msup><mi>x</mi><mn>2</mn></msup>"
                        "<mo>)</mo></mrow></mrow><mo>&#xb7;</mo><mrow><mn>2</mn><mo>&#x2062;"
                        "</mo><mi>x</mi></mrow></mrow></math>",
                    },
                    "substeps": [
                        {
                            "rule": "sin",
                            "variable": "u",
                            "expression": expression_object(sp.sin(u)),
                            "result": expression_object(sp.cos(u)),
                            "formula": r"\frac{d}{dx} \sin x = \cos x",
                            "explanation": "The derivative of sin(u) with respect to u is cos(u).",
                            "explanation_latex": r"The derivative of $\sin{\left(u \right)}$ "
                            r"with respect to $u$ is $\cos{\left(u \right)}$.",
                            "substeps": [],
                        },
                        {
                            "rule": "power",
                            "variable": "x",
                            "expression": expression_object(x**2),
                            "result": expression_object(2 * x),
                            "formula": r"\frac{d}{dx} x^{n} = n x^{n - 1}",
                            "explanation": "Power rule with n = 2: bring the exponent down and "
                            "lower it by one, which gives 2*x.",
                            "explanation_latex": "Power rule with $n = 2$: bring the exponent "
                            "down and lower it by one, which gives $2 x$.",
                            "substeps": [],
                        },
                    ],
                },
            }
        ],
        "warnings": [],
    }


@pytest.mark.parametrize(
    ("body", "order"),
    [
        ({"expression": "x^2*sin(x)"}, 1),
        ({"expression": "(x^2+1)/(x-3)", "order": 2}, 2),
        ({"expression": "lam/2*w^2", "variable": "w"}, 1),
        ({"expression": "x^x", "order": 3}, 3),
        ({"expression": r"\frac{\sin x}{x}", "syntax": "latex"}, 1),
    ],
)
def test_each_root_is_the_derivative_endpoints_answer(
    client: FlaskClient, body: dict[str, Any], order: int
) -> None:
    traced = post(client, "/v1/trace", body).get_json()
    assert [item["order"] for item in traced["traces"]] == list(range(1, order + 1))
    for item in traced["traces"]:
        derived = post(client, "/v1/derivative", {**body, "order": item["order"]})
        assert item["trace"]["result"] == derived.get_json()["derivative"]
    assert traced["derivative"] == traced["traces"][-1]["trace"]["result"]


def test_the_fourth_order_trace_of_sine_cycles_back_to_sine(client: FlaskClient) -> None:
    traced = post(client, "/v1/trace", {"expression": "sin x", "order": 4}).get_json()
    roots = [item["trace"] for item in traced["traces"]]
    assert [root["expression"]["text"] for root in roots] == [
        "sin(x)",
        "cos(x)",
        "-sin(x)",
        "-cos(x)",
    ]
    assert traced["derivative"]["text"] == "sin(x)"


def test_brief_detail_keeps_the_rules_of_calculus_and_the_assembled_line(
    client: FlaskClient,
) -> None:
    full = post(client, "/v1/trace", {"expression": "(x^2+1)/(x-3)"}).get_json()["traces"][0][
        "trace"
    ]
    brief = post(client, "/v1/trace", {"expression": "(x^2+1)/(x-3)", "detail": "brief"}).get_json()
    root = brief["traces"][0]["trace"]
    assert [node["rule"] for node in nodes(root)] == ["quotient", "power"]
    assert root["assembled"] == full["assembled"]
    assert root["assembled"]["text"] == "(2*x*(x - 3) - (x^2 + 1)*1)/(x - 3)^2"
    assert [node["rule"] for node in nodes(full)] == [
        "quotient",
        "sum",
        "power",
        "constant",
        "sum",
        "identity",
        "constant",
    ]


def test_json_null_means_the_defaults(client: FlaskClient) -> None:
    body = {"expression": "x^3", "variable": None, "order": None, "detail": None, "syntax": None}
    response = post(client, "/v1/trace", body)
    assert response.status_code == 200
    assert response.get_json()["derivative"]["text"] == "3*x^2"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "expression"),
        ({"expression": "x", "detail": "short"}, "detail"),
        ({"expression": "x", "detail": 1}, "detail"),
        ({"expression": "x", "order": 0}, "order"),
        ({"expression": "x", "order": "2"}, "order"),
        ({"expression": "x", "syntax": "mathml"}, "syntax"),
        ({"expression": "x", "steps": True}, "steps"),
    ],
)
def test_a_bad_field_is_a_validation_error(
    client: FlaskClient, body: dict[str, Any], field: str
) -> None:
    problem = problem_of(post(client, "/v1/trace", body), 400, "validation_error")
    assert field in problem["errors"]


def test_an_order_above_the_maximum_is_too_complex(client: FlaskClient) -> None:
    body = problem_of(
        post(client, "/v1/trace", {"expression": "x", "order": 51}), 422, "too_complex"
    )
    assert body["limit"] == "max_order"


def test_a_trace_over_the_step_limit_is_too_complex(small_client: FlaskClient) -> None:
    response = post(small_client, "/v1/trace", {"expression": "x^2*sin(x) + exp(-x^2) + cos(3x)"})
    assert problem_of(response, 422, "too_complex")["limit"] == "max_trace_nodes"


def test_several_symbols_without_a_variable_is_ambiguous(client: FlaskClient) -> None:
    body = problem_of(
        post(client, "/v1/trace", {"expression": "a*x + b"}), 422, "ambiguous_variable"
    )
    assert body["candidates"] == ["a", "b", "x"]


def test_a_syntax_error_names_its_position(client: FlaskClient) -> None:
    body = problem_of(post(client, "/v1/trace", {"expression": "x^2 + * 3"}), 422, "parse_error")
    assert (body["field"], body["position"]) == ("expression", 6)
