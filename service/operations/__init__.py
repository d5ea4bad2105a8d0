"""The operations: a validated request in, calls on the core, the response body out.

Each module serves one endpoint with ``run(body, limits)``: ``body`` is complete (the
request schemas fill in every default; ``None`` stands for an omitted optional field), and
the result is plain JSON data. Every JSON answer that read user text also carries the
request's reading warnings (``readings.with_warnings``, SPEC §1.5). ``OPERATIONS`` is the
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
from .readings import with_warnings

Operation = Callable[[Mapping[str, Any], Limits], dict[str, Any]]

OPERATIONS: dict[str, Operation] = {
    "derivative": with_warnings(derivative.run),
    "evaluate": with_warnings(evaluate.run),
    "gradient": with_warnings(gradient.run),
    "concavity": with_warnings(concavity.run),
    "critical-points": with_warnings(critical_points.run),
    "trace": with_warnings(trace.run),
    "parse": parse.run,
    "check": with_warnings(check.run),
    "plot": plot.run,
}
