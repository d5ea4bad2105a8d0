"""The killable compute pool: deadlines that C calls cannot escape, replacement, overload."""

from __future__ import annotations

import gc
import os
import signal
import threading
import time
import weakref
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from service.calculus.errors import Overloaded, ParseError, TooComplex
from service.calculus.limits import Limits
from service.operations import OPERATIONS as SERVICE_OPERATIONS
from service.runtime.pool import ComputeFailure, ComputePool
from tests.operations.bodies import load
from tests.waiting import wait_until

DEADLINE = 0.5


def _pid(body: Mapping[str, Any], limits: Limits) -> dict[str, Any]:
    return {"pid": os.getpid()}


def _bignum(body: Mapping[str, Any], limits: Limits) -> dict[str, Any]:
    """A single C-level computation that ignores signals for minutes."""
    return {"digits": len(str(7 ** (10**9)))}


def _sleep(body: Mapping[str, Any], limits: Limits) -> dict[str, Any]:
    """Sleep, first creating the file ``body["started"]`` (if given) to say it has begun."""
    if "started" in body:
        Path(body["started"]).touch()
    time.sleep(body["seconds"])
    return {"slept": body["seconds"]}


def _echo(body: Mapping[str, Any], limits: Limits) -> dict[str, Any]:
    time.sleep(0.01)
    return {"echo": body["tag"], "pid": os.getpid()}


def _bad_input(body: Mapping[str, Any], limits: Limits) -> dict[str, Any]:
    raise ParseError("Unexpected ')'.", field="expression", position=3)


def _bug(body: Mapping[str, Any], limits: Limits) -> dict[str, Any]:
    raise KeyError("oops")


def _allocate(body: Mapping[str, Any], limits: Limits) -> dict[str, Any]:
    block = bytearray(body["mb"] * 1024 * 1024)
    return {"size": len(block)}


def _die(body: Mapping[str, Any], limits: Limits) -> dict[str, Any]:
    """Kill the worker running it, every time."""
    os.kill(os.getpid(), signal.SIGKILL)
    return {}


def _die_once(body: Mapping[str, Any], limits: Limits) -> dict[str, Any]:
    """Kill the worker running it the first time (a marker file remembers), then answer."""
    marker = body["marker"]
    if not os.path.exists(marker):
        with open(marker, "w"):
            pass
        os.kill(os.getpid(), signal.SIGKILL)
    return {"pid": os.getpid()}


class _Node:
    """An object that can sit in a reference cycle and be watched through a weak reference."""

    def __init__(self) -> None:
        self.me = self


_watched: list[weakref.ref[_Node]] = []


def _make_cycle(body: Mapping[str, Any], limits: Limits) -> dict[str, Any]:
    """Leave one unreachable reference cycle behind, watched by a weak reference."""
    _watched.append(weakref.ref(_Node()))
    return {}


def _cycle_collected(body: Mapping[str, Any], limits: Limits) -> dict[str, Any]:
    return {"collected": all(ref() is None for ref in _watched), "frozen": gc.get_freeze_count()}


OPERATIONS = {
    "make_cycle": _make_cycle,
    "cycle_collected": _cycle_collected,
    "pid": _pid,
    "die": _die,
    "die_once": _die_once,
    "bignum": _bignum,
    "sleep": _sleep,
    "echo": _echo,
    "bad_input": _bad_input,
    "bug": _bug,
    "allocate": _allocate,
}


@pytest.fixture
def pool() -> Iterator[ComputePool]:
    compute_pool = ComputePool(Limits(deadline_seconds=DEADLINE), OPERATIONS, size=1, memory_mb=512)
    yield compute_pool
    compute_pool.close()


def test_a_task_runs_in_another_process(pool: ComputePool) -> None:
    assert pool.run("pid", {})["pid"] != os.getpid()


def test_between_tasks_a_worker_collects_the_last_tasks_garbage_and_freezes_the_rest(
    pool: ComputePool,
) -> None:
    pool.run("make_cycle", {})
    after = pool.run("cycle_collected", {})
    assert after["collected"] is True
    assert after["frozen"] > 0


def test_a_stuck_c_call_is_killed_at_the_deadline(pool: ComputePool) -> None:
    started = time.monotonic()
    with pytest.raises(TooComplex) as caught:
        pool.run("bignum", {})
    assert caught.value.data["limit"] == "deadline"
    assert time.monotonic() - started < DEADLINE + 1.0


def test_a_killed_worker_is_replaced_and_the_pool_keeps_serving(pool: ComputePool) -> None:
    before = pool.run("pid", {})["pid"]
    with pytest.raises(TooComplex):
        pool.run("sleep", {"seconds": 5})
    after = pool.run("pid", {})["pid"]
    assert after != before


def test_core_errors_cross_the_process_boundary_with_their_data(pool: ComputePool) -> None:
    with pytest.raises(ParseError) as caught:
        pool.run("bad_input", {})
    assert caught.value.data == {"field": "expression", "position": 3}


