"""RFC 9457 problem+json responses: one table from error to status, one handler for all."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, json
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException

from service.calculus import errors
from service.calculus.compute import ComputeFailure

from .metrics import count_error

log = logging.getLogger(__name__)

PROBLEM_TYPE_BASE = "https://deriv.example/problems/"
EXCERPT_CHARS = 60

CORE_STATUSES: dict[type[errors.DerivError], tuple[int, str]] = {
    errors.ParseError: (422, "The text could not be parsed"),
    errors.UnknownFunction: (422, "Unknown function"),
    errors.UnknownSymbol: (422, "Unknown symbol"),
    errors.AmbiguousVariable: (422, "Ambiguous variable"),
    errors.InvalidPoint: (422, "Invalid point"),
    errors.TooComplex: (422, "Too complex"),
    errors.Overloaded: (503, "Overloaded"),
}

HTTP_CODES: dict[int, str] = {
    400: "bad_request",
    401: "unauthorized",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
}

PUBLIC_DATA = ("field", "position", "excerpt", "name", "suggestion", "candidates", "limit")


class RequestProblem(Exception):
    """An HTTP-level problem found before the core is called (bad JSON, media type, auth)."""

    def __init__(self, status: int, code: str, title: str, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.status, self.code, self.title, self.detail = status, code, title, detail
        self.extra = extra


def problem(
    status: int,
    code: str,
    title: str,
    detail: str,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> Response:
    """A problem+json response with a stable ``code`` and a human ``detail``."""
    body = {
        "type": PROBLEM_TYPE_BASE + code,
        "title": title,
        "status": status,
        "detail": detail,
        "code": code,
        **{key: value for key, value in extra.items() if value is not None},
    }
    count_error(code)
    response = Response(
        json.dumps(body), status=status, mimetype="application/problem+json", headers=headers
    )
    return response


def short_excerpt(text: str) -> str:
    """A short, escaped excerpt of user text, safe to echo in an error body."""
    escaped = text[:EXCERPT_CHARS].encode("unicode_escape", "backslashreplace").decode("ascii")
    return escaped + ("…" if len(text) > EXCERPT_CHARS else "")


def register_problem_handlers(app: Flask) -> None:
    """Turn every error the app can meet into a problem+json response."""
    app.register_error_handler(errors.DerivError, _core_error)
    app.register_error_handler(ValidationError, _validation_error)
    app.register_error_handler(RequestProblem, _request_problem)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(ComputeFailure, _internal_error)
    app.register_error_handler(Exception, _internal_error)


def _core_error(error: errors.DerivError) -> Response:
    status, title = CORE_STATUSES.get(type(error), (422, "Unprocessable expression"))
    extra = {key: error.data[key] for key in PUBLIC_DATA if key in error.data}
    if isinstance(extra.get("excerpt"), str):
        extra["excerpt"] = extra["excerpt"][: EXCERPT_CHARS * 3]
    headers = None
    if isinstance(error, errors.Overloaded):
        headers = {"Retry-After": str(error.data.get("retry_after", 1))}
    return problem(status, error.code, title, error.message, headers=headers, **extra)


def _validation_error(error: ValidationError) -> Response:
    messages = error.messages if isinstance(error.messages, dict) else {"_schema": error.messages}
    fields = ", ".join(sorted(str(key) for key in messages))
    return problem(
        400,
        "validation_error",
        "Invalid request",
        f"Some fields are missing, unknown, of the wrong type or out of range: {fields}.",
        errors=messages,
    )


def _request_problem(error: RequestProblem) -> Response:
    return problem(error.status, error.code, error.title, error.detail, **error.extra)


def _http_error(error: HTTPException) -> Response:
    status = error.code or 500
    code = HTTP_CODES.get(status, "http_error")
    headers = {}
    if status == 405:
        allow = error.get_headers()
        headers = {key: value for key, value in allow if key.lower() == "allow"}
    title = error.name
    detail = error.description or title
    if status == 404:
        detail = "There is no such endpoint; see /openapi.yaml for the ones that exist."
    if status == 413:
        detail = "The request body is larger than the configured limit."
    return problem(status, code, title, detail, headers=headers)


def _internal_error(error: Exception) -> Response:
    log.exception("unexpected error", exc_info=error)
    return problem(
        500,
        "internal_error",
        "Internal error",
        "The server failed while handling this request; it has been logged.",
    )
