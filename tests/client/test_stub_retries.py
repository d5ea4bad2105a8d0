"""Retries, timeouts and sessions, against a tiny local stub of the remote server.

The stub plays scripted answers (503s, slow answers, problems) that a healthy server cannot
be made to give on demand; everything else in tests/client runs against the real gunicorn.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import requests
from requests.adapters import HTTPAdapter

from deriv_client import (
    DerivClient,
    OverloadedError,
    ParseError,
    TransportError,
    UnexpectedResponseError,
)
from tests.live_server import free_port

DERIVATIVE = {
    "input": {"text": "x^2", "latex": "x^{2}", "mathml": "<math></math>"},
    "variable": "x",
    "order": 1,
    "derivative": {"text": "2*x", "latex": "2 x", "mathml": "<math></math>"},
}
OVERLOADED = {
    "type": "https://deriv.example/problems/overloaded",
    "title": "Overloaded",
    "status": 503,
    "detail": "Every compute worker is busy.",
    "code": "overloaded",
}
PARSE_ERROR = {
    "type": "https://deriv.example/problems/parse_error",
    "title": "The text could not be parsed",
    "status": 422,
    "detail": "Unexpected end of input.",
    "code": "parse_error",
    "field": "expression",
    "position": 5,
}


@dataclass
class Answer:
    """One scripted answer of the stub."""

    status: int
    body: Any
    media_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass
class Stub:
    """The stub's script (answers in order, the last one repeated) and what it received."""

    url: str
    answers: list[Answer] = field(default_factory=list)
    received: list[dict[str, Any]] = field(default_factory=list)

    def next_answer(self) -> Answer:
        return self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]


@pytest.fixture
def stub() -> Iterator[Stub]:
    """A stub server on a free loopback port, stopped after the test."""
    state = Stub(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            state.received.append(json.loads(self.rfile.read(length)))
            answer = state.next_answer()
            time.sleep(answer.delay)
            payload = json.dumps(answer.body).encode()
            self.send_response(answer.status)
            self.send_header("Content-Type", answer.media_type)
            self.send_header("Content-Length", str(len(payload)))
            for name, value in answer.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: Any) -> None:
            """Keep the test output clean."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def overloaded(retry_after: str = "0") -> Answer:
    return Answer(503, OVERLOADED, "application/problem+json", {"Retry-After": retry_after})


def test_a_503_is_retried_until_the_server_answers(stub: Stub) -> None:
    stub.answers = [overloaded(), overloaded(), Answer(200, DERIVATIVE)]
    with DerivClient(stub.url, retries=2, backoff=0) as deriv:
        result = deriv.derivative("x^2")
    assert result.derivative.text == "2*x"
    assert stub.received == [{"expression": "x^2"}] * 3


def test_a_503_after_the_last_retry_raises_overloaded_with_the_problem(stub: Stub) -> None:
    stub.answers = [overloaded()]
    with (
        DerivClient(stub.url, retries=1, backoff=0) as deriv,
        pytest.raises(OverloadedError) as raised,
    ):
        deriv.derivative("x^2")
    assert (raised.value.status, raised.value.code) == (503, "overloaded")
    assert raised.value.detail == OVERLOADED["detail"]
    assert len(stub.received) == 2


def test_retry_after_is_honoured_between_attempts(stub: Stub) -> None:
    stub.answers = [overloaded("1"), Answer(200, DERIVATIVE)]
    started = time.monotonic()
    with DerivClient(stub.url, retries=1, backoff=0) as deriv:
        deriv.derivative("x^2")
    assert time.monotonic() - started >= 1.0


def test_a_problem_other_than_503_is_raised_at_once_without_a_retry(stub: Stub) -> None:
    stub.answers = [Answer(422, PARSE_ERROR, "application/problem+json")]
    with DerivClient(stub.url, retries=3, backoff=0) as deriv, pytest.raises(ParseError) as raised:
        deriv.derivative("sin(x")
    error = raised.value
    assert (error.status, error.code, error.position, error.field) == (
        422,
        "parse_error",
        5,
        "expression",
    )
    assert error.detail == "Unexpected end of input."
    assert len(stub.received) == 1


def test_a_read_timeout_is_not_retried(stub: Stub) -> None:
    stub.answers = [Answer(200, DERIVATIVE, delay=1.0)]
    with (
        DerivClient(stub.url, timeout=(1.0, 0.2), retries=3, backoff=0) as deriv,
        pytest.raises(TransportError),
    ):
        deriv.derivative("x^2")
    assert len(stub.received) == 1


def test_an_answer_that_is_not_json_raises_unexpected_response(stub: Stub) -> None:
    stub.answers = [Answer(200, "<html>", "text/html")]
    with DerivClient(stub.url) as deriv, pytest.raises(UnexpectedResponseError) as raised:
        deriv.derivative("x^2")
    assert (raised.value.status, raised.value.code) == (200, "unexpected_response")


class FlakyAdapter(HTTPAdapter):
    """Fails the first ``failures`` sends with a connection error, then sends for real."""

    def __init__(self, failures: int) -> None:
        super().__init__()
        self.failures = failures
        self.sent = 0

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        self.sent += 1
        if self.sent <= self.failures:
            raise requests.ConnectionError("connection reset by peer (simulated)")
        return super().send(request, **kwargs)


def test_a_connection_error_is_retried_on_the_injected_session(stub: Stub) -> None:
    stub.answers = [Answer(200, DERIVATIVE)]
    adapter = FlakyAdapter(failures=2)
    session = requests.Session()
    session.mount("http://", adapter)
    with DerivClient(stub.url, session=session, retries=2, backoff=0) as deriv:
        assert deriv.derivative("x^2").derivative.text == "2*x"
    assert adapter.sent == 3
    assert len(stub.received) == 1
    assert session.adapters["http://"] is adapter, "an injected session stays open and usable"
    session.close()


def test_connection_refused_raises_transport_error_after_every_retry() -> None:
    session = requests.Session()
    adapter = FlakyAdapter(failures=0)
    session.mount("http://", adapter)
    deriv = DerivClient(f"http://127.0.0.1:{free_port()}", session=session, retries=2, backoff=0)
    with pytest.raises(TransportError) as raised:
        deriv.derivative("x^2")
    assert adapter.sent == 3
    assert (raised.value.status, raised.value.code) == (None, "transport_error")
    session.close()


def test_the_client_closes_only_a_session_it_created() -> None:
    own = DerivClient()
    closed: list[bool] = []
    own._session.close = lambda: closed.append(True)  # type: ignore[method-assign]
    with own:
        pass
    injected = requests.Session()
    injected.close = lambda: closed.append(False)  # type: ignore[method-assign]
    with DerivClient(session=injected):
        pass
    assert closed == [True]


def test_a_plain_503_from_a_proxy_is_retried_then_raised_as_overloaded(stub: Stub) -> None:
    stub.answers = [Answer(503, "<h1>Service Unavailable</h1>", "text/html")]
    with (
        DerivClient(stub.url, retries=1, backoff=0) as deriv,
        pytest.raises(OverloadedError) as raised,
    ):
        deriv.derivative("x^2")
    assert (raised.value.status, raised.value.code) == (503, "overloaded")
    assert len(stub.received) == 2
