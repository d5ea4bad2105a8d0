"""Cross-cutting request hooks: API keys, CORS, request metrics."""

from __future__ import annotations

import hmac
import time

from flask import Flask, Response, g, request
from flask_cors import CORS

from service.settings import Settings

from .metrics import LATENCY, REQUESTS
from .problems import RequestProblem

OPEN_PATHS = ("/healthz", "/readyz", "/metrics", "/openapi.yaml", "/docs", "/playground/")
"""Path prefixes served without an API key (and ``/``, the playground page, exactly)."""


def install_access_hooks(app: Flask, settings: Settings) -> None:
    """API-key checks (when keys are configured), CORS (when origins are) and metrics."""
    if settings.cors_origins:
        CORS(
            app,
            origins=list(settings.cors_origins),
            expose_headers=["Retry-After", "X-Request-ID"],
        )
    if settings.api_keys:
        keys = tuple(key.encode() for key in settings.api_keys)
        app.before_request(lambda: _require_key(keys))
    app.before_request(_start_timer)
    app.after_request(_record)


def _require_key(keys: tuple[bytes, ...]) -> None:
    if request.method == "OPTIONS" or request.path == "/" or request.path.startswith(OPEN_PATHS):
        return
    given = request.headers.get("X-API-Key", "")
    authorization = request.headers.get("Authorization", "")
    if authorization.lower().startswith("bearer "):
        given = authorization[7:].strip()
    if not any(hmac.compare_digest(given.encode(), key) for key in keys):
        raise RequestProblem(
            401,
            "unauthorized",
            "Unauthorized",
            "Send a valid API key in the X-API-Key header or as a Bearer token.",
        )


def _start_timer() -> None:
    g.started = time.perf_counter()


def _record(response: Response) -> Response:
    endpoint = request.url_rule.rule if request.url_rule is not None else "unmatched"
    REQUESTS.labels(request.method, endpoint, str(response.status_code)).inc()
    started = g.get("started")
    if started is not None:
        LATENCY.labels(endpoint).observe(time.perf_counter() - started)
    return response
