"""Health, readiness and metrics."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from service.api.pool import POOL_KEY
from tests.api.responses import post
from tests.contract.openapi import ValidatingClient


def test_healthz_answers_without_touching_the_maths(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_readyz_answers_when_a_compute_worker_does(client: FlaskClient) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ready"}


def test_metrics_count_requests_and_errors_by_code(client: FlaskClient) -> None:
    post(client, "/v1/derivative", {"expression": "x^"})
    post(client, "/v1/derivative", {"expression": "x^2"})
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    text = response.get_data(as_text=True)
    assert 'deriv_errors_total{code="parse_error"}' in text
    assert 'deriv_requests_total{endpoint="/v1/derivative",method="POST",status="200"}' in text
    assert "deriv_request_duration_seconds_bucket" in text


def test_readyz_is_503_when_no_worker_answers(app: Flask) -> None:
    pool = app.extensions[POOL_KEY]
    original = pool.ping
    pool.ping = lambda timeout=2.0: False
    try:
        response = ValidatingClient(app, app.response_class).get("/readyz")
    finally:
        pool.ping = original
    assert response.status_code == 503
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["code"] == "not_ready"
    assert response.headers["Retry-After"] == "1"
