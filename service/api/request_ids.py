"""Request ids: taken from ``X-Request-ID`` when it is a short safe token, else generated.

The id is echoed in the response's ``X-Request-ID`` header, carried as ``instance`` in a
problem body (SPEC §4) and added to every log line written while the request is handled, so
a caller's report, the access log and the application log name the same request.
"""

from __future__ import annotations

import logging
import re
import uuid

from flask import Flask, Response, g, has_request_context, request

HEADER = "X-Request-ID"

SAFE_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._~-]{0,63}")
"""What a caller's id may be: up to 64 URI-unreserved characters, starting with a letter or
digit (a UUID, a ULID, ``moodle-4f2a.17``). Anything else, too long, empty, with spaces,
quotes or control characters, is replaced, so an id never breaks a log line or a header."""


def install_request_ids(app: Flask) -> None:
    """Give every request an id and echo it in the response; install before other hooks."""
    app.before_request(_assign)
    app.after_request(_echo)


def accepted_or_new(given: str | None) -> str:
    """``given`` when it is a short safe token, else a new random id (32 hex digits)."""
    if given is not None and SAFE_TOKEN.fullmatch(given):
        return given
    return uuid.uuid4().hex


def current_request_id() -> str | None:
    """The id of the request being handled, or None outside a request."""
    if not has_request_context():
        return None
    value = g.get("request_id")
    return value if isinstance(value, str) else None


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to a log record written while a request is handled."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Keep every record; set its ``request_id`` when there is one."""
        request_id = current_request_id()
        if request_id is not None and not hasattr(record, "request_id"):
            record.request_id = request_id
        return True


def _assign() -> None:
    g.request_id = accepted_or_new(request.headers.get(HEADER))


def _echo(response: Response) -> Response:
    request_id = current_request_id()
    if request_id is not None:
        response.headers[HEADER] = request_id
    return response
