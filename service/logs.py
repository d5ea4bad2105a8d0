"""Logs as one JSON object per line: the application's, and gunicorn's access and error logs.

Every line has ``time``, ``level``, ``logger`` and ``message``; a line written while a request
is handled has its ``request_id``; an access line has ``method``, ``path``, ``status``,
``bytes``, ``duration_ms`` and ``remote``. No string field is longer than
``MAX_FIELD_CHARS``: an exception message or a traceback quoting a long expression is cut,
so a request can never write an unbounded line.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from gunicorn import glogging
from pythonjsonlogger.json import JsonFormatter

MAX_FIELD_CHARS = 2000
"""The longest string a log field holds; longer ones end with a note of what was cut."""

MAX_PATH_CHARS = 200
"""The longest request path (with its query string) an access line holds."""

_HANDLER_MARK = "_deriv_json"


class JsonLines(JsonFormatter):
    """python-json-logger's formatter with Deriv's field names and bounded strings."""

    def __init__(self) -> None:
        super().__init__(
            "{asctime}{levelname}{name}{message}",
            style="{",
            rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
        )

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        """ISO 8601 in UTC, to the millisecond."""
        return datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")

    def process_log_record(self, log_data: dict[str, Any]) -> dict[str, Any]:
        """Cut every string field to ``MAX_FIELD_CHARS``."""
        return {key: bounded(value, MAX_FIELD_CHARS) for key, value in log_data.items()}


def bounded(value: Any, limit: int) -> Any:
    """``value`` itself, or a string cut to ``limit`` characters with a note of the cut."""
    if not isinstance(value, str) or len(value) <= limit:
        return value
    return f"{value[:limit]}… [{len(value) - limit} more characters]"


def configure_logging(level: str, filters: Iterable[logging.Filter] = ()) -> None:
    """Send the root logger's records to stderr as JSON lines, at ``level``.

    A handler this function installed earlier is replaced, so calling it again (one app per
    test session, several in a test) never doubles a line; other handlers are left alone.
    """
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, _HANDLER_MARK, False):
            root.removeHandler(handler)
    handler = logging.StreamHandler()
    handler.setFormatter(JsonLines())
    for log_filter in filters:
        handler.addFilter(log_filter)
    setattr(handler, _HANDLER_MARK, True)
    root.addHandler(handler)
    root.setLevel(level.upper())


class GunicornLogger(glogging.Logger):
    """gunicorn's logger writing JSON lines (``logger_class`` in gunicorn.conf.py)."""

    def setup(self, cfg: Any) -> None:
        """gunicorn's handlers, each given the JSON formatter."""
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                handler.setFormatter(JsonLines())

    def access(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> None:
        """One access line per request, with the response's request id."""
        if not self.access_log_enabled:
            return
        path = environ.get("RAW_URI") or environ.get("PATH_INFO", "")
        status = str(resp.status).split(" ", 1)[0]
        fields = {
            "request_id": _header(resp.headers, "x-request-id"),
            "method": environ.get("REQUEST_METHOD", ""),
            "path": bounded(path, MAX_PATH_CHARS),
            "status": int(status) if status.isdigit() else status,
            "bytes": getattr(resp, "sent", None),
            "duration_ms": round(request_time.total_seconds() * 1000, 3),
            "remote": environ.get("REMOTE_ADDR", ""),
        }
        self.access_log.info(
            "%s %s %s", fields["method"], fields["path"], fields["status"], extra=fields
        )


def _header(headers: Iterable[tuple[str, str]], name: str) -> str | None:
    return next((value for key, value in headers if key.lower() == name), None)
