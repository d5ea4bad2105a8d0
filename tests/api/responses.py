"""How the API tests post a request, and what they expect of the response: a 200 JSON body,
or a problem+json body."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

PROBLEM = "application/problem+json"
PROBLEM_TYPE = "https://deriv.example/problems/"
REQUEST_ID = "api-test"
"""The ``X-Request-ID`` that the API tests' client sends, echoed as a problem's ``instance``."""


def post(
    client: FlaskClient,
    path: str,
    body: Any = None,
    *,
    raw: str | bytes | None = None,
    content_type: str = "application/json",
    headers: Mapping[str, str] | None = None,
) -> TestResponse:
    """POST ``body`` as JSON to ``path``, or ``raw`` as it is, typed ``content_type``."""
    if raw is not None:
        return client.post(path, data=raw, content_type=content_type, headers=headers)
    return client.post(path, json=body, headers=headers)


def ok(response: Any) -> dict[str, Any]:
    """The JSON body of a 200 response (asserting status and content type)."""
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    body: dict[str, Any] = response.get_json()
    return body


def refused(response: Any, status: int) -> dict[str, Any]:
    """The problem body of an error response (asserting status and content type)."""
    assert response.status_code == status
    assert response.mimetype == PROBLEM
    body: dict[str, Any] = response.get_json()
    return body


def problem(status: int, code: str, title: str, detail: str, **extra: Any) -> dict[str, Any]:
    """The whole problem body the API answers for ``code``."""
    return {
        "type": PROBLEM_TYPE + code,
        "title": title,
        "status": status,
        "detail": detail,
        "code": code,
        "instance": REQUEST_ID,
        **extra,
    }
