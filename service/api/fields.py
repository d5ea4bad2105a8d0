"""Marshmallow fields and the request-schema base shared by every endpoint."""

from __future__ import annotations

from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, pre_load, validate

from service.calculus.language.parser import SYNTAXES


class RequestSchema(Schema):
    """Base of every request schema: unknown fields are errors, JSON null means omitted.

    Every field has a ``load_default`` (the documented default, or None for an optional
    field without one), so a loaded body always holds every field.
    """

    class Meta:
        unknown = RAISE

    @pre_load
    def drop_nulls(self, data: Any, **_: Any) -> Any:
        """Treat ``"field": null`` as if the field were absent (SPEC §1.3)."""
        if isinstance(data, dict):
            return {key: value for key, value in data.items() if value is not None}
        return data


class Point(fields.Field[Any]):
    """A point: a JSON number (not a boolean) or an exact string in the grammar."""

    default_error_messages = {  # noqa: RUF012 (marshmallow's own declaration)
        "invalid": 'A point is a JSON number or a string like "pi/2".'
    }

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise self.make_error("invalid")
        return value


class PointOrList(fields.Field[Any]):
    """One point or a non-empty list of points."""

    default_error_messages = {  # noqa: RUF012 (marshmallow's own declaration)
        "invalid": "Give a point (a number or a string) or a non-empty list of points."
    }

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        items = value if isinstance(value, list) else [value]
        if not items:
            raise self.make_error("invalid")
        point = Point()
        try:
            return (
                [point.deserialize(item) for item in items]
                if isinstance(value, list)
                else (point.deserialize(value))
            )
        except ValidationError:
            raise self.make_error("invalid") from None


def expression_field() -> fields.String:
    """The required ``expression`` text."""
    return fields.String(required=True)


def syntax_field(default: str | None = "plain") -> fields.String:
    """``plain`` (the default) or ``latex``."""
    return fields.String(validate=validate.OneOf(SYNTAXES), load_default=default)


def variable_field() -> fields.String:
    """An optional variable name (checked by the core's grammar)."""
    return fields.String(load_default=None)


def order_field(minimum: int = 1) -> fields.Integer:
    """A strict integer order ≥ ``minimum``, 1 by default; the maximum is a core limit."""
    return fields.Integer(strict=True, validate=validate.Range(min=minimum), load_default=1)


def point_map_field() -> fields.Dict:
    """A map from symbol names to points (``parameters``, and ``at`` of /v1/gradient)."""
    return fields.Dict(keys=fields.String(), values=Point(), load_default=None)
