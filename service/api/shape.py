"""POST /v1/concavity and POST /v1/critical-points: the shape of a function's graph."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response
from marshmallow import fields, validate

from .fields import (
    Point,
    PointOrList,
    RequestSchema,
    expression_field,
    point_map_field,
    syntax_field,
    variable_field,
)
from .pool import answer

blueprint = Blueprint("shape", __name__)


def interval_field() -> fields.List[Any]:
    """``[a, b]``: two points, either may be ``"-oo"``/``"oo"`` (a < b is checked by the core)."""
    return fields.List(Point(), validate=validate.Length(equal=2), load_default=None)


class ConcavityRequest(RequestSchema):
    """``{expression, variable?, at?, interval?, parameters?, syntax?}``."""

    expression = expression_field()
    variable = variable_field()
    at = PointOrList(load_default=None)
    interval = interval_field()
    parameters = point_map_field()
    syntax = syntax_field()


class CriticalPointsRequest(RequestSchema):
    """``{expression, variable?, interval?, parameters?, syntax?}``."""

    expression = expression_field()
    variable = variable_field()
    interval = interval_field()
    parameters = point_map_field()
    syntax = syntax_field()


@blueprint.post("/v1/concavity")
def concavity() -> Response:
    """f'' at points, the intervals of concavity and the inflection points."""
    return answer("concavity", ConcavityRequest)


@blueprint.post("/v1/critical-points")
def critical_points() -> Response:
    """The critical points strictly inside the interval, classified."""
    return answer("critical-points", CriticalPointsRequest)
