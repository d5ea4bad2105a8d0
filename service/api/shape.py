"""POST /v1/concavity and POST /v1/critical-points: the shape of a function's graph."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify
from marshmallow import fields, validate

from .body import json_body
from .fields import (
    Point,
    PointOrList,
    RequestSchema,
    expression_field,
    point_map_field,
    syntax_field,
    variable_field,
)
from .pool import compute

blueprint = Blueprint("shape", __name__)


def interval_field() -> fields.List:
    """``[a, b]``: two points, either may be ``"-oo"``/``"oo"`` (a < b is checked by the core)."""
    return fields.List(Point(), validate=validate.Length(equal=2))


class ConcavityRequest(RequestSchema):
    """``{expression, variable?, at?, interval?, parameters?, syntax?}``."""

    expression = expression_field()
    variable = variable_field()
    at = PointOrList()
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
    body = ConcavityRequest().load(json_body())
    return jsonify(compute("concavity", body))


@blueprint.post("/v1/critical-points")
def critical_points() -> Response:
    """The critical points strictly inside the interval, classified."""
    body = CriticalPointsRequest().load(json_body())
    return jsonify(compute("critical-points", body))
