"""POST /v1/parse: what a text was understood as, and the warnings a learner should see."""

from __future__ import annotations

from flask import Blueprint, Response

from .fields import RequestSchema, expression_field, syntax_field
from .pool import answer

blueprint = Blueprint("parsing", __name__)


class ParseRequest(RequestSchema):
    """``{expression, syntax?}``."""

    expression = expression_field()
    syntax = syntax_field()


@blueprint.post("/v1/parse")
def parse() -> Response:
    """The parsed expression, its symbols and warnings (``1/2x`` is x/2, ``sinx`` a symbol)."""
    return answer("parse", ParseRequest)
