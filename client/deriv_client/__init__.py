"""A small client for the Deriv differentiation service.

from deriv_client import DerivClient

with DerivClient("http://127.0.0.1:8000") as deriv:
    print(deriv.derivative("x^2 sin x").derivative.text)
"""

from ._client import DEFAULT_BASE_URL, DEFAULT_RETRIES, DEFAULT_TIMEOUT, DerivClient
from ._errors import (
    AmbiguousVariableError,
    BadRequestError,
    DerivError,
    InternalServerError,
    InvalidJSONError,
    InvalidPointError,
    MethodNotAllowedError,
    NotFoundError,
    OverloadedError,
    ParseError,
    PayloadTooLargeError,
    TooComplexError,
    TransportError,
    UnauthorizedError,
    UnexpectedResponseError,
    UnknownFunctionError,
    UnknownSymbolError,
    UnsupportedMediaTypeError,
    ValidationError,
)
from ._models import (
    Concavity,
    ConcavityAtPoint,
    ConcavityInterval,
    CriticalPoint,
    CriticalPoints,
    Derivative,
    EvaluatedPoint,
    Evaluation,
    Expression,
    Gradient,
    GradientValues,
    OrderTrace,
    Point,
    Rule,
    Step,
    Trace,
    Value,
)

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_RETRIES",
    "DEFAULT_TIMEOUT",
    "AmbiguousVariableError",
    "BadRequestError",
    "Concavity",
    "ConcavityAtPoint",
    "ConcavityInterval",
    "CriticalPoint",
    "CriticalPoints",
    "DerivClient",
    "DerivError",
    "Derivative",
    "EvaluatedPoint",
    "Evaluation",
    "Expression",
    "Gradient",
    "GradientValues",
    "InternalServerError",
    "InvalidJSONError",
    "InvalidPointError",
    "MethodNotAllowedError",
    "NotFoundError",
    "OrderTrace",
    "OverloadedError",
    "ParseError",
    "PayloadTooLargeError",
    "Point",
    "Rule",
    "Step",
    "TooComplexError",
    "Trace",
    "TransportError",
    "UnauthorizedError",
    "UnexpectedResponseError",
    "UnknownFunctionError",
    "UnknownSymbolError",
    "UnsupportedMediaTypeError",
    "ValidationError",
    "Value",
]
