"""The budget plan and nested soft budgets: who fires, in which thread, and nothing left armed."""

from __future__ import annotations

import ast
import signal
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import fields
from pathlib import Path

import pytest

from service.calculus import budget
from service.calculus.budget import PLAN, BudgetExceeded, soft_budget

SERVICE = Path(__file__).resolve().parents[2] / "service"
SHORT = 0.05
"""A budget that runs out while the block is still busy."""
LONG = 60.0
"""A budget that does not run out during a test (a hung test ends at pytest's timeout)."""


def busy() -> None:
    """Pure-Python work that only a budget ends."""
    while True:
        sum(range(100))


@pytest.fixture(autouse=True)
def nothing_left_armed() -> Iterator[None]:
    handler = signal.getsignal(signal.SIGALRM)
    yield
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) is handler
    assert budget._BUDGETS.expiries == []
    assert budget._BUDGETS.timer is None


def inner_inside_outer(inner: float, outer: float) -> list[str]:
    """What happens, in order, when a busy inner block runs inside an outer one."""
    events: list[str] = []
    try:
        with soft_budget(outer):
            try:
                with soft_budget(inner):
                    busy()
            except BudgetExceeded:
                events.append("inner block interrupted")
            if outer < LONG:
                busy()
            events.append("outer block finished")
    except BudgetExceeded:
        events.append("outer block interrupted")
    return events


def test_a_short_inner_budget_expires_and_the_outer_block_goes_on() -> None:
    assert inner_inside_outer(SHORT, LONG) == ["inner block interrupted", "outer block finished"]


def test_an_outer_budget_that_expires_inside_an_inner_block_interrupts_both() -> None:
    events = inner_inside_outer(LONG, SHORT)
    assert events == ["inner block interrupted", "outer block interrupted"]


def test_a_budget_that_is_not_used_up_leaves_nothing_armed() -> None:
    with soft_budget(LONG), soft_budget(LONG):
        assert len(budget._BUDGETS.expiries) == 2
        assert signal.getitimer(signal.ITIMER_REAL)[0] > 0
    assert budget._BUDGETS.expiries == []


def test_an_inner_budget_ends_no_later_than_the_outer_one() -> None:
    with soft_budget(1.0):
        outer = budget._BUDGETS.expiries[-1]
        with soft_budget(LONG):
            assert budget._BUDGETS.expiries[-1] == outer
        with soft_budget(0.5):
            assert budget._BUDGETS.expiries[-1] < outer


def test_an_error_inside_a_budget_leaves_nothing_armed() -> None:
    with pytest.raises(ZeroDivisionError), soft_budget(LONG):
        _ = 1 / 0


def in_thread(work: Callable[[], list[str]]) -> list[str]:
    result: list[str] = []
    thread = threading.Thread(target=lambda: result.extend(work()))
    thread.start()
    thread.join()
    return result


def test_budgets_nest_the_same_way_in_another_thread() -> None:
    assert in_thread(lambda: inner_inside_outer(SHORT, LONG)) == [
        "inner block interrupted",
        "outer block finished",
    ]
    assert in_thread(lambda: inner_inside_outer(LONG, SHORT)) == [
        "inner block interrupted",
        "outer block interrupted",
    ]


def test_a_finished_budget_in_another_thread_raises_nothing_later() -> None:
    def work() -> list[str]:
        with soft_budget(SHORT):
            pass
        ended = time.monotonic() + 4 * SHORT
        while time.monotonic() < ended:
            sum(range(100))
        return ["no late alarm"] + (["timer left"] if budget._BUDGETS.timer else [])

    assert in_thread(work) == ["no late alarm"]


def test_a_timer_armed_by_someone_else_is_left_alone() -> None:
    previous = signal.signal(signal.SIGALRM, lambda *_: None)
    signal.setitimer(signal.ITIMER_REAL, LONG)
    try:
        with soft_budget(SHORT):
            assert budget._BUDGETS.timer is None
        assert signal.getitimer(signal.ITIMER_REAL)[0] > LONG / 2
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_the_plan_fits_in_the_deadline() -> None:
    parts = {field.name: getattr(PLAN, field.name) for field in fields(PLAN)}
    assert all(0 < part < 1 for part in parts.values())
    ends = [PLAN.analysis_end, PLAN.classify_end, PLAN.tidy_values_end]
    assert ends == sorted(ends)
    assert PLAN.analysis_end <= PLAN.cut_values_end <= PLAN.tidy_values_end
    assert PLAN.extrema_end <= PLAN.tidy_values_end
    assert PLAN.analysis <= PLAN.analysis_end
    assert 2 * PLAN.plot_analysis < 1


def deadline_fractions(path: Path) -> list[int]:
    """Lines of ``path`` that multiply the deadline by something themselves."""
    return [
        node.lineno
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.BinOp)
        and isinstance(node.op, ast.Mult)
        and any(
            isinstance(side, ast.Attribute) and side.attr == "deadline_seconds"
            for side in (node.left, node.right)
        )
    ]


def test_every_stage_reads_its_part_of_the_deadline_from_the_plan() -> None:
    found = {
        str(path.relative_to(SERVICE)): lines
        for path in SERVICE.rglob("*.py")
        if path.name != "budget.py" and (lines := deadline_fractions(path))
    }
    assert found == {}
