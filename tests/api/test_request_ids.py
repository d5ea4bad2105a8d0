"""Request ids: a caller's safe X-Request-ID is kept, anything else replaced; every response
echoes it, every problem carries it as ``instance``, and log lines written meanwhile name it."""

from __future__ import annotations

import json
import logging
import re
import sys
from dataclasses import replace

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from service.api.request_ids import RequestIdFilter
from service.app import create_app
from service.logs import JsonLines
from service.settings import Settings
from tests.api.responses import post

GENERATED = re.compile(r"[0-9a-f]{32}")


def derivative(client: FlaskClient, expression: str, **headers: str) -> TestResponse:
    return post(client, "/v1/derivative", {"expression": expression}, headers=headers)


@pytest.mark.parametrize(
    "request_id",
    ["a", "3f2b9c1e-8d4a-4e3b-9f0a-1c2d3e4f5a6b", "moodle-q17.attempt_3~2", "A" * 64],
)
def test_a_short_safe_id_is_echoed_and_is_the_problems_instance(
    app: Flask, request_id: str
) -> None:
    client = app.test_client()
    ok = derivative(client, "x^2", **{"X-Request-ID": request_id})
    refused = derivative(client, "x^2 + * 3", **{"X-Request-ID": request_id})
    assert ok.headers["X-Request-ID"] == request_id
    assert refused.headers["X-Request-ID"] == request_id
    assert refused.get_json()["instance"] == request_id


@pytest.mark.parametrize(
    "given",
    [
        "",
        "has space",
        "A" * 65,
        "-starts-with-a-dash",
        'quote"d',
        "semi;colon",
        "caf\u00e9",
        "line\tbreak",
        "slash/and:colon",
    ],
)
def test_an_unsafe_or_long_id_is_replaced_by_a_generated_one(app: Flask, given: str) -> None:
    response = derivative(app.test_client(), "sinn(x)", **{"X-Request-ID": given})
    request_id = response.headers["X-Request-ID"]
    assert GENERATED.fullmatch(request_id)
    assert response.get_json()["instance"] == request_id


def test_without_a_header_every_request_gets_a_new_id(app: Flask) -> None:
    client = app.test_client()
    ids = [client.get("/healthz").headers["X-Request-ID"] for _ in range(3)]
    assert all(GENERATED.fullmatch(request_id) for request_id in ids)
    assert len(set(ids)) == 3


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [("GET", "/v2/nothing", 404), ("GET", "/v1/derivative", 405), ("GET", "/docs/assets/x", 404)],
)
def test_routing_problems_carry_the_id_too(app: Flask, method: str, path: str, status: int) -> None:
    response = app.test_client().open(path, method=method, headers={"X-Request-ID": "r-1"})
    assert response.status_code == status
    assert (response.headers["X-Request-ID"], response.get_json()["instance"]) == ("r-1", "r-1")


def test_an_unauthorized_request_carries_the_id(settings: Settings) -> None:
    keyed = create_app(replace(settings, api_keys=("secret",), compute_processes=1))
    try:
        response = derivative(keyed.test_client(), "x", **{"X-Request-ID": "no-key-1"})
    finally:
        keyed.extensions["deriv.pool"].close()
    assert response.status_code == 401
    assert response.get_json()["instance"] == "no-key-1"


def test_a_batch_items_problem_has_no_instance_of_its_own(app: Flask) -> None:
    response = post(
        app.test_client(),
        "/v1/batch",
        {"requests": [{"op": "derivative", "expression": "x^2 + * 3"}]},
        headers={"X-Request-ID": "batch-1"},
    )
    assert response.headers["X-Request-ID"] == "batch-1"
    item = response.get_json()["results"][0]
    assert item["status"] == 422
    assert "instance" not in item["body"]


def test_a_log_line_written_during_a_request_names_it(app: Flask) -> None:
    with app.test_request_context("/v1/derivative", headers={"X-Request-ID": "log-1"}):
        app.preprocess_request()
        record = logging.LogRecord(
            "service.test", logging.WARNING, __file__, 1, "hi %s", ("x",), None
        )
        assert RequestIdFilter().filter(record)
    line = json.loads(JsonLines().format(record))
    assert line["request_id"] == "log-1"
    assert (line["level"], line["logger"], line["message"]) == ("WARNING", "service.test", "hi x")


def test_a_log_line_outside_a_request_has_no_id() -> None:
    record = logging.LogRecord("service.test", logging.INFO, __file__, 1, "boot", (), None)
    assert RequestIdFilter().filter(record)
    assert "request_id" not in json.loads(JsonLines().format(record))


def test_no_log_field_is_unbounded() -> None:
    expression = "x+" * 50_000 + "x"
    record = logging.LogRecord(
        "service.test", logging.ERROR, __file__, 1, "%s", (expression,), None
    )
    try:
        raise ValueError(expression)
    except ValueError:
        record.exc_info = sys.exc_info()
    text = JsonLines().format(record)
    line = json.loads(text)
    assert len(text) < 5000
    assert line["message"].endswith(f"… [{len(expression) - 2000} more characters]")
    assert line["exc_info"].startswith("Traceback")
