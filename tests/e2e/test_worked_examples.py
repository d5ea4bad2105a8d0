"""The worked examples come back right over HTTP from the real gunicorn server."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import requests
import sympy as sp

from service.calculus.language.functions import to_elementary
from service.calculus.language.parser import parse_expression

WORKED = json.loads(
    (Path(__file__).resolve().parents[1] / "data" / "worked-examples.json").read_text()
)


@pytest.mark.slow
@pytest.mark.parametrize("case", WORKED["derivatives"], ids=lambda case: case["id"])
def test_the_worked_example_derivative_is_right_over_http(
    live_server: str, case: dict[str, Any]
) -> None:
    body = {"expression": case["expression"], "variable": case["variable"], "order": case["order"]}
    response = requests.post(f"{live_server}/v1/derivative", json=body, timeout=10)
    assert response.status_code == 200
    answer = parse_expression(response.json()["derivative"]["text"])
    expected = parse_expression(case["derivative_equivalent_to"])
    assert sp.simplify(to_elementary(answer - expected)) == 0
