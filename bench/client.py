"""The loadtest's client: one call with retries, every attempt recorded.

Retries are the ones a careful client makes (as `deriv_client` does): on a connection error
(the process holding the request died) and on 503 `overloaded`, after its `Retry-After`.
Every /v1 call is a pure computation, so sending it again is safe. Each attempt has its own
connection (``Connection: close``): a kept-alive connection that the server closes as the
client reuses it fails without any fault, and would blur which failures the kills caused.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import requests

from bench.traffic import Call

ATTEMPTS = 4
DEADLINE_HIT = (422, "too_complex", "deadline")
TIMEOUT = (3.05, 30.0)
"""Connect and read timeouts: far above any bound the server promises, so a read timeout is
a hang, not impatience."""


@dataclass
class Attempt:
    """One try: when it started and ended (monotonic seconds), and what came back."""

    started: float
    ended: float
    status: int | None = None
    code: str | None = None
    retry_after: str | None = None
    limit: str | None = None
    error: str | None = None


@dataclass
class Outcome:
    """A call's attempts and final verdict; ``answer`` is kept when there is something to
    verify later (off the clock)."""

    call: Call
    attempts: list[Attempt] = field(default_factory=list)
    complaint: str | None = None
    answer: Any = None

    @property
    def final(self) -> Attempt:
        return self.attempts[-1]


def send(session: requests.Session, base_url: str, call: Call) -> Outcome:
    """Send ``call`` until it gets an answer other than 503 `overloaded`, or ``ATTEMPTS``."""
    outcome = Outcome(call)
    for _ in range(ATTEMPTS):
        attempt, response = _attempt(session, base_url, call)
        outcome.attempts.append(attempt)
        if response is None:
            if attempt.error == "ReadTimeout":
                outcome.complaint = "no answer within the read timeout (a hang)"
                return outcome
            time.sleep(0.2)
            continue
        if attempt.status == 503 and attempt.code == "overloaded":
            time.sleep(min(float(attempt.retry_after or 1), 5.0))
            continue
        outcome.complaint = _complaint(call, attempt)
        if outcome.complaint is None and call.verify is not None and attempt.status == 200:
            outcome.answer = response.json()
        return outcome
    if outcome.final.status != 503:
        outcome.complaint = f"no answer after {ATTEMPTS} attempts"
    return outcome


def _attempt(
    session: requests.Session, base_url: str, call: Call
) -> tuple[Attempt, requests.Response | None]:
    started = time.monotonic()
    try:
        response = session.request(
            call.method,
            base_url + call.path,
            json=call.json if call.data is None else None,
            data=call.data,
            headers={**call.headers, "Connection": "close"},
            timeout=TIMEOUT,
        )
    except requests.RequestException as error:
        return Attempt(started, time.monotonic(), error=type(error).__name__), None
    problem = _problem(response)
    attempt = Attempt(
        started,
        time.monotonic(),
        status=response.status_code,
        code=problem.get("code"),
        retry_after=response.headers.get("Retry-After"),
        limit=problem.get("limit"),
    )
    return attempt, response


def _problem(response: requests.Response) -> dict[str, Any]:
    if not response.headers.get("Content-Type", "").startswith("application/problem+json"):
        return {}
    body = response.json()
    return body if isinstance(body, dict) else {}


def _complaint(call: Call, attempt: Attempt) -> str | None:
    """What is wrong with the final answer, if anything. A computation that runs into the
    deadline is a right answer too (422 `too_complex`, limit `deadline`): the deadline is
    wall-clock time, and on a machine this loaded even ordinary work can miss it."""
    status, code = call.expected
    if status == 200 and (attempt.status, attempt.code, attempt.limit) == DEADLINE_HIT:
        return None
    if attempt.status != status or (code is not None and attempt.code != code):
        return f"{call.path}: {attempt.status} {attempt.code}, expected {status} {code}"
    return None
