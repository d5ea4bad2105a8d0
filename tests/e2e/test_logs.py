"""The real gunicorn server logs one JSON object per line, each request's lines with its id,
and no line grows with what a client sends."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.live_server import gunicorn_process

pytestmark = pytest.mark.slow

LONGEST_LINE = 5000
"""No log line is longer: every string field is cut at 2000 characters, a path at 200."""


@pytest.fixture(scope="module")
def logged_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A server whose deadline ordinary work hits, with its stdout and stderr in a file."""
    log_path = tmp_path_factory.mktemp("logs") / "gunicorn.log"
    env = {"DERIV_DEADLINE_SECONDS": "0.05", "DERIV_WORKERS": "1"}
    with log_path.open("wb") as output, gunicorn_process(env, output=output) as (url, _):
        yield url, log_path


def log_lines(log_path: Path) -> list[dict[str, Any]]:
    """Every line of the log, each parsed as JSON (a line that is not JSON fails the test)."""
    text = log_path.read_text(encoding="utf-8")
    assert all(len(line) < LONGEST_LINE for line in text.splitlines())
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def lines_of(log_path: Path, request_id: str) -> list[dict[str, Any]]:
    return [line for line in log_lines(log_path) if line.get("request_id") == request_id]


def test_every_line_is_json_with_time_level_logger_and_message(
    logged_server: tuple[str, Path],
) -> None:
    url, log_path = logged_server
    requests.get(f"{url}/healthz", timeout=10)
    lines = log_lines(log_path)
    assert any(line["logger"] == "gunicorn.error" for line in lines)
    assert all({"time", "level", "logger", "message"} <= line.keys() for line in lines)


def test_the_access_line_has_the_callers_id_and_the_request(
    logged_server: tuple[str, Path],
) -> None:
    url, log_path = logged_server
    response = requests.post(
        f"{url}/v1/derivative",
        json={"expression": "x^2 + * 3"},
        headers={"X-Request-ID": "e2e-access-1"},
        timeout=10,
    )
    assert response.headers["X-Request-ID"] == response.json()["instance"] == "e2e-access-1"
    [access] = lines_of(log_path, "e2e-access-1")
    assert access["logger"] == "gunicorn.access"
    assert (access["method"], access["path"], access["status"]) == ("POST", "/v1/derivative", 422)
    assert access["bytes"] == len(response.content)
    assert access["duration_ms"] > 0


def test_a_generated_id_is_logged_as_the_response_says(logged_server: tuple[str, Path]) -> None:
    url, log_path = logged_server
    response = requests.get(f"{url}/readyz", headers={"X-Request-ID": "not safe!"}, timeout=10)
    request_id = response.headers["X-Request-ID"]
    assert request_id != "not safe!"
    assert [line["path"] for line in lines_of(log_path, request_id)] == ["/readyz"]


def test_an_application_warning_inside_a_request_names_the_request(
    logged_server: tuple[str, Path],
) -> None:
    url, log_path = logged_server
    body = {"expression": "sin(x)^7*cos(x)^5*exp(x^2)", "order": 12}
    headers = {"X-Request-ID": "e2e-deadline-1"}
    response = requests.post(f"{url}/v1/derivative", json=body, headers=headers, timeout=30)
    assert response.json()["limit"] == "deadline"
    loggers = {line["logger"] for line in lines_of(log_path, "e2e-deadline-1")}
    assert loggers == {"gunicorn.access", "service.runtime.pool"}


def test_a_huge_path_and_expression_do_not_make_a_huge_line(
    logged_server: tuple[str, Path],
) -> None:
    url, log_path = logged_server
    requests.get(f"{url}/v1/{'x' * 7000}", headers={"X-Request-ID": "e2e-long-1"}, timeout=10)
    requests.post(
        f"{url}/v1/derivative",
        json={"expression": "x+" * 20_000 + "x"},
        headers={"X-Request-ID": "e2e-long-2"},
        timeout=10,
    )
    [long_path] = lines_of(log_path, "e2e-long-1")
    assert long_path["status"] == 404
    assert long_path["path"].endswith("… [6804 more characters]")
    assert [line["status"] for line in lines_of(log_path, "e2e-long-2")] == [422]
