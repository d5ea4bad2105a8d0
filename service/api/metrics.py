"""Prometheus metrics: request counts and latencies, errors by code, deadline kills, lost
compute processes and gunicorn workers.

Under gunicorn, ``PROMETHEUS_MULTIPROC_DIR`` is set by the gunicorn config so that the
numbers of every worker process are added up when /metrics is scraped.
"""

from __future__ import annotations

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.multiprocess import MultiProcessCollector

REQUESTS = Counter(
    "deriv_requests_total", "HTTP requests answered.", ["method", "endpoint", "status"]
)
LATENCY = Histogram(
    "deriv_request_duration_seconds",
    "Time to answer a request.",
    ["endpoint"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0),
)
ERRORS = Counter("deriv_errors_total", "Problem responses by code.", ["code"])
KILLS = Counter(
    "deriv_compute_worker_replacements_total",
    "Compute workers killed or lost (deadline = a deadline kill).",
    ["reason"],
)
CACHE = Counter(
    "deriv_result_cache_requests_total", "Result cache lookups by outcome.", ["outcome"]
)
CACHE_BYTES = Gauge(
    "deriv_result_cache_bytes",
    "Bytes held by the result caches of the live worker processes.",
    multiprocess_mode="livesum",
)


HTTP_WORKER_EXITS = Counter(
    "deriv_http_worker_exits_total",
    "gunicorn workers that exited while the server ran (each is replaced at once).",
)


def count_error(code: str) -> None:
    """Count one problem response."""
    ERRORS.labels(code=code).inc()


def count_kill(reason: str) -> None:
    """Count one compute worker killed at the deadline or lost."""
    KILLS.labels(reason=reason).inc()


def count_http_worker_exit() -> None:
    """Count one gunicorn worker that exited (called in the master)."""
    HTTP_WORKER_EXITS.inc()


def exposition() -> tuple[bytes, str]:
    """The metrics in Prometheus text format, summed over processes when multiprocess."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST


def count_cache(*, hit: bool, size: int) -> None:
    """Count one result cache lookup; record the cache's size in bytes."""
    CACHE.labels(outcome="hit" if hit else "miss").inc()
    CACHE_BYTES.set(size)
