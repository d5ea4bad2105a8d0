"""Slow clients do not stall the server: ten connections trickle headers, others are served."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest
import requests

from tests import processes
from tests.live_server import gunicorn_process
from tests.waiting import wait_until

SLOW_CONNECTIONS = 10
MARGIN_SECONDS = 2.0


@pytest.fixture
def trickled_server() -> Iterator[str]:
    """A fresh server with ten connections sending their headers one byte a second."""
    stop = threading.Event()
    client_ports: list[int] = []
    with gunicorn_process() as (base_url, server):
        port = int(base_url.rsplit(":", 1)[1])

        def trickle() -> None:
            with socket.create_connection(("127.0.0.1", port)) as sock:
                client_ports.append(sock.getsockname()[1])
                for byte in b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 60:
                    if stop.wait(1.0):
                        return
                    try:
                        sock.send(bytes([byte]))
                    except OSError:
                        return

        threads = [threading.Thread(target=trickle) for _ in range(SLOW_CONNECTIONS)]
        for thread in threads:
            thread.start()
        wait_until(
            lambda: (
                len(client_ports) == SLOW_CONNECTIONS
                and all(processes.holder(server.pid, client) for client in client_ports)
            ),
            "every slow connection held by a worker",
        )
        try:
            yield base_url
        finally:
            stop.set()
            for thread in threads:
                thread.join()


def test_healthz_and_a_derivative_answer_within_two_seconds_beside_slow_clients(
    trickled_server: str,
) -> None:
    for n in range(3):
        started = time.monotonic()
        assert requests.get(trickled_server + "/healthz", timeout=10).status_code == 200
        assert time.monotonic() - started < MARGIN_SECONDS
        started = time.monotonic()
        response = requests.post(
            trickled_server + "/v1/derivative", json={"expression": f"x^{n + 3}"}, timeout=10
        )
        assert response.json()["derivative"]["text"] == f"{n + 3}*x^{n + 2}"
        assert time.monotonic() - started < MARGIN_SECONDS
