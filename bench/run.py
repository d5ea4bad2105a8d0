"""`make bench`: throughput and latency of the real server next to two baselines.

Baselines measured in the same run (the machine is shared and noisy, so only ratios travel):
- the HTTP floor: GET /healthz on the same server, same client, same concurrency;
- the compute floor: the same operations called in-process, with no HTTP and no worker pool.

Writes bench/results/latest.json and prints a table.
"""

from __future__ import annotations

import argparse
import json
import statistics
import threading
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import requests

from bench.corpus import CORPUS
from bench.goals import (
    cache_bytes,
    full_cache_mib,
    measure_goals,
    measure_worker_class,
    ratio_rows,
    worker_class_rows,
)
from service.api.batch import batch_operations
from service.api.fields import RequestSchema
from service.api.plot import PlotRequest
from service.app import create_app
from service.calculus.limits import Limits
from service.operations import OPERATIONS
from service.runtime.pool import ComputePool
from service.settings import Settings
from tests.live_server import gunicorn_process, running_server

RESULTS = Path(__file__).parent / "results" / "latest.json"
CONCURRENCIES = (1, 2, 8)


def measure_http(
    base_url: str,
    method: str,
    path: str,
    bodies: list[dict[str, Any]],
    concurrency: int,
    requests_per_client: int,
) -> dict[str, float]:
    """Requests/s and latency percentiles for ``concurrency`` clients cycling ``bodies``."""
    latencies: list[float] = []
    failures = 0
    lock = threading.Lock()

    def client(offset: int) -> None:
        nonlocal failures
        session = requests.Session()
        for i in range(requests_per_client):
            body = bodies[(offset * requests_per_client + i) % len(bodies)] if bodies else None
            started = time.perf_counter()
            response = session.request(method, base_url + path, json=body, timeout=30)
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                failures += response.status_code != 200

    threads = [threading.Thread(target=client, args=(n,)) for n in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    return _summary(latencies, wall, failures)


Task = tuple[str, dict[str, Any]]


@cache
def schemas() -> dict[str, type[RequestSchema]]:
    """op -> request schema, as the service's batch endpoint finds them, and the plot's."""
    return {**batch_operations(create_app(Settings())), "plot": PlotRequest}


def tasks(operation: str, body: dict[str, Any]) -> list[Task]:
    """The operations one request runs, on bodies loaded (defaults filled in) by its schema.

    A batch runs each of its items in turn.
    """
    if operation != "batch":
        return [(operation, schemas()[operation]().load(body))]
    return [
        (item["op"], schemas()[item["op"]]().load({k: v for k, v in item.items() if k != "op"}))
        for item in body["requests"]
    ]


def measure_in_process(
    operation: str, bodies: list[dict[str, Any]], rounds: int
) -> dict[str, float]:
    """Latency of the bare computations: no HTTP, no pool, one process."""
    limits = Limits()

    def run(prepared: list[Task]) -> None:
        for name, task in prepared:
            OPERATIONS[name](task, limits)

    return _timed(run, [tasks(operation, body) for body in bodies], rounds)


def measure_pool(operation: str, bodies: list[dict[str, Any]], rounds: int) -> dict[str, float]:
    """Latency through one killable worker process, without HTTP: the pool's own cost."""
    pool = ComputePool(Limits(), OPERATIONS, size=1)

    def run(prepared: list[Task]) -> None:
        for name, task in prepared:
            pool.run(name, task)

    try:
        return _timed(run, [tasks(operation, body) for body in bodies], rounds)
    finally:
        pool.close()


def _timed(run: Callable[[Any], None], bodies: list[Any], rounds: int) -> dict[str, float]:
    for body in bodies:  # warm the caches the same way for every measurement
        run(body)
    latencies = []
    started = time.perf_counter()
    for _ in range(rounds):
        for body in bodies:
            began = time.perf_counter()
            run(body)
            latencies.append(time.perf_counter() - began)
    return _summary(latencies, time.perf_counter() - started, 0)


def process_tree(pid: int) -> list[int]:
    """``pid`` and all its descendants (Linux /proc)."""
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            children = (task / "children").read_text().split()
            pending.extend(int(child) for child in children)
    return found


def memory_mib(pid: int) -> dict[str, float]:
    """Resident memory of the server's process tree: RSS summed, and PSS (shared pages split)."""
    rss = pss = 0
    processes = process_tree(pid)
    for process in processes:
        for line in Path(f"/proc/{process}/smaps_rollup").read_text().splitlines():
            name, _, value = line.partition(":")
            if name in ("Rss", "Pss"):
                kib = int(value.split()[0])
                rss += kib if name == "Rss" else 0
                pss += kib if name == "Pss" else 0
    return {
        "processes": len(processes),
        "rss_mib": round(rss / 1024, 1),
        "pss_mib": round(pss / 1024, 1),
    }


def _summary(latencies: list[float], wall: float, failures: int) -> dict[str, float]:
    ordered = sorted(latencies)
    return {
        "requests": len(ordered),
        "failures": failures,
        "requests_per_second": round(len(ordered) / wall, 1),
        "p50_ms": round(1000 * statistics.median(ordered), 2),
        "p99_ms": round(1000 * ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))], 2),
        "max_ms": round(1000 * ordered[-1], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=60, help="requests per client")
    parser.add_argument("--rounds", type=int, default=5, help="in-process rounds of the corpus")
    args = parser.parse_args()
    report: dict[str, Any] = {"concurrencies": CONCURRENCIES, "endpoints": {}}
    settings = Settings.from_env()
    with (
        gunicorn_process() as (base_url, server),
        running_server(app="bench.naive:create_app()") as naive_url,
    ):
        report["goals"] = measure_goals(measure_http, base_url, naive_url, args.requests)
        report["memory"] = memory_mib(server.pid)
        report["memory"]["pss_full_cache_mib"] = full_cache_mib(
            report["memory"], cache_bytes(base_url), settings.workers, settings
        )
        report["worker_classes"] = {
            "gthread": measure_worker_class(measure_http, base_url, args.requests)
        }
    with gunicorn_process({"DERIV_WORKER_CLASS": "sync"}) as (base_url, _):
        report["worker_classes"]["sync"] = measure_worker_class(
            measure_http, base_url, args.requests
        )
    # The per-endpoint table measures computation, so its server remembers nothing.
    with gunicorn_process({"DERIV_CACHE_ENTRIES": "0"}) as (base_url, server):
        for concurrency in CONCURRENCIES:
            floor = measure_http(base_url, "GET", "/healthz", [], concurrency, args.requests)
            report.setdefault("healthz", {})[str(concurrency)] = floor
        for operation, bodies in CORPUS.items():
            path = "/v1/" + operation
            entry: dict[str, Any] = {"corpus_size": len(bodies), "http": {}}
            for body in bodies:  # warm every worker's caches the same way
                requests.post(base_url + path, json=body, timeout=30)
            for concurrency in CONCURRENCIES:
                entry["http"][str(concurrency)] = measure_http(
                    base_url, "POST", path, bodies, concurrency, args.requests
                )
            entry["in_process"] = measure_in_process(operation, bodies, args.rounds)
            entry["pool"] = measure_pool(operation, bodies, args.rounds)
            report["endpoints"][operation] = entry
    _print(report)
    print(f"\n{'goal (issue 9), one run':<52}{'measured':>10}{'goal':>10}")
    for what, measured, goal in ratio_rows(report["goals"], report["memory"]):
        print(f"{what:<52}{measured:>10}{goal:>10}")
    print(f"\n{'worker classes, 8 connections, same novel bodies':<52}{'measured':>10}")
    for what, measured, _ in worker_class_rows(report["worker_classes"]):
        print(f"{what:<52}{measured:>10}")
    memory = report["memory"]
    print(
        f"\nserver memory after the run: {memory['processes']} processes, "
        f"PSS {memory['pss_mib']} MiB (RSS summed {memory['rss_mib']} MiB)"
    )
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")
    print(f"\nwritten to {RESULTS}")


