"""A request's reading warnings: ``variable_absent`` is judged on the expression the
operation parsed, which is handed in (the text is not parsed again)."""

from __future__ import annotations

import pytest

from service.calculus.language.parser import parse_expression
from service.calculus.limits import DEFAULT_LIMITS
from service.operations.readings import request_warnings
from tests.operations.bodies import load, run


def codes(warnings: list[dict[str, str]]) -> list[str]:
    return [warning["code"] for warning in warnings]


def test_a_variable_absent_from_the_handed_expression_is_warned_about() -> None:
    body = load("derivative", {"expression": "x^2", "variable": "t"})
    handed = request_warnings(body, parse_expression("x^2"), DEFAULT_LIMITS)
    assert codes(handed) == ["variable_absent"]
    assert "its symbols are x" in handed[0]["message"]


def test_the_warning_follows_the_handed_expression_not_the_text() -> None:
    body = load("derivative", {"expression": "x^2", "variable": "t"})
    assert request_warnings(body, parse_expression("t*x"), DEFAULT_LIMITS) == []


@pytest.mark.parametrize(
    ("op", "fields"),
    [
        ("derivative", {"expression": "x^2", "variable": "t"}),
        ("trace", {"expression": "x^2", "variable": "t"}),
        ("check", {"expression": "x^2", "variable": "t", "answer": "0"}),
        ("evaluate", {"expression": "x^2", "variable": "t", "at": 1, "parameters": {"x": 2}}),
        ("gradient", {"expression": "x^2", "variables": ["x", "t"]}),
    ],
)
def test_every_operation_with_a_variable_warns_when_it_is_absent(
    op: str, fields: dict[str, object]
) -> None:
    assert "variable_absent" in codes(run(op, fields)["warnings"])
