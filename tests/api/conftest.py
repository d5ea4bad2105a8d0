"""Every API test's ``client`` checks each response against openapi.yaml."""

from __future__ import annotations

import pytest
from flask import Flask

from tests.contract.openapi import ValidatingClient

from .responses import REQUEST_ID


@pytest.fixture
def client(app: Flask) -> ValidatingClient:
    """A Flask test client whose every response is validated against the contract.

    Every request it sends has the request id ``REQUEST_ID``, so a problem body is known whole.
    """
    test_client = ValidatingClient(app, app.response_class, use_cookies=True)
    test_client.environ_base["HTTP_X_REQUEST_ID"] = REQUEST_ID
    return test_client
