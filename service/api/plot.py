"""POST /v1/plot: f and its derivatives over [a, b], with the shape analysis drawn in, as SVG."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response
from marshmallow import ValidationError, fields, validate

from .body import json_body
from .fields import (
    Point,
    RequestSchema,
    expression_field,
    point_map_field,
    syntax_field,
    variable_field,
)
from .pool import compute

blueprint = Blueprint("plot", __name__)

SHADES = ("concavity", "monotonicity", "none")
MAX_CURVES = 4
"""Curves in one picture at most: more would not be legible."""
MAX_PLOT_ORDER = 10
"""Highest derivative that may be drawn."""


def _distinct(orders: list[int]) -> None:
    if len(set(orders)) != len(orders):
        raise ValidationError("Each order may be drawn once.")


class PlotRequest(RequestSchema):
    """``{expression, variable?, interval, orders? = [0, 1, 2], shade? = "concavity", …}``."""

    expression = expression_field()
    variable = variable_field()
    interval = fields.List(Point(), required=True, validate=validate.Length(equal=2))
    orders = fields.List(
        fields.Integer(strict=True, validate=validate.Range(0, MAX_PLOT_ORDER)),
        validate=[validate.Length(1, MAX_CURVES), _distinct],
        load_default=lambda: [0, 1, 2],
    )
    shade = fields.String(validate=validate.OneOf(SHADES), load_default="concavity")
    parameters = point_map_field()
    syntax = syntax_field()
    width = fields.Integer(strict=True, validate=validate.Range(240, 2000), load_default=640)
    height = fields.Integer(strict=True, validate=validate.Range(160, 2000), load_default=400)


@blueprint.post("/v1/plot")
def plot() -> Response:
    """The picture as ``image/svg+xml`` (errors stay problem+json)."""
    body: dict[str, Any] = PlotRequest().load(json_body())
    return Response(compute("plot", body)["svg"], mimetype="image/svg+xml")
