"""Killable compute workers: every sympy computation runs here, under a hard deadline.

Signals cannot interrupt a long C-level bignum operation, so a deadline enforced inside
the process that computes is no deadline. Each ``ComputePool`` owns pre-forked worker
processes; a call sends ``(operation, body, limits)`` over a pipe and waits at most
``limits.deadline_seconds``. A worker that misses the deadline is killed (SIGKILL) and
replaced at once, and the call raises ``TooComplex``. A worker that dies mid-task for any
other reason (killed from outside, crashed) is replaced and the task, a pure computation, is
sent once more to a fresh process; if that one dies too the call raises ``Overloaded``.
Workers run with an address-space
limit (RLIMIT_AS), die with their parent (PR_SET_PDEATHSIG), and are recycled after a fixed
number of tasks so that caches cannot grow without bound. Nothing a task does survives in
the parent, and tasks share no state but sympy's caches.

The pool is created in the parent of the gunicorn workers (preload) but starts its
processes lazily in whichever process first uses it, so every gunicorn worker owns its own.
"""

from __future__ import annotations

import ctypes
import gc
import logging
import multiprocessing
import os
import queue
import resource
import signal
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from service.calculus.budget import BudgetExceeded
from service.calculus.errors import DerivError, Overloaded, TooComplex
from service.calculus.limits import Limits

log = logging.getLogger(__name__)

PING = "__ping__"
TASKS_PER_WORKER = 1000
_PR_SET_PDEATHSIG = 1


class ComputeFailure(RuntimeError):
    """A task raised an unexpected exception in the worker (a bug, not bad input)."""


class _WorkerDied(Exception):
    """The worker's pipe closed mid-task: the process died (not at the deadline)."""


Operation = Callable[[Mapping[str, Any], Limits], dict[str, Any]]


class _Worker:
    """One compute process and the parent's end of its pipe."""

    def __init__(self, memory_bytes: int, operations: Mapping[str, Operation]) -> None:
        context = multiprocessing.get_context("fork")
        self.connection, child_end = context.Pipe(duplex=True)
        self.process: BaseProcess = context.Process(
            target=_serve,
            args=(child_end, self.connection, memory_bytes, operations),
            daemon=True,
        )
        self.process.start()
        child_end.close()
        self.tasks = 0

    def call(self, message: tuple[Any, ...], deadline: float) -> tuple[str, Any]:
        """Send one task and wait for its reply; raise TimeoutError or EOFError."""
        self.tasks += 1
        self.connection.send(message)
        if not self.connection.poll(deadline):
            raise TimeoutError
        reply: tuple[str, Any] = self.connection.recv()
        return reply

    def stop(self) -> None:
        """Kill the process and reap it."""
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.connection.close()


