"""Size limits and their cheap checks, applied before and after any sympy computation.

The compute deadline itself is enforced by the worker pool (``compute.py``); the checks here
are the guards that run first so that no single sympy call is handed something absurd.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType
from typing import Any

import sympy as sp

from service.calculus.errors import TooComplex


@dataclass(frozen=True)
class Limits:
    """Every size limit of the core; the HTTP layer builds one from the settings."""

    max_length: int = 2000
    """Characters in one expression or point."""
    max_depth: int = 60
    """Nesting depth of the parsed expression tree."""
    max_nodes: int = 1000
    """Nodes of the parsed expression tree."""
    max_order: int = 50
    """Highest derivative order."""
    max_digits: int = 100
    """Digits of an integer literal, and of any number that a numeric power would produce."""
    max_exponent: int = 1000
    """Largest |exponent| of a power of an expression containing the variable."""
    max_result_nodes: int = 20000
    """Nodes of any computed expression (derivative, trace step, value)."""
    max_trace_nodes: int = 2000
    """Steps in one trace response, all orders together."""
    max_points: int = 100
    """Points in one evaluate/concavity request."""
    deadline_seconds: float = 2.0
    """Wall-clock budget of one computation in the worker process."""


DEFAULT_LIMITS = Limits()


def tree_size(expr: sp.Basic, cap: int) -> int:
    """Count the nodes of ``expr``, stopping early once ``cap`` is exceeded."""
    count = 0
    for _ in sp.preorder_traversal(expr):
        count += 1
        if count > cap:
            break
    return count


def check_result_size(expr: sp.Basic, limits: Limits, what: str = "result") -> sp.Basic:
    """Raise TooComplex when a computed expression has more nodes than allowed."""
    if tree_size(expr, limits.max_result_nodes) > limits.max_result_nodes:
        raise TooComplex(
            f"The {what} has more than {limits.max_result_nodes} terms and factors.",
            limit="max_result_nodes",
        )
    return expr


def check_order(order: int, limits: Limits) -> int:
    """Raise TooComplex when a derivative order exceeds the configured maximum."""
    if order > limits.max_order:
        raise TooComplex(
            f"Order {order} is above the maximum of {limits.max_order}.", limit="max_order"
        )
    return order


def remaining(limits: Limits, started: float, share: float) -> float:
    """Seconds left until ``share`` of the deadline, counted from ``started`` (monotonic)."""
    return limits.deadline_seconds * share - (time.monotonic() - started)


class BudgetExceeded(BaseException):
    """A soft time budget (``soft_budget``) ran out.

    A BaseException, like KeyboardInterrupt, so that library code catching ``Exception``
    (sympy does, in places) cannot swallow it.
    """


BUDGET_REPEAT_SECONDS = 0.05
"""After the budget runs out, the alarm repeats this often until the block has ended."""


@contextmanager
def soft_budget(seconds: float) -> Iterator[None]:
    """Raise BudgetExceeded inside the block after ``seconds`` of wall time.

    For optional work (tidying, whole-line analysis) that should give up early and leave
    the answer to a cheaper method. Uses SIGALRM, so it only arms in the main thread and only
    when no other budget is armed; elsewhere the block simply runs (the worker's hard deadline
    still applies, and an outer budget's alarm still interrupts it). Once the budget has run
    out the alarm repeats every ``BUDGET_REPEAT_SECONDS``, so an exception that lands where
    Python cannot propagate it (a garbage-collector callback) is raised again a moment
    later. Pure-Python loops are interrupted; a long C call ends at the hard deadline.
    """
    armed = threading.current_thread() is threading.main_thread() and (
        signal.getitimer(signal.ITIMER_REAL)[0] == 0
    )
    if not armed:
        yield
        return
    previous = signal.signal(signal.SIGALRM, _raise_budget_exceeded)
    signal.setitimer(signal.ITIMER_REAL, max(seconds, 0.001), BUDGET_REPEAT_SECONDS)
    try:
        yield
    finally:
        _disarm(previous)


def _disarm(previous: signal.Handlers | Callable[..., Any] | int | None) -> None:
    """Stop the alarm and restore the handler, even if a last alarm lands meanwhile."""
    while True:
        try:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
            return
        except BudgetExceeded:
            continue


def _raise_budget_exceeded(signum: int, frame: FrameType | None) -> None:
    raise BudgetExceeded
