"""POST /v1/derivative."""

from __future__ import annotations

import logging
import threading

from flask import Blueprint, Response

from service.calculus.errors import DerivError
from service.runtime.pool import ComputeFailure, ComputePool

from .fields import RequestSchema, expression_field, order_field, syntax_field, variable_field
from .pool import answer

blueprint = Blueprint("derivative", __name__)
log = logging.getLogger(__name__)

WARM_UP_BODIES = (
    {"expression": "(x^2 + 3)/(x - 7) + sin(5x)*e^(2x) - sqrt(4 + cos(x)^2)", "order": 2},
    {"expression": "sigmoid(3w*x + b) + ln(w^2 + 1) - (2w - y)^2", "variable": "w"},
    {"expression": "x^5 tan(3x + 1) - exp(-2x^2)/x"},
)
"""Typical course derivatives each compute process runs once before its first request."""
WARM_UP_DEADLINE_SECONDS = 30.0


class DerivativeRequest(RequestSchema):
    """``{expression, variable?, order? = 1, syntax?}``."""

    expression = expression_field()
    variable = variable_field()
    order = order_field(minimum=1)
    syntax = syntax_field()


@blueprint.post("/v1/derivative")
def derivative() -> Response:
    """The n-th derivative of an expression."""
    return answer("derivative", DerivativeRequest)


def warm_up(pool: ComputePool) -> None:
    """Start ``pool``'s processes and run the warm-up derivatives in each (one thread per
    process), so that a fresh server's first requests find sympy's caches filled: before,
    the first burst of requests took 150-230 ms where later ones took 25-45 ms."""
    bodies = [DerivativeRequest().load(body) for body in WARM_UP_BODIES]

    def run_all() -> None:
        for body in bodies:
            try:
                pool.run("derivative", body, deadline=WARM_UP_DEADLINE_SECONDS)
            except (DerivError, ComputeFailure) as error:
                log.warning("warm-up derivative failed: %s", error)

    threads = [threading.Thread(target=run_all) for _ in range(pool.size)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
