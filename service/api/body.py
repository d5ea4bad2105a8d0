"""Strict JSON request bodies: objects only, no NaN/Infinity, no duplicate keys, bounded depth."""

from __future__ import annotations

import json
from typing import Any

from flask import request

from .problems import RequestProblem

MAX_JSON_DEPTH = 32
JSON_MEDIA_TYPES = ("application/json",)


def json_body() -> dict[str, Any]:
    """The request's JSON object, or a RequestProblem saying precisely what is wrong."""
    if request.mimetype not in JSON_MEDIA_TYPES and not request.mimetype.endswith("+json"):
        raise RequestProblem(
            415,
            "unsupported_media_type",
            "Unsupported media type",
            "Send the request body as JSON with Content-Type: application/json.",
        )
    raw = request.get_data(cache=True)
    try:
        text = raw.decode("utf-8")
        value = json.loads(text, object_pairs_hook=_unique_keys, parse_constant=_refuse_constant)
    except (UnicodeDecodeError, ValueError) as error:
        raise _invalid(f"The body is not valid JSON: {_reason(error)}.") from None
    except RecursionError:
        raise _invalid(f"The JSON is nested more than {MAX_JSON_DEPTH} levels deep.") from None
    if not isinstance(value, dict):
        raise _invalid("The body must be a JSON object.")
    if _depth(value) > MAX_JSON_DEPTH:
        raise _invalid(f"The JSON is nested more than {MAX_JSON_DEPTH} levels deep.")
    return value


class _JsonRefused(ValueError):
    """A JSON construct the service does not accept."""


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _JsonRefused(f"the key {json.dumps(key)[:40]} appears twice")
        result[key] = value
    return result


def _refuse_constant(name: str) -> None:
    raise _JsonRefused(f"{name} is not a JSON number")


def _reason(error: Exception) -> str:
    if isinstance(error, _JsonRefused):
        return str(error)
    if isinstance(error, UnicodeDecodeError):
        return "it is not UTF-8"
    if isinstance(error, json.JSONDecodeError):
        return f"{error.msg} at character {error.pos}"
    return "it cannot be decoded"


def _depth(value: Any) -> int:
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth > MAX_JSON_DEPTH:
            break
        children = item.values() if isinstance(item, dict) else item
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return deepest


def _invalid(detail: str) -> RequestProblem:
    return RequestProblem(400, "invalid_json", "Invalid JSON", detail)
