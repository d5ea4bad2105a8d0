"""The results of /v1/concavity, /v1/critical-points and /v1/gradient."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Self

from ._models import (
    ConcavityKind,
    Direction,
    Expression,
    ExtremumKind,
    Json,
    Point,
    ReadingWarning,
    Sign,
    TestName,
    _optional_float,
    _optional_str,
    _warnings,
)


@dataclass(frozen=True)
class ConcavityAtPoint:
    """f'' at a requested point (None where undefined), its sign and the concavity there."""

    at: Point
    value: float | None
    sign: Sign | None
    concavity: ConcavityKind

    @classmethod
    def from_json(cls, data: Json) -> Self:
        """Build from the server's JSON object."""
        return cls(
            at=Point.from_json(data["at"]),
            value=_optional_float(data["value"]),
            sign=data.get("sign"),
            concavity=data["concavity"],
        )


@dataclass(frozen=True)
class ConcavityInterval:
    """An interval on which the concavity does not change."""

    start: Point
    end: Point
    concavity: ConcavityKind

    @classmethod
    def from_json(cls, data: Json) -> Self:
        """Build from the server's JSON object."""
        return cls(
            start=Point.from_json(data["start"]),
            end=Point.from_json(data["end"]),
            concavity=data["concavity"],
        )


@dataclass(frozen=True)
class InflectionPoint:
    """An inflection point and f there."""

    at: Point
    value: Point

    @classmethod
    def from_json(cls, data: Json) -> Self:
        """Build from the server's JSON object."""
        return cls(at=Point.from_json(data["at"]), value=Point.from_json(data["value"]))


@dataclass(frozen=True)
class Concavity:
    """POST /v1/concavity; ``complete`` is False when the analysis was cut short, and
    ``reason`` then says why."""

    second_derivative: Expression
    points: tuple[ConcavityAtPoint, ...]
    intervals: tuple[ConcavityInterval, ...]
    inflection_points: tuple[InflectionPoint, ...]
    complete: bool
    reason: str | None = None
    warnings: tuple[ReadingWarning, ...] = ()

    @classmethod
    def from_json(cls, data: Json) -> Self:
        """Build from the server's JSON object."""
        return cls(
            second_derivative=Expression.from_json(data["second_derivative"]),
            points=tuple(ConcavityAtPoint.from_json(item) for item in data["points"]),
            intervals=tuple(ConcavityInterval.from_json(item) for item in data["intervals"]),
            inflection_points=tuple(
                InflectionPoint.from_json(item) for item in data["inflection_points"]
            ),
            complete=bool(data["complete"]),
            reason=_optional_str(data.get("reason")),
            warnings=_warnings(data),
        )


@dataclass(frozen=True)
class CriticalPoint:
    """A critical point, f there, its kind and the test that decided it."""

    at: Point
    value: Point
    kind: ExtremumKind
    test: TestName

    @classmethod
    def from_json(cls, data: Json) -> Self:
        """Build from the server's JSON object."""
        return cls(
            at=Point.from_json(data["at"]),
            value=Point.from_json(data["value"]),
            kind=data["kind"],
            test=data["test"],
        )


@dataclass(frozen=True)
class DirectionInterval:
    """An interval on which f is increasing, decreasing or constant."""

    start: Point
    end: Point
    direction: Direction

    @classmethod
    def from_json(cls, data: Json) -> Self:
        """Build from the server's JSON object."""
        return cls(
            start=Point.from_json(data["start"]),
            end=Point.from_json(data["end"]),
            direction=data["direction"],
        )


@dataclass(frozen=True)
class Endpoint:
    """A finite end of the interval where f is defined, f there, and its one-sided kind."""

    at: Point
    value: Point
    kind: ExtremumKind

    @classmethod
    def from_json(cls, data: Json) -> Self:
        """Build from the server's JSON object."""
        return cls(
            at=Point.from_json(data["at"]),
            value=Point.from_json(data["value"]),
            kind=data["kind"],
        )


