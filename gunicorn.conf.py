"""gunicorn configuration shared by `make run`, the tests' live server and the container.

gthread workers, one per core, each with DERIV_THREADS threads in front of its compute
pool: a client trickling its headers holds one thread, not the whole worker (with sync
workers two slow-loris connections stalled the service; with 32 threads ten of them leave
/healthz and derivatives answering in well under 2 s). Measured with `make bench` on the
shared 2-core machine: novel derivatives 0.293x /healthz (sync workers: 0.231x). The app is
preloaded so that sympy is imported once and shared copy-on-write by the workers and their
compute processes; its heap is frozen before each fork (pre_fork), and each worker warms its
compute processes before its first request (post_worker_init).
"""

import gc
import os
import shutil
import tempfile

# Before anything imports prometheus_client: it picks its multiprocess mode at import time.
os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", tempfile.mkdtemp(prefix="deriv-metrics-"))

from prometheus_client import multiprocess

from service.api.derivative import warm_up
from service.api.metrics import count_http_worker_exit
from service.api.pool import POOL_KEY
from service.settings import Settings

_settings = Settings.from_env()

wsgi_app = "service.app:create_app()"
bind = f"{_settings.host}:{_settings.port}"
workers = _settings.workers
worker_class = _settings.worker_class
threads = _settings.threads
preload_app = True
# A batch may start its last item just before its deadline: that item still needs its own
# queue wait and compute deadline, so the worker timeout covers all three, with a margin.
timeout = (
    int(
        _settings.batch_deadline_seconds
        + _settings.limits.deadline_seconds
        + _settings.queue_timeout_seconds
    )
    + 30
)
graceful_timeout = 10
keepalive = 5
limit_request_line = 8190
limit_request_fields = 100
accesslog = "-"
errorlog = "-"
loglevel = _settings.log_level
# One JSON object per line, access lines with the request id (service/logs.py).
logger_class = "service.logs.GunicornLogger"


def pre_fork(server, worker):
    """Freeze the preloaded heap (sympy and the app) before a worker is forked: the worker's
    full collections then scan only its own objects, not the ~190,000 of sympy's import
    (pauses of 50-150 ms that stalled every thread of the worker), and do not write to the
    pages it shares copy-on-write with the master."""
    gc.freeze()


def post_worker_init(worker):
    """Start the worker's compute processes and warm them before its first request (an app
    without a compute pool, such as `make bench`'s naive baseline, has nothing to warm)."""
    pool = getattr(worker.wsgi, "extensions", {}).get(POOL_KEY)
    if pool is not None:
        warm_up(pool)


def child_exit(server, worker):
    """Count a worker that exited (killed, crashed or recycled) and drop its live gauges."""
    multiprocess.mark_process_dead(worker.pid)
    count_http_worker_exit()


def on_exit(server):
    """Remove this server's metrics directory."""
    shutil.rmtree(os.environ["PROMETHEUS_MULTIPROC_DIR"], ignore_errors=True)


def worker_exit(server, worker):
    """End a worker that has finished its requests at once: Python's own teardown of the
    sympy heap takes seconds of CPU (1.3 s idle, 4 s and more on a loaded machine) and would
    eat into the graceful timeout. Its compute processes die with it (PR_SET_PDEATHSIG); log
    lines are already flushed. gunicorn also calls this hook in the master for a worker that
    vanished: only the worker itself exits here."""
    if os.getpid() == worker.pid:
        os._exit(0)
