"""The results of /v1/trace, /v1/rules, /v1/check and /v1/parse."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Self

from ._models import (
    CheckMethod,
    Expression,
    Json,
    ReadingWarning,
    _optional_str,
    _warnings,
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
