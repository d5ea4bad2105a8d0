"""Start the real gunicorn server, with the project's config, on a free loopback port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import requests

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def running_server(
    env: Mapping[str, str] | None = None, startup_seconds: float = 60, app: str | None = None
) -> Iterator[str]:
    """Run gunicorn (as `make run` does, or serving ``app``) and yield its base URL."""
    with gunicorn_process(env, startup_seconds, app=app) as (base_url, _):
        yield base_url


@contextmanager
def gunicorn_process(
    env: Mapping[str, str] | None = None,
    startup_seconds: float = 60,
    output: IO[bytes] | None = None,
    app: str | None = None,
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """Run gunicorn and yield its base URL and its master process; its stdout and stderr (the
    logs) go to ``output``, or nowhere.

    ``app`` replaces the service by another WSGI app under the same configuration (the
    naive baseline of `make bench`); readiness is then its /healthz.
    """
    port = free_port()
    environment = {**os.environ, "HOST": "127.0.0.1", "PORT": str(port), **(env or {})}
    environment.pop("PROMETHEUS_MULTIPROC_DIR", None)
    process = subprocess.Popen(
        [str(GUNICORN), "--config", "gunicorn.conf.py", *([app] if app else [])],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL if output is None else output,
        stderr=subprocess.DEVNULL if output is None else output,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_ready(base_url, process, startup_seconds, "/healthz" if app else "/readyz")
        yield base_url, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


def _wait_until_ready(
    base_url: str, process: subprocess.Popen[bytes], seconds: float, path: str
) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with status {process.returncode}")
        try:
            if requests.get(base_url + path, timeout=2).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not become ready within {seconds} s")
