"""The real gunicorn server logs one JSON object per line, each request's lines with its id,
and no line grows with what a client sends."""

from __future__ import annotations

import json
import os
import signal
import time
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
def logged_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path, int]]:
    """A server with one worker and its stdout and stderr in a file; and its master's pid."""
    log_path = tmp_path_factory.mktemp("logs") / "gunicorn.log"
    env = {"DERIV_WORKERS": "1"}
    with log_path.open("wb") as output, gunicorn_process(env, output=output) as (url, master):
        yield url, log_path, master.pid


def log_lines(log_path: Path) -> list[dict[str, Any]]:
    """Every line of the log, each parsed as JSON (a line that is not JSON fails the test)."""
    text = log_path.read_text(encoding="utf-8")
    assert all(len(line) < LONGEST_LINE for line in text.splitlines())
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def children(pid: int) -> list[int]:
    """The pids of the live processes whose parent is ``pid``."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


def lines_of(log_path: Path, request_id: str) -> list[dict[str, Any]]:
    """The lines of one request, once its access line (written after the answer) is there."""
    deadline = time.monotonic() + 10
    while True:
        lines = [line for line in log_lines(log_path) if line.get("request_id") == request_id]
        if any(line["logger"] == "gunicorn.access" for line in lines):
            return lines
        if time.monotonic() > deadline:
            raise AssertionError(f"no access line for {request_id}: {lines}")
        time.sleep(0.05)


def test_every_line_is_json_with_time_level_logger_and_message(
    logged_server: tuple[str, Path, int],
) -> None:
    url, log_path, _ = logged_server
    requests.get(f"{url}/healthz", timeout=10)
    lines = log_lines(log_path)
    assert any(line["logger"] == "gunicorn.error" for line in lines)
    assert all({"time", "level", "logger", "message"} <= line.keys() for line in lines)


def test_the_access_line_has_the_callers_id_and_the_request(
    logged_server: tuple[str, Path, int],
) -> None:
    url, log_path, _ = logged_server
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


def test_a_generated_id_is_logged_as_the_response_says(
    logged_server: tuple[str, Path, int],
) -> None:
    url, log_path, _ = logged_server
    response = requests.get(f"{url}/readyz", headers={"X-Request-ID": "not safe!"}, timeout=10)
    request_id = response.headers["X-Request-ID"]
    assert request_id != "not safe!"
    assert [line["path"] for line in lines_of(log_path, request_id)] == ["/readyz"]


def test_an_application_warning_inside_a_request_names_the_request(
    logged_server: tuple[str, Path, int],
) -> None:
    url, log_path, master = logged_server
    requests.post(f"{url}/v1/derivative", json={"expression": "x^2"}, timeout=30)
    compute_processes = [pid for worker in children(master) for pid in children(worker)]
    assert compute_processes
    for pid in compute_processes:
        os.kill(pid, signal.SIGKILL)
    headers = {"X-Request-ID": "e2e-died-1"}
    requests.post(f"{url}/v1/derivative", json={"expression": "x^3"}, headers=headers, timeout=30)
    [warning] = [
        line for line in lines_of(log_path, "e2e-died-1") if line["logger"] != "gunicorn.access"
    ]
    assert (warning["logger"], warning["level"]) == ("service.runtime.pool", "WARNING")
    assert "(died); replacing it" in warning["message"]


def test_a_huge_path_and_expression_do_not_make_a_huge_line(
    logged_server: tuple[str, Path, int],
) -> None:
    url, log_path, _ = logged_server
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
