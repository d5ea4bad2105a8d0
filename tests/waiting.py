"""Waiting for a condition between threads or processes, instead of sleeping for a while."""

from __future__ import annotations

import time
from collections.abc import Callable

POLL_SECONDS = 0.02


def wait_until(condition: Callable[[], object], what: str, seconds: float = 30) -> None:
    """Return once ``condition()`` is true; fail, naming ``what``, after ``seconds``."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"{what} did not happen within {seconds} s"
        time.sleep(POLL_SECONDS)
