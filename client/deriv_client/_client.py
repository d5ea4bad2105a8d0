"""DerivClient: one method per endpoint, typed results, problems raised as exceptions."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from types import TracebackType
from typing import Any, Literal, NoReturn, Self, TypeVar

import requests

from ._analyses import (
    Concavity,
    CriticalPoints,
    Gradient,
)
from ._batch import (
    Batch,
)
from ._errors import (
    OverloadedError,
    TransportError,
    UnexpectedResponseError,
    error_from_problem,
)
from ._explanations import (
    CheckResult,
    ParseResult,
    Rule,
    Trace,
)
from ._models import (
    Derivative,
    Evaluation,
)

DEFAULT_BASE_URL = "http://127.0.0.1:8000"

DEFAULT_TIMEOUT = (3.05, 10.0)
"""(connect, read) seconds. Connect: just over 3 s, the first TCP SYN retransmission, so one
lost SYN is survived before giving up. Read: the server's compute deadline (2 s by default)
plus its queue wait (1 s) and the time to tidy and format the answer, with room to spare on
a slow link; a server configured with a longer deadline needs a longer read timeout."""

DEFAULT_BATCH_TIMEOUT = (3.05, 20.0)
"""(connect, read) seconds of ``batch``: the server's batch deadline (10 s by default), then
the last item's queue wait and compute deadline (1 s and 2 s), with room to spare."""

DEFAULT_RETRIES = 2
"""Extra attempts after a connection error or a 503 (every /v1 call is a pure computation,
so repeating it is safe). Nothing else is retried: a 4xx will not change on a retry."""

DEFAULT_BACKOFF = 0.5
"""Seconds before the first retry, doubled for each next one (unless Retry-After says)."""

MAX_RETRY_AFTER = 10.0
"""Never wait longer than this between two attempts, whatever Retry-After asks."""

Syntax = Literal["plain", "latex"]
Shade = Literal["concavity", "monotonicity", "none"]
PointInput = int | float | str
Points = PointInput | Sequence[PointInput]
Interval = tuple[PointInput, PointInput] | Sequence[PointInput]
ResultT = TypeVar("ResultT")


