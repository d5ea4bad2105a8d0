"""The bridge from a view to the compute pool of the running app."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import current_app

from service.calculus.compute import ComputePool

POOL_KEY = "deriv.pool"


def compute(operation: str, body: Mapping[str, Any]) -> dict[str, Any]:
    """Run a core operation in a killable worker and return its JSON-ready result."""
    pool: ComputePool = current_app.extensions[POOL_KEY]
    return pool.run(operation, body)
