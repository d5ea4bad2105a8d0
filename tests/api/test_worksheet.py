"""A worksheet of twenty textbook problems, answered through the API.

Each problem of tests/data/worksheet.json asks, for f on [a, b]: where is f increasing,
decreasing (or constant), concave up, concave down, and what are its absolute minimum and
maximum (value, and where attained)? The answer key is written by hand as a textbook gives
it; the test asks /v1/critical-points and /v1/concavity and compares every number.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sympy as sp
from flask import Flask

from service.app import create_app
from service.calculus.language.functions import to_elementary
from service.calculus.language.parser import parse_expression
from service.settings import Settings
from tests.api.responses import REQUEST_ID, post
from tests.contract.openapi import ValidatingClient

WORKSHEET = Path(__file__).resolve().parents[1] / "data" / "worksheet.json"
PROBLEMS: list[dict[str, Any]] = json.loads(WORKSHEET.read_text())["problems"]


@pytest.fixture(scope="module")
def generous_app() -> Iterator[Flask]:
    """The app with a 60 s deadline: the answers are tested here, not the shared machine's load."""
    application = create_app(Settings.from_env({"DERIV_DEADLINE_SECONDS": "60"}))
    yield application
    application.extensions["deriv.pool"].close()


@pytest.fixture
def worksheet_client(generous_app: Flask) -> ValidatingClient:
    client = ValidatingClient(generous_app, generous_app.response_class)
    client.environ_base["HTTP_X_REQUEST_ID"] = REQUEST_ID
    return client


def number(text: str) -> float:
    """The value of an answer-key constant, read by the service's own grammar."""
    return float(sp.N(to_elementary(parse_expression(text)), 30))


def numbers(texts: list[str]) -> list[float]:
    return [number(text) for text in texts]


def ends(items: list[dict[str, Any]], key: str, label: str) -> list[list[float]]:
    return [[i["start"]["value"], i["end"]["value"]] for i in items if i[key] == label]


def same(found: list[list[float]], expected: list[list[float]]) -> bool:
    """The same stretches, end by end, up to rounding."""
    flat = [end for pair in expected for end in pair]
    return len(found) == len(expected) and [end for pair in found for end in pair] == approx(flat)


def approx(expected: Any) -> Any:
    return pytest.approx(expected, rel=1e-12, abs=1e-12)


@pytest.mark.parametrize("problem", PROBLEMS, ids=[p["expression"] for p in PROBLEMS])
def test_the_worksheet_is_answered_right(
    worksheet_client: ValidatingClient, problem: dict[str, Any]
) -> None:
    body = {"expression": problem["expression"], "interval": problem["interval"]}
    critical = post(worksheet_client, "/v1/critical-points", body).get_json()
    concavity = post(worksheet_client, "/v1/concavity", body).get_json()
    assert (critical["complete"], concavity["complete"]) == (True, True)
    for direction in ("increasing", "decreasing", "constant"):
        expected = [numbers(pair) for pair in problem.get(direction, [])]
        assert same(ends(critical["intervals"], "direction", direction), expected), direction
    for shape, label in (("concave_up", "up"), ("concave_down", "down")):
        expected = [numbers(pair) for pair in problem[shape]]
        assert same(ends(concavity["intervals"], "concavity", label), expected), shape
    for which in ("minimum", "maximum"):
        key, answer = problem[which], critical["absolute"][which]
        assert answer["value"]["value"] == approx(number(key["value"]))
        assert [point["value"] for point in answer["at"]] == approx(numbers(key["at"]))
        stretches = [[s["start"]["value"], s["end"]["value"]] for s in answer["stretches"]]
        assert same(stretches, [numbers(pair) for pair in key.get("stretches", [])])
