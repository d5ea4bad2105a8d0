"""The bridge from a view to the compute pool of the running app."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Response, current_app, jsonify

from service.runtime.pool import ComputePool

from .body import json_body
from .fields import RequestSchema

POOL_KEY = "deriv.pool"


def compute(operation: str, body: Mapping[str, Any]) -> dict[str, Any]:
    """Run a core operation in a killable worker and return its JSON-ready result."""
    pool: ComputePool = current_app.extensions[POOL_KEY]
    return pool.run(operation, body)


def answer(operation: str, schema: type[RequestSchema]) -> Response:
    """The view of a POST endpoint: load the JSON body with ``schema``, compute, answer."""
    return jsonify(compute(operation, schema().load(json_body())))