def _print(report: dict[str, Any]) -> None:
    header = f"{'endpoint':<22}{'conc':>5}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'p50/healthz':>13}"
    print(header)
    for concurrency in CONCURRENCIES:
        floor = report["healthz"][str(concurrency)]
        print(
            f"{'GET /healthz':<22}{concurrency:>5}{floor['requests_per_second']:>9}"
            f"{floor['p50_ms']:>9}{floor['p99_ms']:>9}{1.0:>13.1f}"
        )
    for operation, entry in report["endpoints"].items():
        for concurrency in CONCURRENCIES:
            row = entry["http"][str(concurrency)]
            ratio = row["p50_ms"] / report["healthz"][str(concurrency)]["p50_ms"]
            print(
                f"{'POST /v1/' + operation:<22}{concurrency:>5}{row['requests_per_second']:>9}"
                f"{row['p50_ms']:>9}{row['p99_ms']:>9}{ratio:>13.1f}"
            )
        for label in ("in_process", "pool"):
            floor = entry[label]
            print(
                f"{'  ' + label + ' ' + operation:<22}{'-':>5}{floor['requests_per_second']:>9}"
                f"{floor['p50_ms']:>9}{floor['p99_ms']:>9}{'':>13}"
            )


if __name__ == "__main__":
    main()
