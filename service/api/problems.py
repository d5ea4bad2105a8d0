"""RFC 9457 problem+json responses: one table from error to status, one handler for all."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, json
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException

from service.calculus import errors

from .metrics import count_error
from .request_ids import current_request_id

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


Problem = tuple[int, dict[str, Any], dict[str, str]]
"""A problem as data: its status, its problem+json body and its extra headers."""


def problem_body(status: int, code: str, title: str, detail: str, **extra: Any) -> dict[str, Any]:
    """The problem+json body: a stable ``code``, a human ``detail`` and the non-None extras."""
    return {
        "type": PROBLEM_TYPE_BASE + code,
        "title": title,
        "status": status,
        "detail": detail,
        "code": code,
        **{key: value for key, value in extra.items() if value is not None},
    }


def problem(
    status: int,
    code: str,
    title: str,
    detail: str,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> Response:
    """A problem+json response with a stable ``code`` and a human ``detail``."""
    return _response((status, problem_body(status, code, title, detail, **extra), headers or {}))


def problem_for(error: Exception) -> Problem:
    """The status, body and headers that answer ``error``, without making a Response.

    The error handlers answer with this plus ``instance`` (the request id); /v1/batch puts it
    in an item as it is (the batch's own id is in its response header).
    """
    if isinstance(error, errors.DerivError):
        return _core_error(error)
    if isinstance(error, ValidationError):
        return _validation_error(error)
    if isinstance(error, RequestProblem):
        return _request_problem(error)
    if isinstance(error, HTTPException):
        return _http_error(error)
    return _internal_error(error)


def register_problem_handlers(app: Flask) -> None:
    """Turn every error the app can meet (HTTP ones included) into a problem+json response."""
    app.register_error_handler(Exception, _handle)


def _handle(error: Exception) -> Response:
    return _response(problem_for(error))


def _response(answer: Problem) -> Response:
    status, body, headers = answer
    count_error(str(body["code"]))
    request_id = current_request_id()
    if request_id is not None:
        body = {**body, "instance": request_id}
    return Response(
        json.dumps(body), status=status, mimetype="application/problem+json", headers=headers
    )


def _core_error(error: errors.DerivError) -> Problem:
    status, title = next(
        (CORE_STATUSES[cls] for cls in type(error).__mro__ if cls in CORE_STATUSES),
        (422, "Unprocessable expression"),
    )
    extra = {key: error.data[key] for key in PUBLIC_DATA if key in error.data}
    if isinstance(extra.get("excerpt"), str):
        extra["excerpt"] = extra["excerpt"][: EXCERPT_CHARS * 3]
    headers = {}
    if isinstance(error, errors.Overloaded):
        headers = {"Retry-After": str(error.data.get("retry_after", 1))}
    return status, problem_body(status, error.code, title, error.message, **extra), headers


def _validation_error(error: ValidationError) -> Problem:
    messages = error.messages if isinstance(error.messages, dict) else {"_schema": error.messages}
    fields = ", ".join(sorted(str(key) for key in messages))
    detail = f"Some fields are missing, unknown, of the wrong type or out of range: {fields}."
    body = problem_body(400, "validation_error", "Invalid request", detail, errors=messages)
    return 400, body, {}


def _request_problem(error: RequestProblem) -> Problem:
    body = problem_body(error.status, error.code, error.title, error.detail, **error.extra)
    return error.status, body, {}


def _http_error(error: HTTPException) -> Problem:
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
    return status, problem_body(status, code, title, detail), headers


def _internal_error(error: Exception) -> Problem:
    log.exception("unexpected error", exc_info=error)
    detail = "The server failed while handling this request; it has been logged."
    return 500, problem_body(500, "internal_error", "Internal error", detail), {}
