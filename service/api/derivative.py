"""POST /v1/derivative."""

from __future__ import annotations

from flask import Blueprint, Response

from .fields import RequestSchema, expression_field, order_field, syntax_field, variable_field
from .pool import answer

blueprint = Blueprint("derivative", __name__)


class DerivativeRequest(RequestSchema):
    """``{expression, variable?, order? = 1, syntax?}``."""

    expression = expression_field()
    variable = variable_field()
    order = order_field(minimum=1)
    syntax = syntax_field()


@blueprint.post("/v1/derivative")
def derivative() -> Response:
    """The n-th derivative of an expression."""
    return answer("derivative", DerivativeRequest)
