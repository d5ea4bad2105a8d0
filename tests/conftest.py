"""Fixtures shared by every layer: the app, its test client, and a live gunicorn server."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import settings as hypothesis_settings

from service.app import create_app
from service.settings import Settings

from .live_server import gunicorn_process, running_server

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
    """Base URL of the real gunicorn server, started with the project's gunicorn config.

    With ``DERIV_TEST_SERVER_LOGS`` set to a directory, the server's log lines go to a file
    there (one per pytest process), to read after a failure; otherwise nowhere.
    """
    directory = os.environ.get("DERIV_TEST_SERVER_LOGS")
    if not directory:
        with running_server() as base_url:
            yield base_url
        return
    path = Path(directory) / f"live-server-{os.getpid()}.log"
    with path.open("wb") as output, gunicorn_process(output=output) as (base_url, _):
        yield base_url