@dataclass(frozen=True)
class Stretch:
    """A whole stretch [start, end] on which f takes an extreme value."""

    start: Point
    end: Point

    @classmethod
    def from_json(cls, data: Json) -> Self:
        """Build from the server's JSON object."""
        return cls(start=Point.from_json(data["start"]), end=Point.from_json(data["end"]))


@dataclass(frozen=True)
class Extremum:
    """An absolute extremum: its value, and the points and stretches where f attains it."""

    value: Point
    at: tuple[Point, ...]
    stretches: tuple[Stretch, ...]

    @classmethod
    def from_json(cls, data: Json | None) -> Self | None:
        """Build from the server's JSON object; None when f does not attain it."""
        if data is None:
            return None
        return cls(
            value=Point.from_json(data["value"]),
            at=tuple(Point.from_json(item) for item in data["at"]),
            stretches=tuple(Stretch.from_json(item) for item in data["stretches"]),
        )


@dataclass(frozen=True)
class CriticalPoints:
    """POST /v1/critical-points; ``complete`` is False when the search was cut short, and
    ``reason`` then says why. ``endpoints`` and the absolute ``minimum``/``maximum`` come
    only with an ``interval`` (``endpoints`` is None without one; an extremum is None when
    f does not attain it)."""

    derivative: Expression
    points: tuple[CriticalPoint, ...]
    intervals: tuple[DirectionInterval, ...]
    complete: bool
    reason: str | None = None
    endpoints: tuple[Endpoint, ...] | None = None
    minimum: Extremum | None = None
    maximum: Extremum | None = None
    warnings: tuple[ReadingWarning, ...] = ()

    @classmethod
    def from_json(cls, data: Json) -> Self:
        """Build from the server's JSON object."""
        absolute = data.get("absolute") or {}
        endpoints = data.get("endpoints")
        return cls(
            derivative=Expression.from_json(data["derivative"]),
            points=tuple(CriticalPoint.from_json(item) for item in data["points"]),
            intervals=tuple(DirectionInterval.from_json(item) for item in data["intervals"]),
            complete=bool(data["complete"]),
            reason=_optional_str(data.get("reason")),
            endpoints=None
            if endpoints is None
            else tuple(Endpoint.from_json(item) for item in endpoints),
            minimum=Extremum.from_json(absolute.get("minimum")),
            maximum=Extremum.from_json(absolute.get("maximum")),
            warnings=_warnings(data),
        )


Matrix = tuple[tuple[Expression, ...], ...]
FloatMatrix = tuple[tuple[float | None, ...], ...]


@dataclass(frozen=True)
class GradientValues:
    """The gradient (and Hessian) as floats at the requested point; None where undefined."""

    gradient: tuple[float | None, ...]
    hessian: FloatMatrix | None = None

    @classmethod
    def from_json(cls, data: Json) -> Self:
        """Build from the server's JSON object."""
        hessian = data.get("hessian")
        return cls(
            gradient=tuple(_optional_float(item) for item in data["gradient"]),
            hessian=None
            if hessian is None
            else tuple(tuple(_optional_float(item) for item in row) for row in hessian),
        )


@dataclass(frozen=True)
class Gradient:
    """POST /v1/gradient: one partial derivative per variable, in ``variables`` order."""

    variables: tuple[str, ...]
    gradient: tuple[Expression, ...]
    hessian: Matrix | None = None
    values: GradientValues | None = None
    warnings: tuple[ReadingWarning, ...] = ()

    @classmethod
    def from_json(cls, data: Json) -> Self:
        """Build from the server's JSON object."""
        hessian = data.get("hessian")
        values = data.get("values")
        return cls(
            variables=tuple(str(name) for name in data["variables"]),
            gradient=tuple(Expression.from_json(item) for item in data["gradient"]),
            hessian=None
            if hessian is None
            else tuple(tuple(Expression.from_json(item) for item in row) for row in hessian),
            values=None if values is None else GradientValues.from_json(values),
            warnings=_warnings(data),
        )
