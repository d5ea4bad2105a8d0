"""Hostile input against the real gunicorn server: every request is refused in time, cleanly.

Each request must be answered with a 4xx problem (never a 5xx, an HTML page or a hang)
within the compute deadline plus one second, and the server must still answer a control
request correctly afterwards.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from service.calculus.limits import Limits

from ..live_server import running_server

DEADLINE = Limits().deadline_seconds
MARGIN = 1.0
CONTROL = {"expression": "x^2 sin x"}
CONTROL_ANSWER = "x^2*cos(x) + 2*x*sin(x)"

INJECTIONS = [
    "__import__('os').system('touch /tmp/deriv-pwned')",
    "x.__class__.__bases__[0].__subclasses__()",
    "().__class__.__mro__[1]",
    "lambda: 1",
    "exec('import os')",
    "eval('2+2')",
    "open('/etc/passwd').read()",
    "sympify('x')",
    "Symbol('x')",
    "S('x')",
    "x; import os",
    "`id`",
    "$(id)",
    "x @ y",
    "{x}",
    "x if 1 else 2",
    "\\input{/etc/passwd}",
]
HUGE = [
    "1e999999999",
    "9^9^9",
    "10^10^10",
    "2^100000",
    "99999999999999999999999999999999999999999999999999" * 4,
    "factorial(10^6)",
    "x^(10^6)",
    "(" * 20000 + "x" + ")" * 20000,
    "sin(" * 300 + "x" + ")" * 300,
    "-" * 5000 + "x",
    "x" + "+x" * 5000,
    "x" * 40,
    " " * 30000 + "x",
]
UNICODE = ["x\u202e+1", "x\u0000", "\ud800", "x\u00a0+1", "\u0445^2", "x\u200b"]


@pytest.fixture(scope="module")
def server(live_server: str) -> str:
    return live_server


def timed(method: str, url: str, **kwargs: Any) -> tuple[requests.Response, float]:
    started = time.monotonic()
    response = requests.request(method, url, timeout=DEADLINE + 30, **kwargs)
    return response, time.monotonic() - started


def assert_refused_in_time(response: requests.Response, elapsed: float) -> None:
    assert 400 <= response.status_code < 500, response.text[:300]
    assert response.headers["Content-Type"].startswith("application/problem+json")
    assert response.json()["code"]
    assert elapsed < DEADLINE + MARGIN


def assert_control_still_right(server: str) -> None:
    response = requests.post(f"{server}/v1/derivative", json=CONTROL, timeout=10)
    assert response.status_code == 200
    assert response.json()["derivative"]["text"] == CONTROL_ANSWER


@pytest.mark.slow
@pytest.mark.parametrize("expression", INJECTIONS + HUGE + UNICODE)
def test_a_hostile_expression_is_refused_within_the_deadline(server: str, expression: str) -> None:
    response, elapsed = timed("POST", f"{server}/v1/derivative", json={"expression": expression})
    assert_refused_in_time(response, elapsed)


@pytest.mark.slow
@pytest.mark.parametrize(
    "body",
    [
        {"expression": "x", "order": 10**9},
        {"expression": "x", "order": 10**400},
        {"expression": "x", "variable": "__class__"},
        {"expression": "x", "variable": "x)"},
        {"expression": "exp(sin(x))*tan(x)^x", "order": 50},
        {"expression": "x^x^x^x^x^x", "order": 12},
    ],
)
def test_a_hostile_request_is_refused_within_the_deadline(
    server: str, body: dict[str, Any]
) -> None:
    response, elapsed = timed("POST", f"{server}/v1/derivative", json=body)
    assert_refused_in_time(response, elapsed)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("raw", "content_type"),
    [
        (b"[" * 30000 + b"]" * 30000, "application/json"),
        (b'{"expression": NaN}', "application/json"),
        (b'{"expression": "x", "expression": "y"}', "application/json"),
        (b'{"expression": "x"', "application/json"),
        (b"\x00\x01\x02", "application/json"),
        (b'{"expression": "x"}', "text/html"),
        (b'{"expression": "' + b"x" * 70000 + b'"}', "application/json"),
    ],
)
def test_a_hostile_body_is_refused_within_the_deadline(
    server: str, raw: bytes, content_type: str
) -> None:
    response, elapsed = timed(
        "POST", f"{server}/v1/derivative", data=raw, headers={"Content-Type": content_type}
    )
    assert_refused_in_time(response, elapsed)


@pytest.mark.slow
def test_the_server_still_answers_correctly_after_the_hostile_suite(server: str) -> None:
    assert_control_still_right(server)
    assert not os.path.exists("/tmp/deriv-pwned")


@pytest.fixture(scope="module")
def impatient_server() -> Iterator[str]:
    """A server whose deadline is so short that ordinary work hits it."""
    with running_server({"DERIV_DEADLINE_SECONDS": "0.05", "DERIV_WORKERS": "1"}) as url:
        yield url


@pytest.mark.slow
def test_work_past_the_deadline_is_killed_and_the_next_request_is_served(
    impatient_server: str,
) -> None:
    body = {"expression": "sin(x)^7*cos(x)^5*exp(x^2)", "order": 12}
    response, elapsed = timed("POST", f"{impatient_server}/v1/derivative", json=body)
    assert_refused_in_time(response, elapsed)
    assert response.json()["limit"] == "deadline"
    health = requests.get(f"{impatient_server}/readyz", timeout=10)
    assert health.status_code == 200
    metrics = requests.get(f"{impatient_server}/metrics", timeout=10).text
    assert 'deriv_compute_worker_replacements_total{reason="deadline"} 1.0' in metrics
