"""POST /v1/check."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response
from marshmallow import fields, post_load, validate

from .evaluation import StrictBoolean
from .fields import RequestSchema, expression_field, order_field, syntax_field, variable_field
from .pool import answer

blueprint = Blueprint("checking", __name__)


class CheckRequest(RequestSchema):
    """``{expression, answer, variable?, order? = 1, syntax?, answer_syntax?, seed?,
    include_expected? = true}``."""

    expression = expression_field()
    answer = fields.String(required=True)
    variable = variable_field()
    order = order_field(minimum=1)
    syntax = syntax_field()
    answer_syntax = syntax_field(default=None)
    seed = fields.Integer(
        strict=True, validate=validate.Range(min=0, max=2**63 - 1), load_default=None
    )
    include_expected = StrictBoolean(load_default=True)

    @post_load
    def answer_syntax_defaults_to_syntax(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        """``answer_syntax`` is ``syntax`` unless given."""
        if data["answer_syntax"] is None:
            data["answer_syntax"] = data["syntax"]
        return data


@blueprint.post("/v1/check")
def check() -> Response:
    """Whether an answer is the derivative, and which common mistake it looks like."""
    return answer("check", CheckRequest)
