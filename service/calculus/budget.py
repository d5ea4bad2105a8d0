"""The budget plan of one computation's deadline, and soft budgets that nest.

The hard deadline (``Limits.deadline_seconds``) belongs to the worker pool, which kills a
process that misses it. Inside it, optional work (tidying, whole-line analysis, symbolic
rewrites) gives up early under a *soft budget* and leaves the answer to a cheaper method.
How the deadline is shared out is declared once, in ``PLAN`` (a ``BudgetPlan``), in two kinds
of number, both fractions of the deadline:

- a *share* is the length of one stage's budget (``tidy``: each derivative's tidying);
- an *end* is the instant, counted from the start of the operation, by which a stage must
  have finished, so that later stages and formatting the answer keep their time.

One /v1/concavity or /v1/critical-points call therefore runs: derivatives (each tidy at most
``tidy``), the sign chart (at most ``analysis``, and over by ``analysis_end``), values at the
cut points and their classification (over by ``cut_values_end`` or ``classify_end``; the
extremes by ``extrema_end``), tidying those values (over by ``tidy_values_end``), then
formatting. /v1/check compares and diagnoses until ``check_end``, each symbolic rewrite taking
at most ``symbolic_rewrite`` of what is left; /v1/plot runs its two analyses each as if the
deadline were ``plot_analysis`` of it.

``soft_budget(seconds)`` nests: each thread keeps a stack of expiry instants, and a block gets
min(its own, what is left of the enclosing block). One timer per thread serves the stack: it
is armed for the innermost expiry, and when a block ends it is re-armed for the enclosing one
(at once if that has passed), so an outer budget that expires inside an inner block still
interrupts it, and no timer stays armed after the outermost block. In the main thread the
timer is SIGALRM (``setitimer``); in any other thread a watchdog thread raises the exception
in it (``PyThreadState_SetAsyncExc``). Either way only Python code is interrupted: a long C
call ends at the hard deadline. The one case left unbudgeted is a main thread whose interval
timer someone else has armed (it is not ours to re-arm).
"""

from __future__ import annotations

import ctypes
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType
from typing import Any, Protocol

from service.calculus.limits import Limits


@dataclass(frozen=True)
class BudgetPlan:
    """Each stage's part of the deadline (module docstring: shares and ends)."""

    tidy: float = 0.25
    """Share: tidying one derivative, before its raw form is kept."""
    analysis: float = 0.5
    """Share: one sign-chart analysis."""
    analysis_end: float = 0.8
    """End: the sign-chart analysis."""
    classify_end: float = 0.85
    """End: values at the critical points and their classification."""
    cut_values_end: float = 0.9
    """End: values of f, f′, f″ at the cut points of a concavity chart."""
    extrema_end: float = 0.9
    """End: the absolute extremes over the interval."""
    tidy_values_end: float = 0.95
    """End: tidying the exact values shown (cut points, extremes)."""
    check_end: float = 0.6
    """End: comparing an answer with the derivative and diagnosing a wrong one."""
    symbolic_rewrite: float = 0.25
    """Share of what is left of the check: one symbolic rewrite (expand, cancel, together)."""
    plot_analysis: float = 0.35
    """Share: each of the two analyses (concavity, critical points) behind a plot."""


PLAN = BudgetPlan()
"""The plan every stage reads its part of the deadline from."""

BUDGET_REPEAT_SECONDS = 0.05
"""After a budget runs out, the timer repeats this often until the block has ended."""
SHORTEST_SECONDS = 0.001
"""The shortest wait a timer is armed with (an expired budget fires after this)."""


class BudgetExceeded(BaseException):
    """A soft time budget (``soft_budget``) ran out.

    A BaseException, like KeyboardInterrupt, so that library code catching ``Exception``
    (sympy does, in places) cannot swallow it.
    """


def share(limits: Limits, fraction: float) -> float:
    """Seconds of ``fraction`` of the deadline (a share of ``PLAN``)."""
    return limits.deadline_seconds * fraction


def remaining(limits: Limits, started: float, end: float) -> float:
    """Seconds left until ``end`` of the deadline, counted from ``started`` (monotonic)."""
    return limits.deadline_seconds * end - (time.monotonic() - started)


class _Timer(Protocol):
    def arm(self, expiry: float) -> None: ...

    def stop(self) -> None: ...

    def close(self) -> None: ...


class _Budgets(threading.local):
    """One thread's stack of expiry instants (``time.monotonic()``) and its timer."""

    def __init__(self) -> None:
        self.expiries: list[float] = []
        self.timer: _Timer | None = None


