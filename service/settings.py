"""Every setting of the service, read from environment variables in one place."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from service.calculus.limits import Limits


def _int(env: Mapping[str, str], name: str, default: int, minimum: int = 1) -> int:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = int(raw)
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}")
    return value


def _float(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = float(raw)
    if not value > 0:
        raise ValueError(f"{name} must be positive, got {raw}")
    return value


def _list(env: Mapping[str, str], name: str) -> tuple[str, ...]:
    raw = env.get(name, "")
    return tuple(item.strip() for item in raw.split(",") if item.strip())


WORKER_CLASSES = ("gthread", "sync")
"""gunicorn worker classes the service is measured with (`make bench` compares them)."""


@dataclass(frozen=True)
class Settings:
    """The service's configuration; ``from_env`` documents each variable's name."""

    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 2
    threads: int = 32
    worker_class: str = "gthread"
    compute_processes: int = 1
    compute_memory_mb: int = 1024
    queue_timeout_seconds: float = 1.0
    max_body_bytes: int = 64 * 1024
    log_level: str = "info"
    api_keys: tuple[str, ...] = ()
    cors_origins: tuple[str, ...] = ()
    max_batch_items: int = 100
    batch_deadline_seconds: float = 10.0
    cache_entries: int = 4096
    cache_mb: int = 32
    limits: Limits = field(default_factory=Limits)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Build the settings from environment variables (``os.environ`` by default)."""
        env = os.environ if env is None else env
        limits = Limits(
            max_length=_int(env, "DERIV_MAX_EXPRESSION_LENGTH", Limits.max_length),
            max_depth=_int(env, "DERIV_MAX_DEPTH", Limits.max_depth),
            max_nodes=_int(env, "DERIV_MAX_NODES", Limits.max_nodes),
            max_order=_int(env, "DERIV_MAX_ORDER", Limits.max_order),
            max_digits=_int(env, "DERIV_MAX_DIGITS", Limits.max_digits),
            max_exponent=_int(env, "DERIV_MAX_EXPONENT", Limits.max_exponent),
            max_result_nodes=_int(env, "DERIV_MAX_RESULT_NODES", Limits.max_result_nodes),
            max_trace_nodes=_int(env, "DERIV_MAX_TRACE_NODES", Limits.max_trace_nodes),
            max_points=_int(env, "DERIV_MAX_POINTS", Limits.max_points),
            deadline_seconds=_float(env, "DERIV_DEADLINE_SECONDS", Limits.deadline_seconds),
        )
        return cls(
            host=env.get("HOST", cls.host) or cls.host,
            port=_int(env, "PORT", cls.port),
            workers=_int(env, "DERIV_WORKERS", os.cpu_count() or cls.workers),
            threads=_int(env, "DERIV_THREADS", cls.threads),
            worker_class=_choice(env, "DERIV_WORKER_CLASS", cls.worker_class, WORKER_CLASSES),
            compute_processes=_int(env, "DERIV_COMPUTE_PROCESSES", cls.compute_processes),
            compute_memory_mb=_int(env, "DERIV_COMPUTE_MEMORY_MB", cls.compute_memory_mb),
            queue_timeout_seconds=_float(
                env, "DERIV_QUEUE_TIMEOUT_SECONDS", cls.queue_timeout_seconds
            ),
            max_body_bytes=_int(env, "DERIV_MAX_BODY_BYTES", cls.max_body_bytes),
            log_level=env.get("DERIV_LOG_LEVEL", cls.log_level) or cls.log_level,
            api_keys=_list(env, "DERIV_API_KEYS"),
            cors_origins=_list(env, "DERIV_CORS_ORIGINS"),
            max_batch_items=_int(env, "DERIV_MAX_BATCH_ITEMS", cls.max_batch_items),
            batch_deadline_seconds=_float(
                env, "DERIV_BATCH_DEADLINE_SECONDS", cls.batch_deadline_seconds
            ),
            cache_entries=_int(env, "DERIV_CACHE_ENTRIES", cls.cache_entries, minimum=0),
            cache_mb=_int(env, "DERIV_CACHE_MB", cls.cache_mb, minimum=0),
            limits=limits,
        )


def _choice(env: Mapping[str, str], name: str, default: str, choices: tuple[str, ...]) -> str:
    value = env.get(name) or default
    if value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(choices)}, not {value!r}")
    return value
