"""Repeated requests are answered from the result cache, keyed by the canonical request."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

from service.api.pool import CACHE_KEY, cache_key
from tests.api.responses import post


def _hits(client: FlaskClient) -> float:
    text = client.get("/metrics").get_data(as_text=True)
    match = re.search(r'deriv_result_cache_requests_total\{outcome="hit"\} ([0-9.e+]+)', text)
    return float(match.group(1)) if match else 0.0


def test_the_same_expression_written_with_starstar_or_spaces_is_one_cache_entry(
    client: FlaskClient,
) -> None:
    first = post(client, "/v1/derivative", {"expression": "x^7 + 3*x"})
    hits = _hits(client)
    again = post(client, "/v1/derivative", {"expression": "x**7  +\t3*x"})
    assert again.status_code == 200
    assert again.get_json() == first.get_json()
    assert _hits(client) == hits + 1


def test_canonical_keys_ignore_field_order_and_read_starstar_as_a_power() -> None:
    assert cache_key("derivative", {"expression": "x  **  2", "order": 2}) == cache_key(
        "derivative", {"order": 2, "expression": "x ^ 2"}
    )


def test_answers_that_quote_positions_are_keyed_by_the_exact_text() -> None:
    assert cache_key("parse", {"expression": "x**2"}) != cache_key("parse", {"expression": "x^2"})


def test_latex_text_is_keyed_exactly() -> None:
    latex = {"expression": "x^{2}  ", "syntax": "latex"}
    assert cache_key("derivative", latex) != cache_key(
        "derivative", {**latex, "expression": "x^{2} "}
    )


def test_errors_are_not_remembered(app: Flask, client: FlaskClient) -> None:
    body = {"expression": "x^^3"}
    post(client, "/v1/derivative", body)
    assert app.extensions[CACHE_KEY].get(cache_key("derivative", body)) is None


def test_the_cache_counts_its_bytes_in_metrics(client: FlaskClient) -> None:
    # The size is recorded at each lookup: the second sees the first answer stored, even when
    # this test is the first of its process to use the app.
    for _ in range(2):
        post(client, "/v1/derivative", {"expression": "x^5 - x"})
    text = client.get("/metrics").get_data(as_text=True)
    size = re.search(r"^deriv_result_cache_bytes ([0-9.e+]+)$", text, re.MULTILINE)
    assert size is not None
    assert float(size.group(1)) > 0


def test_an_analysis_cut_short_is_not_remembered(app: Flask) -> None:
    pool = app.extensions["deriv.pool"]
    original = pool.run
    pool.run = lambda operation, body: {"complete": False, "reason": "out of time"}
    body = {"expression": "x^3 - 7x"}
    try:
        post(app.test_client(), "/v1/concavity", body)
    finally:
        pool.run = original
    assert app.extensions[CACHE_KEY].get(cache_key("concavity", body)) is None
