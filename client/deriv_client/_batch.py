"""The result of /v1/batch: one item per request, each typed by its ``op`` on demand."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Self

from ._analyses import Concavity, CriticalPoints, Gradient
from ._errors import UnexpectedResponseError, error_from_problem
from ._explanations import CheckResult, ParseResult, Trace
from ._models import Derivative, Evaluation, Json

RESULTS_BY_OP: Mapping[str, Any] = MappingProxyType(
    {
        "check": CheckResult,
        "concavity": Concavity,
        "critical-points": CriticalPoints,
        "derivative": Derivative,
        "evaluate": Evaluation,
        "gradient": Gradient,
        "parse": ParseResult,
        "trace": Trace,
    }
)
"""The result class of each batch ``op``."""


@dataclass(frozen=True)
class BatchResult:
    """One item of POST /v1/batch: its ``op`` (from the request), ``status`` and raw ``body``
    (the endpoint's JSON answer, or its problem object when ``status`` is not 200).

    ``value()`` gives the typed result (a ``Derivative`` for ``derivative``, ...) and raises
    the item's ``DerivError`` subclass when it failed.
    """

    op: str | None
    status: int
    body: Mapping[str, Any]

    @property
    def ok(self) -> bool:
        """True when the item was answered (status 200)."""
        return self.status == 200

    def raise_for_status(self) -> None:
        """Raise the exception of this item's problem, if it has one."""
        if not self.ok:
            raise error_from_problem(self.status, self.body)

    def value(self) -> Any:
        """The typed result of the item; raises its ``DerivError`` when it failed."""
        self.raise_for_status()
        build = RESULTS_BY_OP.get(self.op or "")
        if build is None:
            raise UnexpectedResponseError(f"No result type for op {self.op!r}.", status=200)
        return build.from_json(self.body)


@dataclass(frozen=True)
class Batch:
    """POST /v1/batch: one ``BatchResult`` per request, in order."""

    results: tuple[BatchResult, ...]

    @classmethod
    def from_json(cls, data: Json, ops: tuple[str | None, ...]) -> Self:
        """Build from the server's JSON object and the ``op`` of each request."""
        items = data["results"]
        if len(items) != len(ops):
            raise ValueError(f"{len(items)} results for {len(ops)} requests")
        return cls(
            results=tuple(
                BatchResult(
                    op=op, status=int(item["status"]), body=MappingProxyType(dict(item["body"]))
                )
                for op, item in zip(ops, items, strict=True)
            )
        )
