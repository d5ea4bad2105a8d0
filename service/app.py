"""The composition root: ``create_app`` builds the Flask app from the settings."""

from __future__ import annotations

from flask import Flask

from service.api import (
    batch,
    checking,
    derivative,
    docs,
    evaluation,
    meta,
    parsing,
    playground,
    plot,
    shape,
    traces,
)
from service.api.access import install_access_hooks
from service.api.metrics import count_kill
from service.api.pool import CACHE_KEY, POOL_KEY
from service.api.problems import register_problem_handlers
from service.api.request_ids import RequestIdFilter, install_request_ids
from service.logs import configure_logging
from service.operations import OPERATIONS
from service.runtime.cache import ResultCache
from service.runtime.pool import ComputePool
from service.settings import Settings


def create_app(settings: Settings | None = None) -> Flask:
    """Build the app; ``settings`` defaults to the environment's (``Settings.from_env``)."""
    settings = Settings.from_env() if settings is None else settings
    configure_logging(settings.log_level, filters=[RequestIdFilter()])
    app = Flask(__name__, static_folder=None)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_bytes
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.extensions["deriv.settings"] = settings
    app.extensions[POOL_KEY] = ComputePool(
        settings.limits,
        OPERATIONS,
        size=settings.compute_processes,
        memory_mb=settings.compute_memory_mb,
        queue_timeout=settings.queue_timeout_seconds,
        on_kill=count_kill,
    )
    app.extensions[CACHE_KEY] = ResultCache(settings.cache_entries, settings.cache_mb * 1024 * 1024)
    register_problem_handlers(app)
    install_request_ids(app)
    install_access_hooks(app, settings)
    modules = (derivative, evaluation, shape, traces, parsing, checking, batch, plot, docs, meta)
    for module in (*modules, playground):
        app.register_blueprint(module.blueprint)
    return app