class DerivClient:
    """A client of one Deriv server; use it as a context manager, or call ``close()``.

    Pass a ``requests.Session`` to share a connection pool, proxies or adapters; a session
    you pass in stays open after ``close()`` (you own it).
    """

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        *,
        timeout: float | tuple[float, float] = DEFAULT_TIMEOUT,
        retries: int = DEFAULT_RETRIES,
        backoff: float = DEFAULT_BACKOFF,
        api_key: str | None = None,
        session: requests.Session | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self._owns_session = session is None
        self._session = requests.Session() if session is None else session
        self._headers = {"Accept": "application/json, application/problem+json"}
        if api_key is not None:
            self._headers["X-API-Key"] = api_key

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the session, unless it was passed in."""
        if self._owns_session:
            self._session.close()

    def derivative(
        self,
        expression: str,
        *,
        variable: str | None = None,
        order: int | None = None,
        syntax: Syntax | None = None,
    ) -> Derivative:
        """The ``order``-th derivative (default 1) of ``expression``."""
        body = {"expression": expression, "variable": variable, "order": order, "syntax": syntax}
        return self._post("/v1/derivative", body, Derivative.from_json)

    def evaluate(
        self,
        expression: str,
        *,
        at: Points,
        variable: str | None = None,
        orders: Sequence[int] | None = None,
        parameters: Mapping[str, PointInput] | None = None,
        syntax: Syntax | None = None,
    ) -> Evaluation:
        """Values of ``expression`` and its derivatives of ``orders`` (default [0]) at ``at``."""
        body = {
            "expression": expression,
            "variable": variable,
            "at": _points(at),
            "orders": None if orders is None else list(orders),
            "parameters": _mapping(parameters),
            "syntax": syntax,
        }
        return self._post("/v1/evaluate", body, Evaluation.from_json)

    def concavity(
        self,
        expression: str,
        *,
        variable: str | None = None,
        at: Points | None = None,
        interval: Interval | None = None,
        parameters: Mapping[str, PointInput] | None = None,
        syntax: Syntax | None = None,
    ) -> Concavity:
        """Concavity at ``at`` and over ``interval`` (default the whole line)."""
        body = {
            "expression": expression,
            "variable": variable,
            "at": None if at is None else _points(at),
            "interval": None if interval is None else list(interval),
            "parameters": _mapping(parameters),
            "syntax": syntax,
        }
        return self._post("/v1/concavity", body, Concavity.from_json)

    def critical_points(
        self,
        expression: str,
        *,
        variable: str | None = None,
        interval: Interval | None = None,
        parameters: Mapping[str, PointInput] | None = None,
        syntax: Syntax | None = None,
    ) -> CriticalPoints:
        """Critical points strictly inside ``interval`` (default the whole line), classified."""
        body = {
            "expression": expression,
            "variable": variable,
            "interval": None if interval is None else list(interval),
            "parameters": _mapping(parameters),
            "syntax": syntax,
        }
        return self._post("/v1/critical-points", body, CriticalPoints.from_json)

    def gradient(
        self,
        expression: str,
        *,
        variables: Sequence[str] | None = None,
        at: Mapping[str, PointInput] | None = None,
        parameters: Mapping[str, PointInput] | None = None,
        hessian: bool | None = None,
        syntax: Syntax | None = None,
    ) -> Gradient:
        """The gradient (and the Hessian when ``hessian``) with respect to ``variables``."""
        body = {
            "expression": expression,
            "variables": None if variables is None else list(variables),
            "at": _mapping(at),
            "parameters": _mapping(parameters),
            "hessian": hessian,
            "syntax": syntax,
        }
        return self._post("/v1/gradient", body, Gradient.from_json)

    def trace(
        self,
        expression: str,
        *,
        variable: str | None = None,
        order: int | None = None,
        detail: str | None = None,
        syntax: Syntax | None = None,
    ) -> Trace:
        """The rule-by-rule trace of the derivative, one per order."""
        body = {
            "expression": expression,
            "variable": variable,
            "order": order,
            "detail": detail,
            "syntax": syntax,
        }
        return self._post("/v1/trace", body, Trace.from_json)

    def check(
        self,
        expression: str,
        *,
        answer: str,
        variable: str | None = None,
        order: int | None = None,
        syntax: Syntax | None = None,
        answer_syntax: Syntax | None = None,
        seed: int | None = None,
        include_expected: bool | None = None,
    ) -> CheckResult:
        """Whether ``answer`` is the ``order``-th derivative (default 1), with feedback.

        ``include_expected=False`` leaves ``expected`` None, for pages a learner sees.
        """
        body = {
            "expression": expression,
            "answer": answer,
            "variable": variable,
            "order": order,
            "syntax": syntax,
            "answer_syntax": answer_syntax,
            "seed": seed,
            "include_expected": include_expected,
        }
        return self._post("/v1/check", body, CheckResult.from_json)

    def parse(self, expression: str, *, syntax: Syntax | None = None) -> ParseResult:
        """What ``expression`` is understood as: the expression, its symbols and warnings."""
        return self._post(
            "/v1/parse", {"expression": expression, "syntax": syntax}, ParseResult.from_json
        )

    def batch(
        self,
        requests: Sequence[Mapping[str, Any]],
        *,
        timeout: float | tuple[float, float] = DEFAULT_BATCH_TIMEOUT,
    ) -> Batch:
        """Several requests in one, each ``{"op": "derivative", "expression": ...}``.

        The results come in order; an item that failed is not raised here: its
        ``BatchResult`` carries the problem, and ``value()`` raises it.
        """
        items = [dict(item) for item in requests]
        ops = tuple(op if isinstance(op := item.get("op"), str) else None for item in items)
        return self._post(
            "/v1/batch", {"requests": items}, lambda data: Batch.from_json(data, ops), timeout
        )

    def plot(
        self,
        expression: str,
        *,
        interval: Interval,
        variable: str | None = None,
        orders: Sequence[int] | None = None,
        shade: Shade | None = None,
        parameters: Mapping[str, PointInput] | None = None,
        syntax: Syntax | None = None,
        width: int | None = None,
        height: int | None = None,
    ) -> bytes:
        """The SVG picture of f and its derivatives of ``orders`` (default 0, 1, 2) on ``interval``.

        ``shade`` is ``"concavity"`` (default), ``"monotonicity"`` or ``"none"``.
        """
        body = {
            "expression": expression,
            "interval": list(interval),
            "variable": variable,
            "orders": None if orders is None else list(orders),
            "shade": shade,
            "parameters": _mapping(parameters),
            "syntax": syntax,
            "width": width,
            "height": height,
        }
        svg: bytes = self._request("POST", "/v1/plot", _present(body), read=_svg)
        return svg

    def rules(self) -> tuple[Rule, ...]:
        """The vocabulary of rules that traces use."""
        data = self._request("GET", "/v1/rules", None)
        if not isinstance(data, list):
            raise UnexpectedResponseError("GET /v1/rules did not answer a JSON list.", status=200)
        return tuple(Rule.from_json(item) for item in data)

    def _post(
        self,
        path: str,
        body: Mapping[str, Any],
        build: Callable[[Mapping[str, Any]], ResultT],
        timeout: float | tuple[float, float] | None = None,
    ) -> ResultT:
        data = self._request("POST", path, _present(body), timeout)
        if not isinstance(data, dict):
            raise UnexpectedResponseError(f"POST {path} did not answer a JSON object.", status=200)
        try:
            return build(data)
        except (KeyError, TypeError, ValueError) as error:
            raise UnexpectedResponseError(
                f"POST {path} answered JSON of an unexpected shape: {error!r}.", status=200
            ) from error

    def _request(
        self,
        method: str,
        path: str,
        body: Mapping[str, Any] | None,
        timeout: float | tuple[float, float] | None = None,
        read: Callable[[requests.Response], Any] | None = None,
    ) -> Any:
        url = self.base_url + path
        for attempt in range(self.retries + 1):
            last = attempt == self.retries
            try:
                response = self._session.request(
                    method,
                    url,
                    json=body,
                    headers=self._headers,
                    timeout=self.timeout if timeout is None else timeout,
                )
            except requests.ConnectionError as error:
                if last:
                    raise TransportError(f"Could not reach {url}: {error}") from error
                time.sleep(self._delay(attempt, None))
                continue
            except requests.RequestException as error:
                raise TransportError(f"No answer from {url}: {error}") from error
            if response.status_code == 503 and not last:
                time.sleep(self._delay(attempt, response.headers.get("Retry-After")))
                continue
            return (read or _result)(response)
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _delay(self, attempt: int, retry_after: str | None) -> float:
        if retry_after is not None:
            try:
                return min(max(float(retry_after), 0.0), MAX_RETRY_AFTER)
            except ValueError:
                pass
        return float(min(self.backoff * 2**attempt, MAX_RETRY_AFTER))


def _result(response: requests.Response) -> Any:
    """The JSON of a successful answer; the matching exception for anything else."""
    media_type = _media_type(response)
    data = _json_or_none(response)
    if response.ok and media_type == "application/json" and data is not None:
        return data
    _raise_problem(response, media_type, data)


def _svg(response: requests.Response) -> bytes:
    """The SVG document of a successful answer; the matching exception for anything else."""
    media_type = _media_type(response)
    if response.ok and media_type == "image/svg+xml":
        return response.content
    _raise_problem(response, media_type, _json_or_none(response))


def _media_type(response: requests.Response) -> str:
    return response.headers.get("Content-Type", "").split(";")[0].strip().lower()


def _json_or_none(response: requests.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _raise_problem(response: requests.Response, media_type: str, data: Any) -> NoReturn:
    request_id = response.headers.get("X-Request-ID")
    if media_type == "application/problem+json" and isinstance(data, dict):
        raise error_from_problem(response.status_code, data, request_id)
    if response.status_code == 503:
        raise OverloadedError(
            "The server is overloaded.", status=503, code="overloaded", request_id=request_id
        )
    raise UnexpectedResponseError(
        f"Unexpected answer: HTTP {response.status_code} {media_type or 'without a body'}.",
        status=response.status_code,
        request_id=request_id,
    )


def _present(body: Mapping[str, Any]) -> dict[str, Any]:
    """``body`` without the fields left out (None)."""
    return {key: value for key, value in body.items() if value is not None}


def _points(at: Points) -> PointInput | list[PointInput]:
    return at if isinstance(at, int | float | str) else list(at)


def _mapping(value: Mapping[str, PointInput] | None) -> dict[str, PointInput] | None:
    return None if value is None else dict(value)