def test_an_unexpected_exception_is_a_compute_failure_not_a_hang(pool: ComputePool) -> None:
    with pytest.raises(ComputeFailure, match="KeyError"):
        pool.run("bug", {})
    assert pool.run("sleep", {"seconds": 0})["slept"] == 0


def test_memory_beyond_the_address_space_limit_is_too_complex(pool: ComputePool) -> None:
    with pytest.raises(TooComplex) as caught:
        pool.run("allocate", {"mb": 2048})
    assert caught.value.data["limit"] == "memory"
    assert pool.run("allocate", {"mb": 8})["size"] == 8 * 1024 * 1024


def test_a_full_pool_answers_overloaded_with_a_retry_hint(tmp_path: Path) -> None:
    busy = ComputePool(Limits(deadline_seconds=2.0), OPERATIONS, size=1, queue_timeout=0.1)
    busy.run("pid", {})
    started = tmp_path / "started"
    task = {"seconds": 1, "started": str(started)}
    worker = threading.Thread(target=busy.run, args=("sleep", task))
    worker.start()
    wait_until(started.exists, "the sleep's start")
    try:
        with pytest.raises(Overloaded) as caught:
            busy.run("pid", {})
        assert caught.value.data["retry_after"] >= 1
    finally:
        worker.join()
        busy.close()


def test_threads_sharing_a_pool_get_their_own_answers_while_one_task_is_killed() -> None:
    shared = ComputePool(
        Limits(deadline_seconds=DEADLINE), OPERATIONS, size=3, memory_mb=512, queue_timeout=5
    )
    answers: dict[str, str] = {}
    killed: list[str] = []

    def ask(thread: int) -> None:
        for n in range(15):
            tag = f"{thread}-{n}"
            answers[tag] = shared.run("echo", {"tag": tag})["echo"]

    def hostile() -> None:
        try:
            shared.run("sleep", {"seconds": 30})
        except TooComplex as error:
            killed.append(error.data["limit"])

    threads = [threading.Thread(target=ask, args=(t,)) for t in range(6)]
    threads.append(threading.Thread(target=hostile))
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert killed == ["deadline"]
        assert len(answers) == 6 * 15
        assert all(tag == answer for tag, answer in answers.items())
    finally:
        shared.close()


def test_a_worker_that_dies_mid_task_is_replaced_and_the_task_retried_once(
    tmp_path: Path,
) -> None:
    kills: list[str] = []
    pool = ComputePool(Limits(deadline_seconds=DEADLINE), OPERATIONS, on_kill=kills.append)
    try:
        first = pool.run("pid", {})["pid"]
        answer = pool.run("die_once", {"marker": str(tmp_path / "died")})
        assert (tmp_path / "died").exists()
        assert answer["pid"] != first
        assert pool.run("pid", {})["pid"] == answer["pid"]
        assert kills == ["died"]
    finally:
        pool.close()


def test_a_worker_killed_from_outside_mid_task_costs_the_caller_nothing(
    pool: ComputePool,
) -> None:
    victim = pool.run("pid", {})["pid"]
    killer = threading.Timer(0.2, os.kill, args=(victim, signal.SIGKILL))
    killer.start()
    assert pool.run("sleep", {"seconds": 0.4}) == {"slept": 0.4}
    killer.join()
    assert pool.run("pid", {})["pid"] != victim


def test_a_task_that_kills_every_worker_is_overloaded_and_the_pool_recovers() -> None:
    kills: list[str] = []
    pool = ComputePool(Limits(deadline_seconds=DEADLINE), OPERATIONS, on_kill=kills.append)
    try:
        with pytest.raises(Overloaded) as caught:
            pool.run("die", {})
        assert caught.value.data["retry_after"] >= 1
        assert kills == ["died", "died"]
        assert pool.run("sleep", {"seconds": 0})["slept"] == 0
    finally:
        pool.close()


def test_ping_answers_when_a_worker_is_alive(pool: ComputePool) -> None:
    assert pool.ping() is True


def test_a_worker_answers_the_same_after_other_requests_as_when_fresh() -> None:
    bodies = [
        load("derivative", fields)
        for fields in (
            {"expression": "x^2 sin x"},
            {"expression": "(x^2+1)/(x-3)"},
            {"expression": "sigmoid(w*x + b)", "variable": "w"},
            {"expression": "tan(x)", "order": 3},
        )
    ]
    used = ComputePool(Limits(), SERVICE_OPERATIONS, size=1)
    try:
        for body in bodies:
            used.run("derivative", body)
        for body in reversed(bodies):
            fresh = ComputePool(Limits(), SERVICE_OPERATIONS, size=1)
            try:
                assert used.run("derivative", body) == fresh.run("derivative", body)
            finally:
                fresh.close()
    finally:
        used.close()
