"""POST /v1/check: whether ``answer`` is the ``order``-th derivative, and which mistake it is."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from service.calculus.differentiation.derivative import choose_variable
from service.calculus.learning.answer_readings import read_answer
from service.calculus.learning.checking import check
from service.calculus.limits import Limits

from . import inputs
from .readings import request_warnings
from .shapes import expression_object


def run(body: Mapping[str, Any], limits: Limits) -> dict[str, Any]:
    """``{correct, expected, answer, method, feedback, reason?, warnings}``; feedback items are
    ``{code, message, message_latex}``.

    ``expected`` is null when the request asks ``include_expected: false``.
    """
    started = time.monotonic()
    expr = inputs.expression(body, limits)
    answer = read_answer(body["answer"], body["answer_syntax"], limits)
    var = choose_variable(expr, body["variable"])
    result = check(expr, answer, var, body["order"], body["seed"], limits, started)
    response: dict[str, Any] = {
        "correct": result.correct,
        "expected": expression_object(result.expected) if body["include_expected"] else None,
        "answer": expression_object(result.answer),
        "method": result.method,
        "feedback": [
            {"code": item.code, "message": item.message, "message_latex": item.message_latex}
            for item in result.feedback
        ],
    }
    if result.reason is not None:
        response["reason"] = result.reason
    response["warnings"] = request_warnings(body, expr, limits)
    return response
