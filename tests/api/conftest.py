"""Every API test's ``client`` checks each response against openapi.yaml."""

from __future__ import annotations

import pytest
from flask import Flask

from tests.contract.openapi import ValidatingClient


@pytest.fixture
def client(app: Flask) -> ValidatingClient:
    """A Flask test client whose every response is validated against the contract."""
    return ValidatingClient(app, app.response_class, use_cookies=True)
