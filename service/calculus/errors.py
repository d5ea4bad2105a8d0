"""Exceptions raised by the calculus core.

Each carries data about what went wrong (the field, the offending fragment, its position),
never an HTTP status: the HTTP shell maps classes to statuses in ``service/api/problems.py``.

    DerivError
    ├── ParseError            text is not valid syntax
    │   └── NotRealConstant   a constant part is not a real number (asin(2), sqrt(-1))
    ├── UnknownFunction       a name followed by "(" that is not on the whitelist
    ├── UnknownSymbol         a name that may not be used here (e.g. a parameter nobody declared)
    ├── AmbiguousVariable     several candidate variables of differentiation
    ├── InvalidPoint          a point that is not a real constant
    ├── TooComplex            a size limit or the compute deadline was hit
    └── Overloaded            no compute worker became free in time

All are picklable, so they cross the boundary of the compute worker process unchanged.
"""

from __future__ import annotations

from typing import Any


class DerivError(Exception):
    """Base of every error the core raises on bad or too-costly input."""

    code = "deriv_error"

    def __init__(self, message: str, **data: Any) -> None:
        super().__init__(message)
        self.message = message
        self.data: dict[str, Any] = data

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.message, self.data))

    def __eq__(self, other: object) -> bool:
        return (
            type(self) is type(other)
            and isinstance(other, DerivError)
            and (self.message, self.data) == (other.message, other.data)
        )

    def __hash__(self) -> int:
        return hash((type(self), self.message))


def _rebuild(cls: type[DerivError], message: str, data: dict[str, Any]) -> DerivError:
    return cls(message, **data)


class ParseError(DerivError):
    """Text that is not valid syntax; data: field, position, excerpt."""

    code = "parse_error"


class NotRealConstant(ParseError):
    """A constant part of the text is not a real number; data as ParseError."""


class UnknownFunction(DerivError):
    """A function name outside the whitelist; data: field, name, position, suggestion?"""

    code = "unknown_function"


class UnknownSymbol(DerivError):
    """A symbol that may not appear here; data: field, name, suggestion?"""

    code = "unknown_symbol"


class AmbiguousVariable(DerivError):
    """Several free symbols could be the variable; data: candidates."""

    code = "ambiguous_variable"


class InvalidPoint(DerivError):
    """A point that is not a real constant; data: field."""

    code = "invalid_point"


class TooComplex(DerivError):
    """A size limit or the compute deadline was hit; data: limit."""

    code = "too_complex"


class Overloaded(DerivError):
    """Every compute worker stayed busy past the queue timeout; data: retry_after (seconds)."""

    code = "overloaded"
