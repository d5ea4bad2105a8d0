"""POST /v1/evaluate and POST /v1/gradient."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response
from marshmallow import ValidationError, fields, validate

from .fields import (
    PointOrList,
    RequestSchema,
    expression_field,
    point_map_field,
    syntax_field,
    variable_field,
)
from .pool import answer

blueprint = Blueprint("evaluation", __name__)


class StrictBoolean(fields.Field[Any]):
    """A JSON ``true`` or ``false``, nothing else (not 1, not "true")."""

    default_error_messages = {"invalid": "Not a boolean."}  # noqa: RUF012 (marshmallow's own)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> bool:
        if not isinstance(value, bool):
            raise self.make_error("invalid")
        return value


def _unique(names: list[str]) -> None:
    if len(set(names)) != len(names):
        raise ValidationError("Each variable may be named only once.")


class EvaluateRequest(RequestSchema):
    """``{expression, variable?, at, orders? = [0], parameters?, syntax?}``."""

    expression = expression_field()
    variable = variable_field()
    at = PointOrList(required=True)
    orders = fields.List(
        fields.Integer(strict=True, validate=validate.Range(min=0)),
        validate=validate.Length(min=1),
        load_default=lambda: [0],
    )
    parameters = point_map_field()
    syntax = syntax_field()


class GradientRequest(RequestSchema):
    """``{expression, variables?, at?, parameters?, hessian? = false, syntax?}``."""

    expression = expression_field()
    variables = fields.List(
        fields.String(), validate=[validate.Length(min=1), _unique], load_default=None
    )
    at = point_map_field()
    parameters = point_map_field()
    hessian = StrictBoolean(load_default=False)
    syntax = syntax_field()


@blueprint.post("/v1/evaluate")
def evaluate() -> Response:
    """f and its derivatives at one or many points."""
    return answer("evaluate", EvaluateRequest)


@blueprint.post("/v1/gradient")
def gradient() -> Response:
    """The partial derivatives, optionally the Hessian, and their values at a point."""
    return answer("gradient", GradientRequest)
