"""The results: frozen dataclasses built from the server's JSON (``from_json``).

Here the shared pieces (warnings, expressions, points) and the results of /v1/derivative and
/v1/evaluate; ``_analyses`` has the shape analyses and the gradient, ``_explanations`` the
traces, rules, checks and parses, ``_batch`` the batch.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, Self

Json = Mapping[str, Any]
Sign = Literal["positive", "negative", "zero"]
ConcavityKind = Literal["up", "down", "undetermined"]
CheckMethod = Literal["symbolic", "numeric"]
ExtremumKind = Literal["minimum", "maximum", "neither"]
TestName = Literal["second_derivative", "first_derivative"]
Direction = Literal["increasing", "decreasing", "constant"]


def _optional_float(value: Any) -> float | None:
    return None if value is None else float(value)


def _optional_str(value: Any) -> str | None:
    return None if value is None else str(value)


@dataclass(frozen=True)
class ReadingWarning:
    """How a field of the request was read where the text may not say what was meant
    (``implicit_division``, ``exponent_ends_early``, ``function_name_in_symbol``,
    ``variable_absent``, ...): the request ``field``, a sentence saying how it was read and
    how to write the other reading, and a position in the field's text."""

    code: str
    field: str
    message: str
    position: int | None = None

    @classmethod
    def from_json(cls, data: Json) -> Self:
        """Build from the server's JSON object."""
        position = data.get("position")
        return cls(
            code=str(data["code"]),
            field=str(data["field"]),
            message=str(data["message"]),
            position=None if position is None else int(position),
        )


def _warnings(data: Json) -> tuple[ReadingWarning, ...]:
    return tuple(ReadingWarning.from_json(item) for item in data.get("warnings", ()))


@dataclass(frozen=True)
class Expression:
    """An expression: ``text`` (plain syntax, round-trips), ``latex`` and ``mathml``."""

    text: str
    latex: str
    mathml: str

    @classmethod
    def from_json(cls, data: Json) -> Self:
        """Build from the server's JSON object."""
        return cls(text=str(data["text"]), latex=str(data["latex"]), mathml=str(data["mathml"]))

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Point:
    """A point: ``text``, ``latex`` and its float ``value`` (None for ±oo)."""

    text: str
    latex: str
    value: float | None

    @classmethod
    def from_json(cls, data: Json) -> Self:
        """Build from the server's JSON object."""
        return cls(
            text=str(data["text"]), latex=str(data["latex"]), value=_optional_float(data["value"])
        )

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Derivative:
    """POST /v1/derivative: the input as understood and its derivative."""

    input: Expression
    variable: str
    order: int
    derivative: Expression
    warnings: tuple[ReadingWarning, ...] = ()

    @classmethod
    def from_json(cls, data: Json) -> Self:
        """Build from the server's JSON object."""
        return cls(
            input=Expression.from_json(data["input"]),
            variable=str(data["variable"]),
            order=int(data["order"]),
            derivative=Expression.from_json(data["derivative"]),
            warnings=_warnings(data),
        )


@dataclass(frozen=True)
class Value:
    """The ``order``-th derivative at a point: exact, as a float, or why it is undefined.

    ``exact`` is None also for a defined value too large to show (``reason`` says so);
    ``value`` is then still the correctly rounded float.
    """

    order: int
    exact: Expression | None
    value: float | None
    defined: bool
    reason: str | None = None

    @classmethod
    def from_json(cls, data: Json) -> Self:
        """Build from the server's JSON object."""
        return cls(
            order=int(data["order"]),
            exact=None if data["exact"] is None else Expression.from_json(data["exact"]),
            value=_optional_float(data["value"]),
            defined=bool(data["defined"]),
            reason=_optional_str(data.get("reason")),
        )


@dataclass(frozen=True)
class EvaluatedPoint:
    """One requested point and the values there, in the order of ``orders``."""

    at: Point
    values: tuple[Value, ...]

    @classmethod
    def from_json(cls, data: Json) -> Self:
        """Build from the server's JSON object."""
        return cls(
            at=Point.from_json(data["at"]),
            values=tuple(Value.from_json(item) for item in data["values"]),
        )


@dataclass(frozen=True)
class Evaluation:
    """POST /v1/evaluate: one entry per requested point, in the order asked."""

    variable: str
    points: tuple[EvaluatedPoint, ...]
    warnings: tuple[ReadingWarning, ...] = ()

    @classmethod
    def from_json(cls, data: Json) -> Self:
        """Build from the server's JSON object."""
        return cls(
            variable=str(data["variable"]),
            points=tuple(EvaluatedPoint.from_json(item) for item in data["points"]),
            warnings=_warnings(data),
        )
