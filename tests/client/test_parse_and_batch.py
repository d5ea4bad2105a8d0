"""The client's ``parse`` and ``batch`` against the real gunicorn server."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from deriv_client import (
    Batch,
    BatchResult,
    Derivative,
    DerivClient,
    ParseError,
    ParseResult,
    ReadingWarning,
    UnexpectedResponseError,
    ValidationError,
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def deriv(live_server: str) -> Iterator[DerivClient]:
    """A client of the live server."""
    with DerivClient(live_server) as client:
        yield client


def raw(live_server: str, path: str, body: dict[str, Any]) -> Any:
    """The server's own JSON for a request, fetched without the client."""
    response = requests.post(live_server + path, json=body, timeout=20)
    assert response.status_code == 200, response.text
    return response.json()


def test_parse_returns_the_servers_answer_as_frozen_dataclasses(
    deriv: DerivClient, live_server: str
) -> None:
    result = deriv.parse("1/2x + sinx")
    assert result == ParseResult.from_json(
        raw(live_server, "/v1/parse", {"expression": "1/2x + sinx"})
    )
    assert result.symbols == ("sinx", "x")
    assert [(w.code, w.position) for w in result.warnings] == [
        ("implicit_division", 1),
        ("function_name_in_symbol", 7),
    ]
    assert all(isinstance(warning, ReadingWarning) for warning in result.warnings)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.symbols = ()  # type: ignore[misc]


def test_parse_passes_the_syntax(deriv: DerivClient) -> None:
    result = deriv.parse("\\frac{1}{2}x^{2}", syntax="latex")
    assert (result.expression.text, result.warnings) == ("x^2/2", ())


def test_parse_raises_a_parse_error_for_bad_text(deriv: DerivClient) -> None:
    with pytest.raises(ParseError) as raised:
        deriv.parse("x^2 + * 3")
    assert (raised.value.status, raised.value.position) == (422, 6)


ITEMS: list[dict[str, Any]] = [
    {"op": "derivative", "expression": "x^2 sin x"},
    {"op": "parse", "expression": "sinx"},
    {"op": "derivative", "expression": "x^2 + * 3"},
    {"op": "derivative", "expression": "x", "order": 0},
    {"op": "nope"},
]


def test_batch_keeps_the_order_and_each_items_status_and_body(
    deriv: DerivClient, live_server: str
) -> None:
    result = deriv.batch(ITEMS)
    answer = raw(live_server, "/v1/batch", {"requests": ITEMS})
    assert isinstance(result, Batch)
    assert result == Batch.from_json(answer, tuple(item["op"] for item in ITEMS))
    assert [(item.op, item.status, item.ok) for item in result.results] == [
        ("derivative", 200, True),
        ("parse", 200, True),
        ("derivative", 422, False),
        ("derivative", 400, False),
        ("nope", 400, False),
    ]
    assert [dict(item.body) for item in result.results] == [
        item["body"] for item in answer["results"]
    ]


def test_a_batch_items_value_is_typed_or_raises_its_problem(deriv: DerivClient) -> None:
    first, parsed, bad_text, bad_order, bad_op = deriv.batch(ITEMS).results
    assert isinstance(first.value(), Derivative)
    assert first.value().derivative.text == "x^2*cos(x) + 2*x*sin(x)"
    assert parsed.value().warnings[0].code == "function_name_in_symbol"
    with pytest.raises(ParseError):
        bad_text.value()
    with pytest.raises(ValidationError) as raised:
        bad_order.raise_for_status()
    assert list(raised.value.errors) == ["order"]
    with pytest.raises(ValidationError):
        bad_op.value()


def test_an_item_without_a_known_op_has_no_typed_value() -> None:
    item = BatchResult(op="mystery", status=200, body={})
    with pytest.raises(UnexpectedResponseError):
        item.value()


def test_an_invalid_batch_body_raises(deriv: DerivClient) -> None:
    with pytest.raises(ValidationError) as raised:
        deriv.batch([])
    assert list(raised.value.errors) == ["requests"]
