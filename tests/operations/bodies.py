"""Request bodies as operations receive them: loaded by the endpoint's schema, defaults in."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from service.api.batch import batch_operations
from service.api.fields import RequestSchema
from service.app import create_app
from service.calculus.limits import DEFAULT_LIMITS, Limits
from service.operations import OPERATIONS
from service.settings import Settings


@cache
def schemas() -> dict[str, type[RequestSchema]]:
    """op -> the request schema of its endpoint."""
    return batch_operations(create_app(Settings()))


def load(op: str, fields: Mapping[str, Any]) -> dict[str, Any]:
    """``fields`` as the endpoint of ``op`` hands them on: validated and complete."""
    body: dict[str, Any] = schemas()[op]().load(dict(fields))
    return body


def run(op: str, fields: Mapping[str, Any], limits: Limits = DEFAULT_LIMITS) -> dict[str, Any]:
    """The response body of ``op`` for a request with ``fields``."""
    return OPERATIONS[op](load(op, fields), limits)
