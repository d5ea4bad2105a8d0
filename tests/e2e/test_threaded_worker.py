"""One gthread worker, many threads, one compute pool: answers never cross, and a request
killed at the deadline takes no other request with it."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
import requests

from tests.live_server import running_server

THREADS = 6
REQUESTS_PER_THREAD = 12
HOSTILE = {"expression": "sin(x)^7*cos(x)^5*exp(x^2)", "order": 40}


@pytest.fixture(scope="module")
def one_worker() -> Iterator[str]:
    """One gunicorn worker with several threads sharing three compute processes, no cache."""
    env = {
        "DERIV_WORKERS": "1",
        "DERIV_THREADS": "8",
        "DERIV_COMPUTE_PROCESSES": "3",
        "DERIV_DEADLINE_SECONDS": "1",
        "DERIV_QUEUE_TIMEOUT_SECONDS": "5",
        "DERIV_CACHE_ENTRIES": "0",
    }
    with running_server(env) as url:
        yield url


@pytest.mark.slow
def test_concurrent_requests_get_their_own_answers_beside_a_killed_one(one_worker: str) -> None:
    answers: dict[int, str] = {}
    hostile: list[requests.Response] = []

    def ask(thread: int) -> None:
        with requests.Session() as session:
            for n in range(REQUESTS_PER_THREAD):
                power = 3 + thread * REQUESTS_PER_THREAD + n
                response = session.post(
                    f"{one_worker}/v1/derivative", json={"expression": f"x^{power}"}, timeout=30
                )
                answers[power] = response.json()["derivative"]["text"]

    def attack() -> None:
        hostile.append(requests.post(f"{one_worker}/v1/derivative", json=HOSTILE, timeout=30))

    threads = [threading.Thread(target=attack)]
    threads += [threading.Thread(target=ask, args=(t,)) for t in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert [r.json()["limit"] for r in hostile] == ["deadline"]
    assert answers == {p: f"{p}*x^{p - 1}" for p in range(3, 3 + THREADS * REQUESTS_PER_THREAD)}
    metrics = requests.get(f"{one_worker}/metrics", timeout=10).text
    assert 'deriv_compute_worker_replacements_total{reason="deadline"} 1.0' in metrics
    assert 'reason="died"' not in metrics
