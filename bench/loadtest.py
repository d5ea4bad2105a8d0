"""`make loadtest`: the real server under saturation and faults, in a minute or two.

Starts gunicorn exactly as `make run` does (gunicorn.conf.py) on a free loopback port, then:
1. mixed traffic over every endpoint, some of it hostile, from more clients than there are
   workers; a third of the way in one gunicorn worker is killed (SIGKILL), two thirds of the
   way in one busy compute process;
2. a burst of deadline-busting requests, many more than there are compute processes, with
   /healthz probed all along;
3. a sample of answers checked against values computed here with sympy;
4. SIGTERM to the master while a batch per worker is held in flight.
Prints p50/p99 per endpoint, the resident memory of the process tree, what the faults cost,
and every broken promise; writes bench/results/loadtest.json; exits 1 if a promise broke.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

from bench import traffic
from bench.client import Outcome, send
from bench.corpus import CORPUS
from service.settings import Settings
from tests import processes
from tests.held_requests import HeldRequest
from tests.live_server import gunicorn_process

RESULTS = Path(__file__).parent / "results" / "loadtest.json"
SETTINGS = Settings.from_env()
DEADLINE = SETTINGS.limits.deadline_seconds
QUEUE = SETTINGS.queue_timeout_seconds
BOUND = DEADLINE + QUEUE + 1.0
"""SPEC §3: every request is answered within deadline + queue timeout + 1 s."""
BATCH_BOUND = SETTINGS.batch_deadline_seconds + BOUND
HEALTHZ_BOUND = 2.0


@dataclass
class Fault:
    """A process killed during the run, and how long until the server was whole again."""

    what: str
    pid: int
    at: float
    recovered_after: float | None = None


class Run:
    """The shared state of one run: outcomes, faults, memory samples, broken promises."""

    def __init__(self, base_url: str, master: int, workers: int) -> None:
        self.base_url = base_url
        self.master = master
        self.workers = workers
        self.outcomes: list[Outcome] = []
        self.faults: list[Fault] = []
        self.rss: list[float] = []
        self.broken: list[str] = []
        self.lock = threading.Lock()

    def record(self, outcome: Outcome) -> None:
        with self.lock:
            self.outcomes.append(outcome)


def clients(run: Run, concurrency: int, seconds: float, seed: int) -> None:
    """``concurrency`` clients sending the mix until ``seconds`` have passed."""
    stop = time.monotonic() + seconds

    def client(number: int) -> None:
        rng = random.Random(seed * 1000 + number)
        session = requests.Session()
        while time.monotonic() < stop:
            run.record(send(session, run.base_url, traffic.next_call(rng)))

    threads = [threading.Thread(target=client, args=(n,)) for n in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def inject_faults(run: Run, seconds: float) -> None:
    """Kill one gunicorn worker a third of the way in, one busy compute process at two
    thirds, and wait each time until the server is whole again."""
    time.sleep(seconds / 3)
    _kill(run, "gunicorn worker", processes.http_workers(run.master)[0])
    time.sleep(max(0.0, seconds / 3 - (time.monotonic() - run.faults[-1].at)))
    victim = processes.busiest_compute_process(run.master)
    if victim is None:
        run.broken.append("no compute process to kill")
        return
    _kill(run, "compute process", victim)


def _kill(run: Run, what: str, pid: int) -> None:
    processes.kill(pid)
    fault = Fault(what, pid, time.monotonic())
    run.faults.append(fault)
    while time.monotonic() - fault.at < 30:
        if _whole(run):
            fault.recovered_after = round(time.monotonic() - fault.at, 2)
            return
        time.sleep(0.05)
    run.broken.append(f"not whole 30 s after the {what} was killed")


def _whole(run: Run) -> bool:
    """All workers up, /healthz answering, and a derivative right."""
    if len(processes.http_workers(run.master)) != run.workers:
        return False
    try:
        health = requests.get(run.base_url + "/healthz", timeout=2)
        answer = requests.post(
            run.base_url + "/v1/derivative", json={"expression": "x^3"}, timeout=10
        )
    except requests.RequestException:
        return False
    if health.status_code != 200 or answer.status_code != 200:
        return False
    return bool(answer.json()["derivative"]["text"] == "3*x^2")


def sample_memory(run: Run, stop: threading.Event) -> None:
    while not stop.is_set():
        run.rss.append(processes.rss_mib(run.master))
        stop.wait(1.0)


def burst(run: Run, size: int) -> dict[str, Any]:
    """``size`` deadline-busting requests at once, one attempt each; /healthz probed meanwhile."""
    rng = random.Random(7)
    calls = [traffic.deadline_call(rng) for _ in range(size)]
    answers: list[tuple[int | None, str | None, str | None, float]] = []
    health: list[float] = []
    done = threading.Event()

    def one(call: traffic.Call) -> None:
        started = time.monotonic()
        entry: tuple[int | None, str | None, str | None]
        try:
            response = requests.post(run.base_url + call.path, json=call.json, timeout=30)
            code = response.json().get("code")
            entry = (response.status_code, code, response.headers.get("Retry-After"))
        except requests.RequestException as error:
            entry = (None, type(error).__name__, None)
        with run.lock:
            answers.append((*entry, time.monotonic() - started))

    def probe() -> None:
        while not done.is_set():
            started = time.monotonic()
            try:
                requests.get(run.base_url + "/healthz", timeout=10).raise_for_status()
                health.append(time.monotonic() - started)
            except requests.RequestException:
                health.append(float("inf"))
            done.wait(0.2)

    prober = threading.Thread(target=probe)
    prober.start()
    threads = [threading.Thread(target=one, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    done.set()
    prober.join()
    statuses = Counter(f"{status} {code}" for status, code, _, _ in answers)
    slowest = max(seconds for *_, seconds in answers)
    for status, code, retry_after, seconds in answers:
        if (status, code) not in ((422, "too_complex"), (503, "overloaded"), (200, None)):
            run.broken.append(f"burst: answered {status} {code}")
        if status == 503 and not retry_after:
            run.broken.append("burst: a 503 without Retry-After")
        if status == 503 and seconds > QUEUE + 1.0:
            run.broken.append(f"burst: 503 after {seconds:.2f} s (queue timeout {QUEUE:g} s)")
    if slowest > BOUND:
        run.broken.append(f"burst: an answer took {slowest:.2f} s (bound {BOUND:g} s)")
    if max(health) > HEALTHZ_BOUND:
        run.broken.append(f"burst: /healthz took {max(health):.2f} s")
    return {
        "requests": size,
        "answers": dict(statuses),
        "slowest_s": round(slowest, 2),
        "healthz_probes": len(health),
        "healthz_slowest_s": round(max(health), 3),
    }


def drain(run: Run, server: subprocess.Popen[bytes]) -> dict[str, Any]:
    """SIGTERM the master while one batch per worker is in flight (held open by its last
    byte, so surely in flight whatever the machine's speed); then the batches complete: each
    must be answered in full, and the master must exit cleanly."""
    held = [
        HeldRequest(
            run.base_url,
            "/v1/batch",
            {
                "requests": [
                    {"op": "critical-points", "expression": f"x^4 - {k}x^2 + sin({k}x)"}
                    for k in range(100 * n + 1, 100 * n + 4)
                ]
            },
        )
        for n in range(run.workers)
    ]
    time.sleep(1.0)  # every connection accepted: each worker is reading a body
    signalled = time.monotonic()
    server.terminate()
    time.sleep(0.5)  # the workers have the signal before the requests complete
    statuses: list[int | None] = []
    items: Counter[str] = Counter()
    for request in held:
        try:
            status, body = request.finish()
        except OSError:
            statuses.append(None)
            continue
        statuses.append(status)
        items.update(f"{r['status']} {r['body'].get('code', '')}".strip() for r in body["results"])
    answered = time.monotonic() - signalled
    exit_code = server.wait(timeout=60)
    exited_after = time.monotonic() - signalled
    if statuses != [200] * len(held) or set(items) != {"200"}:
        run.broken.append(f"drain: answers {statuses}, batch items {dict(items)}")
    if exit_code != 0:
        run.broken.append(f"drain: gunicorn exited with {exit_code}")
    return {
        "in_flight_at_sigterm": len(held),
        "answered_200": statuses.count(200),
        "batch_items": dict(items),
        "answered_after_sigterm_s": round(answered, 2),
        "master_exit_code": exit_code,
        "master_exited_after_s": round(exited_after, 2),
    }


def check_known_values(run: Run, sample: int, seed: int) -> dict[str, int]:
    """Verify a random sample of the load's verifiable answers, plus fresh ones after the
    faults, against sympy (off the clock: the client's sympy competes with nobody now)."""
    rng = random.Random(seed)
    session = requests.Session()
    fresh = [send(session, run.base_url, rng.choice(traffic.VERIFIERS)(rng)) for _ in range(20)]
    for outcome in fresh:
        if outcome.complaint is not None:
            run.broken.append(f"after the faults: {outcome.complaint}")
    kept = [outcome for outcome in run.outcomes if outcome.answer is not None]
    chosen = rng.sample(kept, min(sample, len(kept))) + fresh
    wrong = 0
    for outcome in chosen:
        if outcome.answer is None or outcome.call.verify is None:
            continue
        complaint = outcome.call.verify(outcome.answer)
        if complaint is not None:
            wrong += 1
            run.broken.append(f"wrong answer: {complaint}")
    return {"checked": len(chosen), "fresh_after_faults": len(fresh), "wrong": wrong}


def judge_load(run: Run) -> dict[str, Any]:
    """Latency per endpoint, answers by status, and the promises about faults and overload."""
    endpoints: dict[str, dict[str, Any]] = {}
    by_endpoint: dict[str, list[Outcome]] = {}
    for outcome in run.outcomes:
        by_endpoint.setdefault(outcome.call.endpoint, []).append(outcome)
    for endpoint, outcomes in sorted(by_endpoint.items()):
        answered = [a for o in outcomes for a in o.attempts if a.status is not None]
        seconds = sorted(a.ended - a.started for a in answered)
        endpoints[endpoint] = {
            "calls": len(outcomes),
            "attempts_answered": len(answered),
            "p50_ms": round(1000 * statistics.median(seconds), 1),
            "p99_ms": round(1000 * seconds[min(len(seconds) - 1, int(0.99 * len(seconds)))], 1),
            "max_ms": round(1000 * seconds[-1], 1),
            "final": dict(Counter(str(o.final.status) for o in outcomes)),
        }
        bound = BATCH_BOUND if endpoint == "batch" else BOUND
        bound = HEALTHZ_BOUND if endpoint == "healthz" else bound
        if seconds[-1] > bound:
            run.broken.append(f"{endpoint}: an answer took {seconds[-1]:.2f} s (bound {bound} s)")
    for outcome in run.outcomes:
        if outcome.complaint is not None:
            run.broken.append(f"{outcome.call.endpoint}: {outcome.complaint}")
    return {"endpoints": endpoints, **_judge_faults(run), **_judge_overload(run)}


def _judge_faults(run: Run) -> dict[str, Any]:
    """Only attempts in flight when a process was killed may fail, and retries rescue them."""
    failed = [(o, a) for o in run.outcomes for a in o.attempts if a.status is None]
    stray = [
        a
        for _, a in failed
        if not any(a.started <= fault.at <= a.ended + 0.05 for fault in run.faults)
    ]
    if stray:
        run.broken.append(f"{len(stray)} attempts failed with no kill in flight")
    rescued = sum(o.complaint is None and o.final.status is not None for o, _ in failed)
    return {
        "faults": [fault.__dict__ for fault in run.faults],
        "lost": [
            {
                "error": a.error,
                "started_after_kill_s": [round(a.started - f.at, 3) for f in run.faults],
                "ended_after_kill_s": [round(a.ended - f.at, 3) for f in run.faults],
            }
            for _, a in failed
        ],
        "attempts_lost_to_kills": len(failed),
        "rescued_by_retry": rescued,
    }


def _judge_overload(run: Run) -> dict[str, Any]:
    shed = [a for o in run.outcomes for a in o.attempts if a.status == 503]
    for attempt in shed:
        if attempt.code != "overloaded" or not attempt.retry_after:
            run.broken.append(f"a 503 {attempt.code} with Retry-After {attempt.retry_after}")
        if attempt.ended - attempt.started > QUEUE + 1.0:
            run.broken.append(f"a 503 after {attempt.ended - attempt.started:.2f} s")
    slowest = max((a.ended - a.started for a in shed), default=0.0)
    gave_up = sum(o.final.status == 503 for o in run.outcomes)
    return {
        "overloaded_503": len(shed),
        "overloaded_slowest_s": round(slowest, 2),
        "gave_up": gave_up,
    }


def scrape(base_url: str) -> dict[str, float]:
    """The counters of /metrics that say what happened."""
    wanted = (
        "deriv_errors_total",
        "deriv_compute_worker_replacements_total",
        "deriv_http_worker_exits_total",
    )
    text = requests.get(base_url + "/metrics", timeout=10).text
    return {
        name: float(value)
        for line in text.splitlines()
        if line.startswith(wanted) and not line.startswith("#")
        for name, value in [line.rsplit(" ", 1)]
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=30, help="length of the mixed load")
    parser.add_argument("--clients", type=int, default=4 * SETTINGS.workers)
    parser.add_argument("--burst", type=int, default=24, help="deadline-busting requests at once")
    parser.add_argument("--sample", type=int, default=80, help="load answers to verify")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    began = time.monotonic()
    report: dict[str, Any] = {"workers": SETTINGS.workers, "clients": args.clients}
    with gunicorn_process() as (base_url, server):
        run = Run(base_url, server.pid, SETTINGS.workers)
        for operation, bodies in CORPUS.items():  # start every compute process
            requests.post(f"{base_url}/v1/{operation}", json=bodies[0], timeout=30)
        stop = threading.Event()
        sampler = threading.Thread(target=sample_memory, args=(run, stop))
        sampler.start()
        faults = threading.Thread(target=inject_faults, args=(run, args.seconds))
        faults.start()
        clients(run, args.clients, args.seconds, args.seed)
        faults.join()
        stop.set()
        sampler.join()
        report["load"] = judge_load(run)
        report["rss_mib"] = {
            "start": run.rss[0],
            "peak": max(run.rss),
            "end": run.rss[-1],
            "growth": round(run.rss[-1] - run.rss[0], 1),
        }
        report["burst"] = burst(run, args.burst)
        report["known_values"] = check_known_values(run, args.sample, args.seed)
        report["metrics"] = scrape(base_url)
        report["drain"] = drain(run, server)
    report["seconds"] = round(time.monotonic() - began, 1)
    report["broken"] = run.broken
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")
    _print(report)
    raise SystemExit(1 if run.broken else 0)


def _print(report: dict[str, Any]) -> None:
    load = report["load"]
    print(f"{report['clients']} clients, {report['workers']} gunicorn workers")
    print(f"{'endpoint':<20}{'calls':>7}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}  final statuses")
    for name, entry in load["endpoints"].items():
        print(
            f"{name:<20}{entry['calls']:>7}{entry['p50_ms']:>9}{entry['p99_ms']:>9}"
            f"{entry['max_ms']:>9}  {entry['final']}"
        )
    rss = report["rss_mib"]
    print(f"RSS of the process tree (MiB): {rss}")
    for fault in load["faults"]:
        print(
            f"killed {fault['what']} {fault['pid']}: whole again after {fault['recovered_after']} s"
        )
    print(
        f"attempts lost to the kills: {load['attempts_lost_to_kills']}, "
        f"rescued by a retry: {load['rescued_by_retry']}; 503 overloaded: "
        f"{load['overloaded_503']} (slowest {load['overloaded_slowest_s']} s), "
        f"calls that gave up: {load['gave_up']}"
    )
    print(f"burst: {report['burst']}")
    print(f"known values: {report['known_values']}")
    print(f"metrics: {report['metrics']}")
    print(f"SIGTERM drain: {report['drain']}")
    print(f"took {report['seconds']} s; written to {RESULTS}")
    for broken in report["broken"]:
        print(f"BROKEN: {broken}")
    print("passed" if not report["broken"] else f"FAILED: {len(report['broken'])} broken promises")


if __name__ == "__main__":
    main()
