"""POST /v1/batch: many requests to the other endpoints in one, each answered on its own.

Each item is ``{op, ...body}``; ``op`` names an endpoint ``POST /v1/<op>`` and the rest is
that endpoint's body. The table of ops is derived from the app's routes (an endpoint added
later joins by itself): an op is a POST /v1 route whose name is a core operation, and its
request schema is the ``<Op>Request`` class of the module that defines the view
(``critical-points`` → ``CriticalPointsRequest``); /v1/plot, whose answer is an image, is
left out. Items run one after another through the
same compute pool as the endpoints; each gets exactly the status and body its endpoint
would answer, and items not started when the batch deadline has passed get ``too_complex``
with ``limit: "batch_deadline"``.
"""

from __future__ import annotations

import sys
import time
from typing import Any

from flask import Blueprint, Flask, Response, current_app, jsonify
from marshmallow import ValidationError, fields, validate, validates

from service.calculus.errors import TooComplex
from service.operations import OPERATIONS
from service.settings import Settings

from .body import json_body
from .fields import RequestSchema
from .pool import compute
from .problems import problem_for

blueprint = Blueprint("batch", __name__)

TABLE_KEY = "deriv.batch_operations"
PREFIX = "/v1/"


class BatchRequest(RequestSchema):
    """``{requests: [{op, ...body}]}``: 1 to ``max_items`` items (checked one by one later)."""

    requests = fields.List(
        fields.Raw(allow_none=True), required=True, validate=validate.Length(min=1)
    )

    def __init__(self, max_items: int) -> None:
        super().__init__()
        self.max_items = max_items

    @validates("requests")
    def at_most_max_items(self, value: list[Any], **_: Any) -> None:
        """No more than ``max_items`` items (``DERIV_MAX_BATCH_ITEMS``)."""
        if len(value) > self.max_items:
            raise ValidationError(f"A batch holds at most {self.max_items} requests.")


NOT_BATCHED = frozenset({"plot"})
"""POST /v1 operations a batch item may not name: their answer is not JSON (an SVG image)."""


def batch_operations(app: Flask) -> dict[str, type[RequestSchema]]:
    """op → request schema of every endpoint a batch item may name, sorted by op."""
    table: dict[str, type[RequestSchema]] = {}
    for rule in app.url_map.iter_rules():
        op = rule.rule.removeprefix(PREFIX)
        if "POST" not in (rule.methods or set()) or op == rule.rule or op not in OPERATIONS:
            continue
        if op in NOT_BATCHED:
            continue
        module = sys.modules[app.view_functions[rule.endpoint].__module__]
        schema = getattr(module, _schema_name(op), None)
        if isinstance(schema, type) and issubclass(schema, RequestSchema):
            table[op] = schema
    return dict(sorted(table.items()))


def _schema_name(op: str) -> str:
    return "".join(part.capitalize() for part in op.split("-")) + "Request"


@blueprint.post("/v1/batch")
def batch() -> Response:
    """Answer every item in order, each with its own status and body."""
    settings: Settings = current_app.extensions["deriv.settings"]
    requests = BatchRequest(settings.max_batch_items).load(json_body())["requests"]
    table = current_app.extensions.get(TABLE_KEY) or current_app.extensions.setdefault(
        TABLE_KEY, batch_operations(current_app)
    )
    deadline = time.monotonic() + settings.batch_deadline_seconds
    results = [answer_item(item, table, deadline, settings) for item in requests]
    return jsonify({"results": results})


def answer_item(
    item: Any, table: dict[str, type[RequestSchema]], deadline: float, settings: Settings
) -> dict[str, Any]:
    """``{status, body}``: what the item's endpoint answers, or its problem."""
    if time.monotonic() >= deadline:
        return _problem_item(
            TooComplex(
                f"The batch reached its deadline of {settings.batch_deadline_seconds:g} s "
                "before this request started.",
                limit="batch_deadline",
            )
        )
    try:
        op, body = _split(item, table)
        return {"status": 200, "body": compute(op, table[op]().load(body))}
    except Exception as error:  # every failure, a bug included, becomes this item's problem
        return _problem_item(error)


def _split(item: Any, table: dict[str, type[RequestSchema]]) -> tuple[str, dict[str, Any]]:
    if not isinstance(item, dict):
        raise ValidationError({"_schema": ["Each request is a JSON object with an 'op'."]})
    body = dict(item)
    op = body.pop("op", None)
    if op is None:
        raise ValidationError({"op": ["Missing data for required field."]})
    if not isinstance(op, str) or op not in table:
        raise ValidationError({"op": [f"Must be one of: {', '.join(table)}."]})
    return op, body


def _problem_item(error: Exception) -> dict[str, Any]:
    status, body, _headers = problem_for(error)
    return {"status": status, "body": body}
