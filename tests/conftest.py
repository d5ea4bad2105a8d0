"""Fixtures shared by every layer: the app, its test client, and a live gunicorn server."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import settings as hypothesis_settings

from service.app import create_app
from service.settings import Settings

from .live_server import running_server

# In CI every run explores the same examples (a fixed seed), so a submission's verdict does
# not depend on luck; locally each run explores new ones and the database replays failures.
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")


@pytest.fixture(scope="session")
def settings() -> Settings:
    """The default settings, independent of the environment the tests run in."""
    return Settings.from_env({})


@pytest.fixture(scope="session")
def app(settings: Settings) -> Iterator[Flask]:
    """One app for the session (its compute workers are costly to start)."""
    application = create_app(settings)
    application.config["TESTING"] = True
    yield application
    application.extensions["deriv.pool"].close()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A Flask test client of the app."""
    return app.test_client()


@pytest.fixture(scope="session")
def live_server() -> Iterator[str]:
    """Base URL of the real gunicorn server, started with the project's gunicorn config."""
    with running_server() as base_url:
        yield base_url