_BUDGETS = _Budgets()


@contextmanager
def soft_budget(seconds: float) -> Iterator[None]:
    """Raise BudgetExceeded inside the block after ``seconds`` of wall time (module docstring).

    Nested in another budget, the block ends no later than the enclosing one. Once the budget
    has run out the timer repeats every ``BUDGET_REPEAT_SECONDS``, so an exception that lands
    where Python cannot propagate it (a garbage-collector callback) is raised again later.
    """
    budgets = _BUDGETS
    if budgets.timer is None:
        if _foreign_alarm():
            yield
            return
        budgets.timer = _new_timer()
    timer, depth = budgets.timer, len(budgets.expiries)
    try:
        expiry = time.monotonic() + max(seconds, SHORTEST_SECONDS)
        budgets.expiries.append(min([expiry, *budgets.expiries[-1:]]))
        timer.arm(budgets.expiries[-1])
        yield
    finally:
        _leave(budgets, timer, depth)


def _leave(budgets: _Budgets, timer: _Timer, depth: int) -> None:
    """Back to ``depth`` open blocks: re-arm for the enclosing one, or put the timer away.

    Counting blocks by depth keeps the stack right even when an enclosing budget's alarm
    lands while this block was being opened.
    """
    _despite_alarms(timer.stop)
    del budgets.expiries[depth:]
    if budgets.expiries:
        timer.arm(budgets.expiries[-1])
        return
    budgets.timer = None
    _despite_alarms(timer.close)


def _despite_alarms(action: Callable[[], None]) -> None:
    """Run ``action`` to its end, even if a last alarm lands meanwhile."""
    while True:
        try:
            action()
            return
        except BudgetExceeded:
            continue


def _in_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def _foreign_alarm() -> bool:
    """True when the main thread's interval timer is armed, by someone else."""
    return _in_main_thread() and signal.getitimer(signal.ITIMER_REAL)[0] != 0


def _new_timer() -> _Timer:
    return _SignalTimer() if _in_main_thread() else _WatchdogTimer()


class _SignalTimer:
    """SIGALRM through the interval timer (main thread only)."""

    def __init__(self) -> None:
        self.previous: Callable[[int, FrameType | None], Any] | int | signal.Handlers | None = (
            signal.signal(signal.SIGALRM, _raise_budget_exceeded)
        )

    def arm(self, expiry: float) -> None:
        wait = max(expiry - time.monotonic(), SHORTEST_SECONDS)
        signal.setitimer(signal.ITIMER_REAL, wait, BUDGET_REPEAT_SECONDS)

    def stop(self) -> None:
        signal.setitimer(signal.ITIMER_REAL, 0)

    def close(self) -> None:
        signal.signal(signal.SIGALRM, self.previous)


def _raise_budget_exceeded(signum: int, frame: FrameType | None) -> None:
    raise BudgetExceeded


class _WatchdogTimer:
    """A thread that raises BudgetExceeded in the thread that made it, at the expiry.

    It raises only while holding ``lock`` (a C-level lock: no Python code runs between taking
    it and the block that releases it), and ``stop`` cancels a raise still pending, so after
    ``stop`` returns nothing is raised until the next ``arm``.
    """

    def __init__(self) -> None:
        self.target = threading.get_ident()
        self.lock = threading.Lock()
        self.changed = threading.Event()
        self.expiry: float | None = None
        self.closed = False
        self.thread = threading.Thread(target=self._watch, name="soft-budget", daemon=True)
        self.thread.start()

    def arm(self, expiry: float) -> None:
        with self.lock:
            self.expiry = expiry
        self.changed.set()

    def stop(self) -> None:
        with self.lock:
            self.expiry = None
            _set_async_exception(self.target, None)

    def close(self) -> None:
        with self.lock:
            self.closed = True
        self.changed.set()
        self.thread.join()

    def _watch(self) -> None:
        while True:
            self.changed.clear()
            with self.lock:
                if self.closed:
                    return
                if self.expiry is not None and time.monotonic() >= self.expiry:
                    _set_async_exception(self.target, BudgetExceeded)
                    self.expiry = time.monotonic() + BUDGET_REPEAT_SECONDS
                expiry = self.expiry
            self.changed.wait(None if expiry is None else max(expiry - time.monotonic(), 0))


def _set_async_exception(thread: int, exception: type[BaseException] | None) -> None:
    """Raise ``exception`` in ``thread`` at its next bytecode (None: cancel a pending one)."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread), None if exception is None else ctypes.py_object(exception)
    )
