"""POST /v1/batch through the Flask app: each item answered as its endpoint would, in order."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.api import batch as batch_module
from service.api.batch import batch_operations
from service.app import create_app
from service.settings import Settings
from tests.api.responses import PROBLEM, REQUEST_ID, post
from tests.contract.openapi import ValidatingClient

ROOT = Path(__file__).resolve().parents[2]

ITEMS: list[dict[str, Any]] = [
    {"op": "derivative", "expression": "x^2 sin x"},
    {"op": "evaluate", "expression": "1/x", "at": [0, 2]},
    {"op": "concavity", "expression": "x^3 - 3x", "at": 1},
    {"op": "critical-points", "expression": "x^3 - 3x"},
    {"op": "gradient", "expression": "lam/2*(w1^2 + w2^2)", "variables": ["w1", "w2"]},
    {"op": "trace", "expression": "sin(x^2)"},
    {"op": "parse", "expression": "1/2x + sinx"},
    {"op": "derivative", "expression": "x^2 + * 3"},
    {"op": "derivative", "expression": "a*x + b"},
    {"op": "derivative", "expression": "x^2", "order": 0},
    {"op": "evaluate", "expression": "x^2", "at": "y"},
    {"op": "derivative", "expression": "x^2", "order": 1000},
    {"op": "gradient", "expression": "x", "unknown": 1},
]


def alone(client: FlaskClient, item: dict[str, Any]) -> dict[str, Any]:
    """What the item's own endpoint answers, ``{status, body}``, less the problem's
    ``instance``: an item's request id is the batch's, in the batch's response header."""
    body = {key: value for key, value in item.items() if key != "op"}
    response = post(client, f"/v1/{item['op']}", body)
    answer = response.get_json()
    if response.mimetype == PROBLEM:
        assert answer.pop("instance") == REQUEST_ID
    return {"status": response.status_code, "body": answer}


def validation_item(errors: dict[str, list[str]]) -> dict[str, Any]:
    fields = ", ".join(sorted(errors))
    return {
        "status": 400,
        "body": {
            "type": "https://deriv.example/problems/validation_error",
            "title": "Invalid request",
            "status": 400,
            "detail": f"Some fields are missing, unknown, of the wrong type or out of range: "
            f"{fields}.",
            "code": "validation_error",
            "errors": errors,
        },
    }


def test_each_item_gets_exactly_what_its_endpoint_answers_in_order(client: FlaskClient) -> None:
    response = post(client, "/v1/batch", {"requests": ITEMS})
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.get_json() == {"results": [alone(client, item) for item in ITEMS]}
    statuses = [result["status"] for result in response.get_json()["results"]]
    assert statuses == [200] * 7 + [422, 422, 400, 422, 422, 400]


def test_the_same_item_twice_gets_the_same_answer_twice(client: FlaskClient) -> None:
    item = {"op": "derivative", "expression": "x^3"}
    results = post(client, "/v1/batch", {"requests": [item, item]}).get_json()["results"]
    assert results[0] == results[1] == alone(client, item)


UNKNOWN_OP = {"op": ["<the ops of batch_operations>"]}


@pytest.mark.parametrize(
    ("item", "errors"),
    [
        (3, {"_schema": ["Each request is a JSON object with an 'op'."]}),
        (None, {"_schema": ["Each request is a JSON object with an 'op'."]}),
        ([{"op": "derivative"}], {"_schema": ["Each request is a JSON object with an 'op'."]}),
        ({"expression": "x"}, {"op": ["Missing data for required field."]}),
        ({"op": None, "expression": "x"}, {"op": ["Missing data for required field."]}),
        ({"op": "integrate", "expression": "x"}, UNKNOWN_OP),
        ({"op": "batch", "requests": []}, UNKNOWN_OP),
        ({"op": "rules"}, UNKNOWN_OP),
        ({"op": 1, "expression": "x"}, UNKNOWN_OP),
    ],
)
def test_an_item_without_a_known_op_is_a_validation_error_item_not_a_failed_batch(
    app: Flask, client: FlaskClient, item: Any, errors: dict[str, list[str]]
) -> None:
    if errors is UNKNOWN_OP:
        errors = {"op": [f"Must be one of: {', '.join(batch_operations(app))}."]}
    good = {"op": "derivative", "expression": "x^2"}
    response = post(client, "/v1/batch", {"requests": [good, item, good]})
    assert response.status_code == 200
    results = response.get_json()["results"]
    assert results == [alone(client, good), validation_item(errors), alone(client, good)]


def test_the_ops_are_every_json_post_endpoint_of_v1_but_the_batch_itself(app: Flask) -> None:
    endpoints = {
        rule.rule.removeprefix("/v1/")
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/v1/") and "POST" in (rule.methods or set())
    }
    assert set(batch_operations(app)) == endpoints - {"batch", "plot"}