class ComputePool:
    """A fixed number of killable worker processes shared by the threads of one process.

    A thread takes an idle worker off the queue, owns it (and its pipe) alone until the reply
    or the deadline, then puts it back or replaces it: two threads never share a pipe, and a
    deadline kill ends only the killing thread's own task. Workers are forked by one
    long-lived thread of the pool: PR_SET_PDEATHSIG fires when the forking *thread* ends, and
    one forking thread also keeps a worker's pipe end out of its siblings' forks.

    ``operations`` is the table the workers run: a task names one of its keys.
    """

    def __init__(
        self,
        limits: Limits,
        operations: Mapping[str, Operation],
        size: int = 1,
        memory_mb: int = 1024,
        queue_timeout: float = 1.0,
        on_kill: Callable[[str], None] | None = None,
    ) -> None:
        self.limits = limits
        self.size = size
        self.memory_bytes = memory_mb * 1024 * 1024
        self.queue_timeout = queue_timeout
        self.on_kill = on_kill
        self.operations = operations
        self._owner_pid: int | None = None
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._start_lock = threading.Lock()
        self._spawner = _spawner()

    def run(
        self, operation: str, body: Mapping[str, Any], deadline: float | None = None
    ) -> dict[str, Any]:
        """Run ``operation`` on ``body`` in a worker; raise the core error it raised.

        ``deadline`` replaces the limits' deadline for the kill (not for the task's own
        budgets): a warm-up at start may wait longer than a request.
        """
        status, payload = self._call((operation, dict(body), self.limits), deadline)
        if status == "error":
            raise payload
        if status == "crash":
            raise ComputeFailure(payload)
        result: dict[str, Any] = payload
        return result

    def ping(self, timeout: float = 2.0) -> bool:
        """True when a worker answers a trivial task within ``timeout`` seconds."""
        try:
            status, payload = self._call((PING, {}, self.limits), deadline=timeout)
        except DerivError:
            return False
        return status == "ok" and payload == "pong"

    def close(self) -> None:
        """Stop every idle worker of this process."""
        while True:
            try:
                self._idle.get_nowait().stop()
            except queue.Empty:
                return

    def _call(self, message: tuple[Any, ...], deadline: float | None = None) -> tuple[str, Any]:
        self._ensure_started()
        try:
            worker = self._idle.get(timeout=self.queue_timeout)
        except queue.Empty:
            raise self._overloaded("Every compute worker is busy; retry shortly.") from None
        seconds = self.limits.deadline_seconds if deadline is None else deadline
        try:
            reply = self._send(worker, message, seconds)
        except _WorkerDied:
            worker = self._spawn()
            try:
                reply = self._send(worker, message, seconds)
            except _WorkerDied:
                self._idle.put(self._spawn())
                raise self._overloaded(
                    "The computation crashed its compute worker twice; retry shortly."
                ) from None
        if worker.tasks >= TASKS_PER_WORKER:
            self._replace(worker, "recycled")
        else:
            self._idle.put(worker)
        return reply

    def _send(self, worker: _Worker, message: tuple[Any, ...], seconds: float) -> tuple[str, Any]:
        """One task on ``worker``: its reply, ``TooComplex`` at the deadline (the worker is
        replaced), or ``_WorkerDied`` when it died (stopped and counted, not replaced)."""
        try:
            return worker.call(message, seconds)
        except TimeoutError:
            self._replace(worker, "deadline")
            raise TooComplex(
                f"The computation did not finish within {seconds:g} s.", limit="deadline"
            ) from None
        except (EOFError, OSError):
            self._discard(worker, "died")
            raise _WorkerDied from None

    def _overloaded(self, message: str) -> Overloaded:
        return Overloaded(message, retry_after=max(1, round(self.limits.deadline_seconds)))

    def _replace(self, worker: _Worker, reason: str) -> None:
        self._discard(worker, reason)
        self._idle.put(self._spawn())

    def _discard(self, worker: _Worker, reason: str) -> None:
        worker.stop()
        if reason != "recycled":
            log.warning("compute worker %s (%s); replacing it", worker.process.pid, reason)
            if self.on_kill is not None:
                self.on_kill(reason)

    def _spawn(self) -> _Worker:
        return self._spawner.submit(_Worker, self.memory_bytes, self.operations).result()

    def _ensure_started(self) -> None:
        if self._owner_pid == os.getpid():
            return
        with self._start_lock:
            if self._owner_pid == os.getpid():
                return
            self._idle = queue.Queue()
            self._spawner = _spawner()
            for _ in range(self.size):
                self._idle.put(self._spawn())
            self._owner_pid = os.getpid()


def _spawner() -> ThreadPoolExecutor:
    """The pool's forking thread (started by its first task, in the process that submits it)."""
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="compute-spawner")


def _serve(
    connection: Connection,
    parent_end: Connection,
    memory_bytes: int,
    operations: Mapping[str, Operation],
) -> None:
    """The worker's loop: receive a task, run it, send ``(status, payload)`` back."""
    parent_end.close()
    _prepare_worker_process(memory_bytes)
    while True:
        try:
            operation, body, limits = connection.recv()
        except (EOFError, OSError):
            os._exit(0)
        reply = _execute(operations, operation, body, limits)
        try:
            connection.send(reply)
        except (EOFError, OSError):
            os._exit(0)
        _collect_garbage()


def _collect_garbage() -> None:
    """Collect the task's cyclic garbage, then freeze what survived, once the reply is sent.

    Python's full collections otherwise scan the whole sympy heap and its caches: pauses of
    40-200 ms in the middle of a task, every few hundred tasks, the tail of the latency.
    With everything older frozen, a collection scans only the objects of the last task
    (0.1-0.2 ms), and it runs while the parent answers the request.
    """
    gc.collect()
    gc.freeze()


def _execute(
    operations: Mapping[str, Operation],
    operation: str,
    body: Mapping[str, Any],
    limits: Limits,
) -> tuple[str, Any]:
    if operation == PING:
        return ("ok", "pong")
    started = time.monotonic()
    try:
        return ("ok", operations[operation](body, limits))
    except DerivError as error:
        return ("error", error)
    except (MemoryError, RecursionError):
        return ("error", TooComplex("The expression is too large to process.", limit="memory"))
    except BudgetExceeded:
        return ("error", TooComplex("The computation ran out of time.", limit="deadline"))
    except Exception as error:  # a bug: reported to the parent, logged, never a hang
        log.exception("operation %s failed after %.3fs", operation, time.monotonic() - started)
        return ("crash", f"{type(error).__name__}: {error}")


def _prepare_worker_process(memory_bytes: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGQUIT, signal.SIG_DFL)
    signal.signal(signal.SIGHUP, signal.SIG_DFL)
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    gc.freeze()  # the heap inherited from the parent: never scanned, never copied by a scan
    try:
        libc = ctypes.CDLL(None)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        log.debug("PR_SET_PDEATHSIG unavailable; the worker relies on the pipe closing")
