"""The response validator that every API test uses catches responses that break the contract."""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask import Flask, Response
from openapi_core.validation.response.exceptions import (
    DataValidationError,
    MissingRequiredHeader,
)
from werkzeug.exceptions import HTTPException

from .openapi import ValidatingClient, validate_response

GOOD_EXPRESSION = {"text": "2*x", "latex": "2 x", "mathml": "<math></math>"}


def fake_app(status: int, body: Any, mimetype: str, headers: dict[str, str] | None = None) -> Flask:
    """An app whose /v1/derivative and unknown paths answer ``body``, right or wrong."""
    app = Flask(__name__)

    def answer() -> Response:
        return Response(json.dumps(body), status=status, mimetype=mimetype, headers=headers)

    app.add_url_rule("/v1/derivative", "derivative", answer, methods=["POST"])
    app.register_error_handler(HTTPException, lambda _: answer())
    return app


def call(app: Flask, path: str = "/v1/derivative") -> None:
    ValidatingClient(app, app.response_class).post(path, json={"expression": "x^2"})


def test_a_response_matching_the_contract_passes() -> None:
    body = {
        "input": GOOD_EXPRESSION,
        "variable": "x",
        "order": 1,
        "derivative": GOOD_EXPRESSION,
        "warnings": [],
    }
    call(fake_app(200, body, "application/json"))


def test_a_missing_field_is_caught() -> None:
    with pytest.raises(DataValidationError):
        call(fake_app(200, {"derivative": GOOD_EXPRESSION}, "application/json"))


def test_an_undocumented_problem_code_is_caught() -> None:
    problem = {"type": "t", "title": "t", "status": 422, "detail": "d", "code": "made_up"}
    with pytest.raises(DataValidationError):
        call(fake_app(422, problem, "application/problem+json"))


def test_a_503_without_retry_after_is_caught() -> None:
    problem = {"type": "t", "title": "t", "status": 503, "detail": "d", "code": "overloaded"}
    with pytest.raises(MissingRequiredHeader):
        call(fake_app(503, problem, "application/problem+json"))


def test_an_unknown_path_must_answer_a_problem() -> None:
    with pytest.raises(AssertionError):
        call(fake_app(404, "<h1>Not Found</h1>", "text/html"), "/nowhere")


def test_validate_response_accepts_the_real_apps_404(client: Any) -> None:
    validate_response(client.get("/nowhere"))
