"""Exceptions raised by the client.

    DerivError                        base: status, code, detail, position, problem, request_id
    ├── TransportError                no HTTP answer (connection refused, reset, timed out)
    ├── UnexpectedResponseError       an answer that is not the documented JSON
    ├── BadRequestError               bad_request (400)
    ├── InvalidJSONError              invalid_json (400)
    ├── ValidationError               validation_error (400); ``errors`` maps field → messages
    ├── UnauthorizedError             unauthorized (401)
    ├── NotFoundError                 not_found (404)
    ├── MethodNotAllowedError         method_not_allowed (405)
    ├── PayloadTooLargeError          payload_too_large (413)
    ├── UnsupportedMediaTypeError     unsupported_media_type (415)
    ├── ParseError                    parse_error (422); ``field``, ``position``, ``excerpt``
    ├── UnknownFunctionError          unknown_function (422); ``name``, ``suggestion``
    ├── UnknownSymbolError            unknown_symbol (422); ``name``, ``suggestion``
    ├── AmbiguousVariableError        ambiguous_variable (422); ``candidates``
    ├── InvalidPointError             invalid_point (422); ``field``
    ├── TooComplexError               too_complex (422); ``limit``
    ├── InternalServerError           internal_error (500)
    └── OverloadedError               overloaded (503), raised once the retries are spent

A problem whose ``code`` this version does not know raises ``DerivError`` itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any


class DerivError(Exception):
    """Base of every error the client raises; a problem+json answer's fields as attributes."""

    default_code = "deriv_error"
    """The ``code`` when none is given (errors that are not a server's problem answer)."""

    def __init__(
        self,
        detail: str,
        *,
        status: int | None = None,
        code: str | None = None,
        position: int | None = None,
        problem: Mapping[str, Any] | None = None,
        request_id: str | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.status = status
        self.code = self.default_code if code is None else code
        self.position = position
        self.problem: Mapping[str, Any] = MappingProxyType(dict(problem or {}))
        self.request_id = request_id
        """The server's id of the request (its ``X-Request-ID``): quote it in a report."""

    @property
    def field(self) -> str | None:
        """The request field at fault, when the server named one."""
        value = self.problem.get("field")
        return value if isinstance(value, str) else None

    def __str__(self) -> str:
        where = f" at position {self.position}" if self.position is not None else ""
        status = f"{self.status} " if self.status is not None else ""
        request = f" (request {self.request_id})" if self.request_id is not None else ""
        return f"{status}{self.code}{where}: {self.detail}{request}"


class TransportError(DerivError):
    """The server could not be reached or did not answer in time (after the retries)."""

    default_code = "transport_error"


class UnexpectedResponseError(DerivError):
    """The server answered something that is neither the documented result nor a problem."""

    default_code = "unexpected_response"


class BadRequestError(DerivError):
    """bad_request: the HTTP request itself was malformed."""


class InvalidJSONError(DerivError):
    """invalid_json: the body was not a JSON object the service accepts."""


class ValidationError(DerivError):
    """validation_error: a field was missing, unknown, of the wrong type or out of range."""

    @property
    def errors(self) -> Mapping[str, Any]:
        """Field → messages, as the server sent them."""
        value = self.problem.get("errors")
        return value if isinstance(value, Mapping) else {}


class UnauthorizedError(DerivError):
    """unauthorized: API keys are configured and none valid was sent."""


class NotFoundError(DerivError):
    """not_found: no such endpoint (is ``base_url`` right?)."""


class MethodNotAllowedError(DerivError):
    """method_not_allowed."""


class PayloadTooLargeError(DerivError):
    """payload_too_large: the body is over the server's size limit."""


class UnsupportedMediaTypeError(DerivError):
    """unsupported_media_type."""


class ParseError(DerivError):
    """parse_error: an expression or point is not valid syntax."""


class UnknownFunctionError(DerivError):
    """unknown_function: a name followed by "(" that is not on the whitelist."""


class UnknownSymbolError(DerivError):
    """unknown_symbol: a symbol that may not be used here."""


class AmbiguousVariableError(DerivError):
    """ambiguous_variable: say which ``variable`` to use; ``candidates`` lists them."""

    @property
    def candidates(self) -> tuple[str, ...]:
        """The candidate variables."""
        value = self.problem.get("candidates")
        return tuple(str(item) for item in value) if isinstance(value, list) else ()


class InvalidPointError(DerivError):
    """invalid_point: a point is not a real constant."""


class TooComplexError(DerivError):
    """too_complex: a size limit or the compute deadline was hit; ``limit`` names it."""

    @property
    def limit(self) -> str | None:
        """The limit that was hit."""
        value = self.problem.get("limit")
        return value if isinstance(value, str) else None


class InternalServerError(DerivError):
    """internal_error: a server bug (it is logged there)."""


class OverloadedError(DerivError):
    """overloaded: the server's compute queue stayed full through every retry."""


ERRORS_BY_CODE: Mapping[str, type[DerivError]] = MappingProxyType(
    {
        "ambiguous_variable": AmbiguousVariableError,
        "bad_request": BadRequestError,
        "internal_error": InternalServerError,
        "invalid_json": InvalidJSONError,
        "invalid_point": InvalidPointError,
        "method_not_allowed": MethodNotAllowedError,
        "not_found": NotFoundError,
        "overloaded": OverloadedError,
        "parse_error": ParseError,
        "payload_too_large": PayloadTooLargeError,
        "too_complex": TooComplexError,
        "unauthorized": UnauthorizedError,
        "unknown_function": UnknownFunctionError,
        "unknown_symbol": UnknownSymbolError,
        "unsupported_media_type": UnsupportedMediaTypeError,
        "validation_error": ValidationError,
    }
)
"""The exception class raised for each problem ``code``."""


def error_from_problem(
    status: int, problem: Mapping[str, Any], request_id: str | None = None
) -> DerivError:
    """The exception for a problem+json body the server answered with ``status``.

    Its ``request_id`` is the problem's ``instance``, else ``request_id`` (the header's).
    """
    instance = problem.get("instance")
    code = problem.get("code")
    code = code if isinstance(code, str) else "unknown"
    detail = problem.get("detail")
    position = problem.get("position")
    cls = ERRORS_BY_CODE.get(code, DerivError)
    return cls(
        detail if isinstance(detail, str) and detail else f"HTTP {status}",
        status=status,
        code=code,
        position=position if isinstance(position, int) else None,
        problem=problem,
        request_id=instance if isinstance(instance, str) else request_id,
    )
