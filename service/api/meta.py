"""GET /healthz, /readyz and /metrics."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify

from .metrics import exposition
from .pool import POOL_KEY
from .problems import problem

blueprint = Blueprint("meta", __name__)


@blueprint.get("/healthz")
def healthz() -> Response:
    """Liveness: the HTTP process answers; touches no maths."""
    return jsonify({"status": "ok"})


@blueprint.get("/readyz")
def readyz() -> Response:
    """Readiness: a compute worker answers a trivial task."""
    if current_app.extensions[POOL_KEY].ping():
        return jsonify({"status": "ready"})
    return problem(
        503,
        "not_ready",
        "Not ready",
        "No compute worker answered.",
        headers={"Retry-After": "1"},
    )


@blueprint.get("/metrics")
def metrics() -> Response:
    """Prometheus text format."""
    payload, content_type = exposition()
    return Response(payload, content_type=content_type)
