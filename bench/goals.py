"""The goals of the speed work (issue 9), each a ratio measured in one `make bench` run.

- novel derivatives: /v1/derivative req/s on requests never seen before, over /healthz
  req/s of the same server (goal >= 0.15), and p99 <= 3x p50, at 8 connections;
- repeated bodies: the same 20 request bodies over and over (goal >= 0.6 x /healthz);
- the naive Flask + sympy service (bench/naive.py) on the same novel requests, for scale;
- memory: PSS of the whole server after the run, and the worst case with every worker's
  result cache full (goal < 1 GiB);
- /v1/evaluate of every order up to 5 of a 53-node expression at 20 points, one request at
  a time (each with other points, so none is remembered): its slowest answer against the
  compute deadline;
- worker class: the novel derivatives and /healthz again on a server with sync workers
  (``measure_worker_class``), beside the gthread default.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import requests

from bench.novel import novel_bodies

CONNECTIONS = 8
REPEATED_BODIES = 20
EVALUATE_EXPRESSION = (
    "sigmoid(3x^2 - 2x + 1)*ln(1 + exp(sin(x)*cos(2x)))/sqrt(1 + x^4 + tan(x/3)^2)"
    " + atan(x^3 - relu(x - 1))*abs(x - 2)"
)
EVALUATE_REQUESTS = 6
MIB = 1024 * 1024

Measure = Callable[[str, str, str, list[dict[str, Any]], int, int], dict[str, float]]


def measure_goals(
    measure: Measure, base_url: str, naive_url: str, requests_per_client: int
) -> dict[str, Any]:
    """Throughput and latency of each goal next to the /healthz floor of the same server."""
    total = CONNECTIONS * requests_per_client
    floor = measure(base_url, "GET", "/healthz", [], CONNECTIONS, requests_per_client)
    novel = measure(
        base_url,
        "POST",
        "/v1/derivative",
        novel_bodies(total, seed=1),
        CONNECTIONS,
        requests_per_client,
    )
    repeated = novel_bodies(REPEATED_BODIES, seed=2)
    for body in repeated:
        requests.post(base_url + "/v1/derivative", json=body, timeout=30)
    again = measure(base_url, "POST", "/v1/derivative", repeated, CONNECTIONS, requests_per_client)
    naive_floor = measure(naive_url, "GET", "/healthz", [], CONNECTIONS, requests_per_client)
    naive = measure(
        naive_url,
        "POST",
        "/v1/derivative",
        novel_bodies(total, seed=1),
        CONNECTIONS,
        requests_per_client,
    )
    return {
        "healthz": floor,
        "novel": novel,
        "repeated": again,
        "naive_healthz": naive_floor,
        "naive": naive,
        "evaluate": measure(
            base_url, "POST", "/v1/evaluate", evaluate_bodies(), 1, EVALUATE_REQUESTS
        ),
    }


def evaluate_bodies() -> list[dict[str, Any]]:
    """Orders 0-5 at 20 points, other points in each body (never at the kinks 1 and 2)."""
    return [
        {
            "expression": EVALUATE_EXPRESSION,
            "at": [f"{2 * n + 1}/{8 + k}" for n in range(-10, 10)],
            "orders": [0, 1, 2, 3, 4, 5],
        }
        for k in range(EVALUATE_REQUESTS)
    ]


def measure_worker_class(
    measure: Measure, base_url: str, requests_per_client: int
) -> dict[str, Any]:
    """/healthz and novel derivatives (the same bodies on every server measured)."""
    return {
        "healthz": measure(base_url, "GET", "/healthz", [], CONNECTIONS, requests_per_client),
        "novel": measure(
            base_url,
            "POST",
            "/v1/derivative",
            novel_bodies(CONNECTIONS * requests_per_client, seed=3),
            CONNECTIONS,
            requests_per_client,
        ),
    }


def cache_bytes(base_url: str) -> float:
    """Bytes held by the result caches of the server's workers, from /metrics."""
    text = requests.get(base_url + "/metrics", timeout=10).text
    match = re.search(r"^deriv_result_cache_bytes ([0-9.e+]+)$", text, re.MULTILINE)
    return float(match.group(1)) if match else 0.0


def ratio_rows(goals: dict[str, Any], memory: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(what, measured, goal) rows: every ratio of issue 9 beside its goal."""
    floor = goals["healthz"]["requests_per_second"]
    novel, repeated, naive = goals["novel"], goals["repeated"], goals["naive"]
    return [
        (
            "novel /v1/derivative req/s / /healthz req/s",
            f"{novel['requests_per_second'] / floor:.3f}",
            ">= 0.15",
        ),
        (
            "novel derivative p99 / p50 (8 connections)",
            f"{novel['p99_ms'] / novel['p50_ms']:.2f}",
            "<= 3",
        ),
        (
            f"repeated bodies ({REPEATED_BODIES}) req/s / /healthz req/s",
            f"{repeated['requests_per_second'] / floor:.3f}",
            ">= 0.6",
        ),
        (
            "naive Flask+sympy req/s / its own /healthz",
            f"{naive['requests_per_second'] / goals['naive_healthz']['requests_per_second']:.3f}",
            "(scale)",
        ),
        (
            "novel /v1/derivative req/s / naive req/s",
            f"{novel['requests_per_second'] / naive['requests_per_second']:.2f}",
            "(scale)",
        ),
        (
            "evaluate orders 0-5, 53 nodes, 20 points: slowest ms",
            f"{goals['evaluate']['max_ms']:.0f}",
            "< 2000",
        ),
        (
            "server PSS with the caches full (worst case), MiB",
            f"{memory['pss_full_cache_mib']}",
            "< 1024",
        ),
    ]


ENTRY_OVERHEAD_BYTES = 256
"""Python's own bytes per cache entry beyond its key and value (objects, dict node)."""


def full_cache_mib(memory: dict[str, Any], held: float, workers: int, settings: Any) -> float:
    """PSS now plus what the caches may still grow by: every worker's bounds, filled."""
    per_worker = settings.cache_mb * MIB + settings.cache_entries * ENTRY_OVERHEAD_BYTES
    headroom = max(0.0, workers * per_worker - held)
    return round(memory["pss_mib"] + headroom / MIB, 1)


def worker_class_rows(classes: dict[str, dict[str, Any]]) -> list[tuple[str, str, str]]:
    """(what, measured, note) rows: each worker class's novel and /healthz req/s."""
    rows = []
    for name, result in classes.items():
        novel, floor = result["novel"], result["healthz"]
        rows += [
            (f"{name}: novel /v1/derivative req/s", f"{novel['requests_per_second']:.0f}", ""),
            (f"{name}: GET /healthz req/s", f"{floor['requests_per_second']:.0f}", ""),
            (
                f"{name}: novel / /healthz",
                f"{novel['requests_per_second'] / floor['requests_per_second']:.3f}",
                "",
            ),
        ]
    return rows
