"""A small client for the Deriv differentiation service.

from deriv_client import DerivClient

with DerivClient("http://127.0.0.1:8000") as deriv:
    print(deriv.derivative("x^2 sin x").derivative.text)
"""

from ._analyses import (
    Concavity,
    ConcavityAtPoint,
    ConcavityInterval,
    CriticalPoint,
    CriticalPoints,
    DirectionInterval,
    Endpoint,
    Extremum,
    Gradient,
    GradientValues,
    InflectionPoint,
    Stretch,
)
from ._batch import (
    Batch,
    BatchResult,
)
from ._client import (
    DEFAULT_BASE_URL,
    DEFAULT_BATCH_TIMEOUT,
    DEFAULT_RETRIES,
    DEFAULT_TIMEOUT,
    DerivClient,
)
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
from ._explanations import (
    CheckResult,
    Feedback,
    OrderTrace,
    ParseResult,
    Rule,
    Step,
    Trace,
)
from ._models import (
    Derivative,
    EvaluatedPoint,
    Evaluation,
    Expression,
    Point,
    ReadingWarning,
    Value,
)

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_BATCH_TIMEOUT",
    "DEFAULT_RETRIES",
    "DEFAULT_TIMEOUT",
    "AmbiguousVariableError",
    "BadRequestError",
    "Batch",
    "BatchResult",
    "CheckResult",
    "Concavity",
    "ConcavityAtPoint",
    "ConcavityInterval",
    "CriticalPoint",
    "CriticalPoints",
    "DerivClient",
    "DerivError",
    "Derivative",
    "DirectionInterval",
    "Endpoint",
    "EvaluatedPoint",
    "Evaluation",
    "Expression",
    "Extremum",
    "Feedback",
    "Gradient",
    "GradientValues",
    "InflectionPoint",
    "InternalServerError",
    "InvalidJSONError",
    "InvalidPointError",
    "MethodNotAllowedError",
    "NotFoundError",
    "OrderTrace",
    "OverloadedError",
    "ParseError",
    "ParseResult",
    "PayloadTooLargeError",
    "Point",
    "ReadingWarning",
    "Rule",
    "Step",
    "Stretch",
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