def test_a_plot_is_not_a_batch_item(client: FlaskClient) -> None:
    body = {"requests": [{"op": "plot", "expression": "x^2", "interval": [0, 1]}]}
    [item] = post(client, "/v1/batch", body).get_json()["results"]
    assert item["status"] == 400
    assert item["body"]["code"] == "validation_error"


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({}, {"requests": ["Missing data for required field."]}),
        ({"requests": None}, {"requests": ["Missing data for required field."]}),
        ({"requests": {"op": "derivative"}}, {"requests": ["Not a valid list."]}),
        ({"requests": []}, {"requests": ["Shorter than minimum length 1."]}),
        (
            {"requests": [{"op": "parse", "expression": "x"}], "extra": 1},
            {"extra": ["Unknown field."]},
        ),
        (
            {"requests": [{"op": "parse", "expression": "x"}] * 101},
            {"requests": ["A batch holds at most 100 requests."]},
        ),
    ],
)
def test_the_whole_batch_is_a_400_only_when_its_body_is_invalid(
    client: FlaskClient, body: dict[str, Any], errors: dict[str, list[str]]
) -> None:
    response = post(client, "/v1/batch", body)
    assert response.status_code == 400
    assert response.mimetype == PROBLEM
    assert response.get_json() == {**validation_item(errors)["body"], "instance": REQUEST_ID}


def test_a_body_that_is_not_an_object_is_invalid_json(client: FlaskClient) -> None:
    response = post(client, "/v1/batch", [{"op": "derivative", "expression": "x"}])
    assert response.status_code == 400
    assert response.mimetype == PROBLEM
    assert response.get_json()["code"] == "invalid_json"


def test_a_full_batch_of_a_hundred_items_is_answered_in_order(client: FlaskClient) -> None:
    items = [{"op": "derivative", "expression": f"x^{n}"} for n in range(3, 103)]
    results = post(client, "/v1/batch", {"requests": items}).get_json()["results"]
    texts = [result["body"]["derivative"]["text"] for result in results]
    assert texts == [f"{n}*x^{n - 1}" for n in range(3, 103)]


def deadline_item(seconds: str) -> dict[str, Any]:
    return {
        "status": 422,
        "body": {
            "type": "https://deriv.example/problems/too_complex",
            "title": "Too complex",
            "status": 422,
            "detail": f"The batch reached its deadline of {seconds} s before this request started.",
            "code": "too_complex",
            "limit": "batch_deadline",
        },
    }


@pytest.fixture
def hasty_app() -> Iterator[Flask]:
    """An app whose batch deadline has passed before the first item can start."""
    application = create_app(Settings.from_env({"DERIV_BATCH_DEADLINE_SECONDS": "1e-9"}))
    yield application
    application.extensions["deriv.pool"].close()


def test_items_not_started_by_the_batch_deadline_are_too_complex(hasty_app: Flask) -> None:
    client = ValidatingClient(hasty_app, hasty_app.response_class)
    items = [{"op": "derivative", "expression": "x^2"}, {"op": "parse", "expression": "x"}]
    response = post(client, "/v1/batch", {"requests": items})
    assert response.status_code == 200
    assert response.get_json() == {"results": [deadline_item("1e-09")] * 2}


def test_items_started_before_the_deadline_are_answered_and_the_rest_are_not(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    ticks = itertools.count(step=4.0)

    class Clock:
        """Four seconds pass between two readings: items start at 4 s, 8 s, 12 s, 16 s."""

        @staticmethod
        def monotonic() -> float:
            return float(next(ticks))

    monkeypatch.setattr(batch_module, "time", Clock)
    items = [{"op": "derivative", "expression": f"x^{n}"} for n in range(2, 6)]
    results = post(client, "/v1/batch", {"requests": items}).get_json()["results"]
    assert results[:2] == [alone(client, item) for item in items[:2]]
    assert results[2:] == [deadline_item("10")] * 2


def test_the_worker_timeout_of_gunicorn_outlasts_a_batch_and_its_last_item(
    tmp_path: Path,
) -> None:
    env = {
        **os.environ,
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path),
        "DERIV_BATCH_DEADLINE_SECONDS": "40",
        "DERIV_DEADLINE_SECONDS": "5",
        "DERIV_QUEUE_TIMEOUT_SECONDS": "3",
    }
    read_timeout = "import runpy; print(runpy.run_path('gunicorn.conf.py')['timeout'])"
    result = subprocess.run(
        [sys.executable, "-c", read_timeout],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert int(result.stdout) > 40 + 5 + 3
