"""A batch against the real gunicorn server: every op in one request, each item answered as
its endpoint answers it, and a full batch of small items well inside the batch deadline."""

from __future__ import annotations

import time
from typing import Any

import pytest
import requests

from tests.contract.openapi import validate_http_response

pytestmark = pytest.mark.slow

ONE_PER_OP: list[dict[str, Any]] = [
    {"op": "derivative", "expression": "x^2 sin x"},
    {"op": "evaluate", "expression": "x^2*sin(x)", "at": [1, "pi/2"], "orders": [0, 1]},
    {"op": "concavity", "expression": "x^3 - 3x", "at": [-1, 1]},
    {"op": "critical-points", "expression": "x^3 - 3x"},
    {"op": "gradient", "expression": "(w*x + b - y)^2", "variables": ["w", "b"]},
    {"op": "trace", "expression": "sin(x^2)"},
    {"op": "parse", "expression": "1/2x + sinx"},
    {"op": "check", "expression": "x^2", "answer": "2x"},
    {"op": "derivative", "expression": "sinn(x)"},
    {"op": "integrate", "expression": "x"},
]


def post(live_server: str, path: str, body: Any) -> requests.Response:
    response = requests.post(live_server + path, json=body, timeout=30)
    validate_http_response(response)
    return response


def test_every_item_gets_what_its_endpoint_answers_over_http(live_server: str) -> None:
    response = post(live_server, "/v1/batch", {"requests": ONE_PER_OP})
    assert response.status_code == 200
    results = response.json()["results"]
    assert len(results) == len(ONE_PER_OP)
    for item, result in zip(ONE_PER_OP[:-1], results[:-1], strict=True):
        body = {key: value for key, value in item.items() if key != "op"}
        alone = post(live_server, f"/v1/{item['op']}", body)
        # A problem answered alone carries its request's id as `instance`; inside a batch the
        # id is the batch's (its X-Request-ID header), so the item has none.
        expected = {key: value for key, value in alone.json().items() if key != "instance"}
        assert result == {"status": alone.status_code, "body": expected}, item
    assert results[-1]["status"] == 400
    assert results[-1]["body"]["errors"].keys() == {"op"}


def test_a_hundred_small_items_finish_well_inside_the_batch_deadline(live_server: str) -> None:
    items = [{"op": "derivative", "expression": f"{n}x^2 + sin({n}x)"} for n in range(1, 101)]
    started = time.monotonic()
    response = post(live_server, "/v1/batch", {"requests": items})
    elapsed = time.monotonic() - started
    assert response.status_code == 200
    assert [result["status"] for result in response.json()["results"]] == [200] * 100
    assert elapsed < 10, elapsed
