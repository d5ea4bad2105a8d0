"""The operations: a validated request in, calls on the core, the response body out.

Each module serves one endpoint with ``run(body, limits)``: ``body`` is complete (the
request schemas fill in every default; ``None`` stands for an omitted optional field), and
the result is plain JSON data. Every JSON answer that read user text also carries the
request's reading warnings (``readings.request_warnings``, SPEC §1.5). ``OPERATIONS`` is the
table ``create_app`` hands to the compute pool (``service.runtime.pool``); its workers are
forked, so the table's functions run there unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from service.calculus.limits import Limits

from . import (
    check,
    concavity,
    critical_points,
    derivative,
    evaluate,
    gradient,
    parse,
    plot,
    trace,
)

Operation = Callable[[Mapping[str, Any], Limits], dict[str, Any]]

OPERATIONS: dict[str, Operation] = {
    "derivative": derivative.run,
    "evaluate": evaluate.run,
    "gradient": gradient.run,
    "concavity": concavity.run,
    "critical-points": critical_points.run,
    "trace": trace.run,
    "parse": parse.run,
    "check": check.run,
    "plot": plot.run,
}
