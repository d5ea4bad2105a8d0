"""The warm-up each gunicorn worker runs before its first request (gunicorn.conf.py)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

import pytest

from service.api.derivative import WARM_UP_BODIES, DerivativeRequest, warm_up
from service.calculus.limits import Limits
from service.operations import OPERATIONS
from service.runtime.pool import ComputePool


@pytest.mark.parametrize("body", WARM_UP_BODIES)
def test_every_warm_up_body_is_a_valid_request_with_an_answer(body: dict[str, Any]) -> None:
    answer = OPERATIONS["derivative"](DerivativeRequest().load(body), Limits())
    assert answer["derivative"]["text"]


def test_warm_up_runs_every_body_once_per_compute_process() -> None:
    seen: list[int] = []

    def derivative(body: Mapping[str, Any], limits: Limits) -> dict[str, Any]:
        return {"pid": os.getpid()}

    pool = ComputePool(Limits(), {"derivative": derivative}, size=2)
    original_run = pool.run

    def counting_run(operation: str, body: Mapping[str, Any], deadline: float | None = None):  # type: ignore[no-untyped-def]
        answer = original_run(operation, body, deadline)
        seen.append(answer["pid"])
        return answer

    pool.run = counting_run  # type: ignore[method-assign]
    try:
        warm_up(pool)
    finally:
        pool.close()
    assert len(seen) == 2 * len(WARM_UP_BODIES)
