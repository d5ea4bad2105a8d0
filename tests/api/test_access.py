"""API keys and CORS, each configured through the settings."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from service.app import create_app
from service.settings import Settings
from tests.api.responses import post
from tests.contract.openapi import ValidatingClient

BODY = {"expression": "x^2"}


def build(settings: Settings) -> Iterator[ValidatingClient]:
    app: Flask = create_app(settings)
    yield ValidatingClient(app, app.response_class)
    app.extensions["deriv.pool"].close()


@pytest.fixture
def keyed() -> Iterator[ValidatingClient]:
    yield from build(Settings.from_env({"DERIV_API_KEYS": "k-one, k-two"}))


@pytest.fixture
def cors() -> Iterator[ValidatingClient]:
    yield from build(Settings.from_env({"DERIV_CORS_ORIGINS": "https://lms.example"}))


def test_a_request_without_a_key_is_unauthorized_when_keys_are_configured(
    keyed: ValidatingClient,
) -> None:
    response = post(keyed, "/v1/derivative", BODY)
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["code"] == "unauthorized"


def test_a_wrong_key_is_unauthorized(keyed: ValidatingClient) -> None:
    response = post(keyed, "/v1/derivative", BODY, headers={"X-API-Key": "k-three"})
    assert response.status_code == 401


def test_a_key_in_the_header_or_as_a_bearer_token_is_accepted(keyed: ValidatingClient) -> None:
    by_header = post(keyed, "/v1/derivative", BODY, headers={"X-API-Key": "k-two"})
    by_bearer = post(keyed, "/v1/derivative", BODY, headers={"Authorization": "Bearer k-one"})
    assert (by_header.status_code, by_bearer.status_code) == (200, 200)


def test_health_stays_open_when_keys_are_configured(keyed: ValidatingClient) -> None:
    assert keyed.get("/healthz").status_code == 200


def test_an_allowed_origin_gets_cors_headers(cors: ValidatingClient) -> None:
    response = post(cors, "/v1/derivative", BODY, headers={"Origin": "https://lms.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "https://lms.example"
    exposed = response.headers["Access-Control-Expose-Headers"].lower().split(", ")
    assert sorted(exposed) == ["retry-after", "x-request-id"]


def test_another_origin_gets_no_cors_headers(cors: ValidatingClient) -> None:
    response = post(cors, "/v1/derivative", BODY, headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in response.headers


def test_settings_from_an_empty_environment_are_the_documented_defaults() -> None:
    settings = Settings.from_env({})
    assert (settings.host, settings.port, settings.max_body_bytes) == ("127.0.0.1", 8000, 65536)
    assert settings.limits.deadline_seconds == 2.0
    assert settings.api_keys == () and settings.cors_origins == ()
    assert (settings.worker_class, settings.threads) == ("gthread", 32)


def test_a_negative_limit_in_the_environment_is_refused_at_start() -> None:
    with pytest.raises(ValueError, match="DERIV_MAX_ORDER"):
        Settings.from_env({"DERIV_MAX_ORDER": "0"})


def test_an_unknown_worker_class_is_refused_at_start() -> None:
    assert Settings.from_env({"DERIV_WORKER_CLASS": "sync"}).worker_class == "sync"
    with pytest.raises(ValueError, match="DERIV_WORKER_CLASS"):
        Settings.from_env({"DERIV_WORKER_CLASS": "eventlet"})
