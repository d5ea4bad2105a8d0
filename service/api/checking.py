"""POST /v1/check."""

from __future__ import annotations

from flask import Blueprint, Response
from marshmallow import fields, validate

from .fields import RequestSchema, expression_field, order_field, syntax_field, variable_field
from .pool import answer

blueprint = Blueprint("checking", __name__)


class CheckRequest(RequestSchema):
    """``{expression, answer, variable?, order? = 1, syntax?, answer_syntax?, seed?}``."""

    expression = expression_field()
    answer = fields.String(required=True)
    variable = variable_field()
    order = order_field(minimum=1)
    syntax = syntax_field()
    answer_syntax = syntax_field()
    seed = fields.Integer(strict=True, validate=validate.Range(min=0, max=2**63 - 1))


@blueprint.post("/v1/check")
def check() -> Response:
    """Whether an answer is the derivative, and which common mistake it looks like."""
    return answer("check", CheckRequest)
