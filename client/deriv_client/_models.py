"""The results: frozen dataclasses built from the server's JSON (``from_json``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Literal, Self

from ._errors import UnexpectedResponseError, error_from_problem

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


@dataclass(frozen=True)
class Step:
    """One rule application: ``result`` is d(``expression``)/d(``variable``), tidy.

    ``explanation_latex`` is ``explanation`` with its mathematics in ``$…$`` LaTeX;
    ``assembled`` (product, quotient, chain and general_power steps, else None) is the
    rule's formula with the actual parts put in, before simplifying.
    """

    rule: str
    variable: str
    expression: Expression
    result: Expression
    formula: str
    explanation: str
    explanation_latex: str
    assembled: Expression | None
    substeps: tuple[Step, ...]

    @classmethod
    def from_json(cls, data: Json) -> Self:
        """Build from the server's JSON object (recursively)."""
        assembled = data.get("assembled")
        return cls(
            rule=str(data["rule"]),
            variable=str(data["variable"]),
            expression=Expression.from_json(data["expression"]),
            result=Expression.from_json(data["result"]),
            formula=str(data["formula"]),
            explanation=str(data["explanation"]),
            explanation_latex=str(data["explanation_latex"]),
            assembled=None if assembled is None else Expression.from_json(assembled),
            substeps=tuple(cls.from_json(item) for item in data["substeps"]),
        )


@dataclass(frozen=True)
class OrderTrace:
    """The trace of one order, differentiating the previous order's derivative."""

    order: int
    trace: Step

    @classmethod
    def from_json(cls, data: Json) -> Self:
        """Build from the server's JSON object."""
        return cls(order=int(data["order"]), trace=Step.from_json(data["trace"]))


@dataclass(frozen=True)
class Trace:
    """POST /v1/trace: the derivative and one trace per order."""

    derivative: Expression
    traces: tuple[OrderTrace, ...]
    warnings: tuple[ReadingWarning, ...] = ()

    @classmethod
    def from_json(cls, data: Json) -> Self:
        """Build from the server's JSON object."""
        return cls(
            derivative=Expression.from_json(data["derivative"]),
            traces=tuple(OrderTrace.from_json(item) for item in data["traces"]),
            warnings=_warnings(data),
        )


@dataclass(frozen=True)
class Rule:
    """One entry of the rule vocabulary (GET /v1/rules)."""

    rule: str
    name: str
    formula: str
    description: str

    @classmethod
    def from_json(cls, data: Json) -> Self:
        """Build from the server's JSON object."""
        return cls(
            rule=str(data["rule"]),
            name=str(data["name"]),
            formula=str(data["formula"]),
            description=str(data["description"]),
        )


@dataclass(frozen=True)
class Feedback:
    """One mistake the answer looks like: a catalogue ``code`` (or ``incorrect``) and a
    ``message`` for the learner; ``message_latex`` has its mathematics in ``$…$``."""

    code: str
    message: str
    message_latex: str

    @classmethod
    def from_json(cls, data: Json) -> Self:
        """Build from the server's JSON object."""
        return cls(
            code=str(data["code"]),
            message=str(data["message"]),
            message_latex=str(data["message_latex"]),
        )


@dataclass(frozen=True)
class CheckResult:
    """POST /v1/check: ``correct`` is None (with ``reason``) when it could not be decided;
    ``expected`` is None when the request asked ``include_expected=False``."""

    correct: bool | None
    expected: Expression | None
    answer: Expression
    method: CheckMethod
    feedback: tuple[Feedback, ...]
    reason: str | None = None
    warnings: tuple[ReadingWarning, ...] = ()

    @classmethod
    def from_json(cls, data: Json) -> Self:
        """Build from the server's JSON object."""
        correct = data["correct"]
        return cls(
            correct=None if correct is None else bool(correct),
            expected=None if data["expected"] is None else Expression.from_json(data["expected"]),
            answer=Expression.from_json(data["answer"]),
            method=data["method"],
            feedback=tuple(Feedback.from_json(item) for item in data["feedback"]),
            reason=_optional_str(data.get("reason")),
            warnings=_warnings(data),
        )


@dataclass(frozen=True)
class ParseResult:
    """POST /v1/parse: the expression as understood, its sorted symbols and warnings."""

    expression: Expression
    symbols: tuple[str, ...]
    warnings: tuple[ReadingWarning, ...]

    @classmethod
    def from_json(cls, data: Json) -> Self:
        """Build from the server's JSON object."""
        return cls(
            expression=Expression.from_json(data["expression"]),
            symbols=tuple(str(name) for name in data["symbols"]),
            warnings=_warnings(data),
        )


RESULTS_BY_OP: Mapping[str, Any] = MappingProxyType(
    {
        "check": CheckResult,
        "concavity": Concavity,
        "critical-points": CriticalPoints,
        "derivative": Derivative,
        "evaluate": Evaluation,
        "gradient": Gradient,
        "parse": ParseResult,
        "trace": Trace,
    }
)
"""The result class of each batch ``op``."""


@dataclass(frozen=True)
class BatchResult:
    """One item of POST /v1/batch: its ``op`` (from the request), ``status`` and raw ``body``
    (the endpoint's JSON answer, or its problem object when ``status`` is not 200).

    ``value()`` gives the typed result (a ``Derivative`` for ``derivative``, ...) and raises
    the item's ``DerivError`` subclass when it failed.
    """

    op: str | None
    status: int
    body: Mapping[str, Any]

    @property
    def ok(self) -> bool:
        """True when the item was answered (status 200)."""
        return self.status == 200

    def raise_for_status(self) -> None:
        """Raise the exception of this item's problem, if it has one."""
        if not self.ok:
            raise error_from_problem(self.status, self.body)

    def value(self) -> Any:
        """The typed result of the item; raises its ``DerivError`` when it failed."""
        self.raise_for_status()
        build = RESULTS_BY_OP.get(self.op or "")
        if build is None:
            raise UnexpectedResponseError(f"No result type for op {self.op!r}.", status=200)
        return build.from_json(self.body)


@dataclass(frozen=True)
class Batch:
    """POST /v1/batch: one ``BatchResult`` per request, in order."""

    results: tuple[BatchResult, ...]

    @classmethod
    def from_json(cls, data: Json, ops: tuple[str | None, ...]) -> Self:
        """Build from the server's JSON object and the ``op`` of each request."""
        items = data["results"]
        if len(items) != len(ops):
            raise ValueError(f"{len(items)} results for {len(ops)} requests")
        return cls(
            results=tuple(
                BatchResult(
                    op=op, status=int(item["status"]), body=MappingProxyType(dict(item["body"]))
                )
                for op, item in zip(ops, items, strict=True)
            )
        )
