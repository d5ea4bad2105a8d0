"""The bridge from a view to the compute pool of the running app, through the result cache.

Answers are remembered by canonical request (``cache_key``): the operation and its body
with sorted keys, and for the operations whose answer depends only on the expression's
tokens, the plain-syntax expression with each run of white space read as one space and
``**`` as ``^`` — exactly what the tokenizer makes of them — so ``x**2`` and ``x ^ 2`` after
``x^2`` are hits. Only complete successful answers are remembered: errors (with their positions) and
best-effort analyses cut short by the deadline (``complete: false``, which depends on the
load of the moment) are always computed again.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from flask import Response, current_app

from service.runtime.cache import ResultCache
from service.runtime.pool import ComputePool

from .body import json_body
from .fields import RequestSchema
from .metrics import count_cache

POOL_KEY = "deriv.pool"
CACHE_KEY = "deriv.cache"

TOKEN_ONLY_OPERATIONS = frozenset(
    {"derivative", "evaluate", "gradient", "concavity", "critical-points", "trace"}
)
"""Operations whose answer never quotes a position in the expression's text."""

_SPACES = re.compile(r"[ \t\r\n]+")


def cache_key(operation: str, body: Mapping[str, Any]) -> str:
    """The canonical request: requests with equal keys have equal answers."""
    canonical = dict(body)
    expression = canonical.get("expression")
    plain = canonical.get("syntax") in (None, "plain")
    if operation in TOKEN_ONLY_OPERATIONS and plain and isinstance(expression, str):
        canonical["expression"] = _SPACES.sub(" ", expression).replace("**", "^")
    return json.dumps([operation, canonical], sort_keys=True, ensure_ascii=False)


def compute_json(operation: str, body: Mapping[str, Any]) -> bytes:
    """The JSON answer of a core operation: remembered, or run in a killable worker."""
    cache: ResultCache = current_app.extensions[CACHE_KEY]
    key = cache_key(operation, body)
    cached = cache.get(key)
    count_cache(hit=cached is not None, size=cache.bytes)
    if cached is not None:
        return cached
    pool: ComputePool = current_app.extensions[POOL_KEY]
    result = pool.run(operation, body)
    answer = current_app.json.dumps(result, separators=(",", ":")).encode()
    if result.get("complete") is not False:
        cache.put(key, answer)
    return answer


def compute(operation: str, body: Mapping[str, Any]) -> dict[str, Any]:
    """The answer of a core operation as JSON-ready data."""
    result: dict[str, Any] = json.loads(compute_json(operation, body))
    return result


def answer(operation: str, schema: type[RequestSchema]) -> Response:
    """The view of a POST endpoint: load the JSON body with ``schema``, compute, answer."""
    payload = compute_json(operation, schema().load(json_body()))
    return Response(payload + b"\n", mimetype="application/json")
