"""POST /v1/trace and GET /v1/rules."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify
from marshmallow import fields, validate

from service.calculus.differentiation.rendering import DETAILS
from service.operations.rules import vocabulary

from .fields import RequestSchema, expression_field, order_field, syntax_field, variable_field
from .pool import answer

blueprint = Blueprint("traces", __name__)


class TraceRequest(RequestSchema):
    """``{expression, variable?, order? = 1, detail? = "full", syntax?}``."""

    expression = expression_field()
    variable = variable_field()
    order = order_field(minimum=1)
    detail = fields.String(validate=validate.OneOf(DETAILS), load_default="full")
    syntax = syntax_field()


@blueprint.post("/v1/trace")
def trace() -> Response:
    """One rule trace per order, each differentiating the previous tidy derivative."""
    return answer("trace", TraceRequest)


@blueprint.get("/v1/rules")
def rules() -> Response:
    """The rule vocabulary; it reads no input, so no compute worker is needed."""
    return jsonify(vocabulary())
