"""deploy/nginx/nginx.conf run by Debian's nginx in front of a real gunicorn server and a
replica that dies in the middle of every request: a POST is retried on the live replica.

The config is the repository's, with only the upstream servers, the listening port and the
pid file put on 127.0.0.1 and a temporary directory (compose's names do not resolve here).
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.live_server import ROOT, free_port, gunicorn_process

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        shutil.which("nginx") is None,
        reason="needs Debian's nginx (apt-get install nginx-light; .ci/run installs it)",
    ),
]

CONFIG = ROOT / "deploy" / "nginx" / "nginx.conf"
UPSTREAM = "        server deriv:8000 max_fails=1 fail_timeout=5s;\n"


class DyingReplica:
    """A replica that reads each request and dies before answering (closes the socket)."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port: int = self.server.getsockname()[1]
        self.requests_received = 0
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self.server.accept()
            except OSError:
                return
            with connection:
                if connection.recv(65536):
                    self.requests_received += 1

    def close(self) -> None:
        self.server.close()


def local_config(directory: Path, upstreams: list[str], port: int) -> Path:
    """The repository's config with local upstreams, port and pid file."""
    text = CONFIG.read_text(encoding="utf-8")
    assert text.count(UPSTREAM) == 1 and text.count("listen 8080;") == 1
    servers = "".join(
        f"        server {address} max_fails=1 fail_timeout=5s;\n" for address in upstreams
    )
    text = text.replace(UPSTREAM, servers).replace("listen 8080;", f"listen 127.0.0.1:{port};")
    text = text.replace("pid /tmp/nginx.pid;", f"pid {directory / 'nginx.pid'};")
    path = directory / "nginx.conf"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def balanced(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path, DyingReplica]]:
    """nginx on a free port in front of [a dying replica, a real gunicorn server]."""
    directory = tmp_path_factory.mktemp("nginx")
    dying = DyingReplica()
    with gunicorn_process({"DERIV_WORKERS": "1"}) as (live_url, _):
        port = free_port()
        upstreams = [f"127.0.0.1:{dying.port}", live_url.removeprefix("http://")]
        config = local_config(directory, upstreams, port)
        log_path = directory / "access.log"
        with log_path.open("wb") as log:
            nginx = subprocess.Popen(
                ["nginx", "-p", str(directory), "-c", str(config), "-g", "daemon off;"],
                stdout=log,
                stderr=subprocess.DEVNULL,
            )
            try:
                _wait_for(f"http://127.0.0.1:{port}/healthz")
                yield f"http://127.0.0.1:{port}", log_path, dying
            finally:
                nginx.terminate()
                nginx.wait(timeout=10)
                dying.close()


def _wait_for(url: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            requests.get(url, timeout=2)
            return
        except requests.ConnectionError:
            time.sleep(0.1)
    raise RuntimeError(f"nginx did not answer at {url}")


def access_lines(log_path: Path, *request_ids: str) -> list[dict[str, Any]]:
    """nginx's access lines, once those of ``request_ids`` (written after the answer) are in."""
    deadline = time.monotonic() + 10
    while True:
        text = log_path.read_text(encoding="utf-8")
        lines = [json.loads(line) for line in text.splitlines()]
        if {line["request_id"] for line in lines} >= set(request_ids):
            return lines
        if time.monotonic() > deadline:
            raise AssertionError(f"nginx logged none of {request_ids}")
        time.sleep(0.05)


def test_the_config_passes_nginx_t(tmp_path: Path) -> None:
    config = local_config(tmp_path, ["127.0.0.1:1", "127.0.0.1:2"], free_port())
    checked = subprocess.run(
        ["nginx", "-t", "-p", str(tmp_path), "-c", str(config)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert checked.returncode == 0, checked.stderr
    assert "test is successful" in checked.stderr


def test_a_post_cut_off_by_a_dying_replica_is_answered_by_the_other(
    balanced: tuple[str, Path, DyingReplica],
) -> None:
    url, log_path, dying = balanced
    answers = [
        requests.post(
            f"{url}/v1/derivative",
            json={"expression": "x^2 sin x"},
            headers={"X-Request-ID": f"nginx-retry-{index}"},
            timeout=20,
        )
        for index in range(6)
    ]
    assert [answer.status_code for answer in answers] == [200] * 6
    assert {answer.json()["derivative"]["text"] for answer in answers} == {
        "x^2*cos(x) + 2*x*sin(x)"
    }
    assert dying.requests_received >= 1
    retried = [
        line
        for line in access_lines(log_path, *(f"nginx-retry-{index}" for index in range(6)))
        if line["request_id"].startswith("nginx-retry-") and "," in line["upstream_status"]
    ]
    assert retried, "no request was retried on the other replica"
    assert all(line["upstream_status"].endswith("200") for line in retried)


def test_the_request_id_is_the_same_in_nginx_the_service_and_the_answer(
    balanced: tuple[str, Path, DyingReplica],
) -> None:
    url, log_path, _ = balanced
    given = requests.post(
        f"{url}/v1/derivative",
        json={"expression": "sinn(x)"},
        headers={"X-Request-ID": "nginx-id-1"},
        timeout=20,
    )
    generated = requests.get(f"{url}/healthz", headers={"X-Request-ID": "bad id"}, timeout=20)
    assert given.headers["X-Request-ID"] == given.json()["instance"] == "nginx-id-1"
    request_id = generated.headers["X-Request-ID"]
    assert request_id != "bad id"
    logged = {line["request_id"]: line for line in access_lines(log_path, "nginx-id-1", request_id)}
    assert logged["nginx-id-1"]["status"] == 422
    assert logged[request_id]["path"] == "/healthz"


def test_a_body_over_the_limit_is_refused_by_nginx_as_problem_json(
    balanced: tuple[str, Path, DyingReplica],
) -> None:
    url, _, _ = balanced
    body = json.dumps({"expression": "x" * 70_000})
    response = requests.post(
        f"{url}/v1/derivative",
        data=body,
        headers={"Content-Type": "application/json", "X-Request-ID": "big-1"},
        timeout=20,
    )
    assert response.status_code == 413
    assert response.headers["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "payload_too_large"
    assert response.json()["instance"] == "big-1"
