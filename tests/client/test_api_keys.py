"""With API keys configured, the client's ``api_key`` is what lets a call through."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from deriv_client import DerivClient, UnauthorizedError
from tests.live_server import running_server

pytestmark = pytest.mark.slow

KEY = "test-key-0123456789"


@pytest.fixture(scope="module")
def keyed_server() -> Iterator[str]:
    """A second live server, this one with an API key configured."""
    with running_server(env={"DERIV_API_KEYS": KEY, "DERIV_WORKERS": "1"}) as base_url:
        yield base_url


def test_a_call_without_the_key_raises_unauthorized(keyed_server: str) -> None:
    with DerivClient(keyed_server, retries=0) as deriv, pytest.raises(UnauthorizedError) as raised:
        deriv.derivative("x^2")
    assert (raised.value.status, raised.value.code) == (401, "unauthorized")


def test_a_call_with_the_key_is_answered(keyed_server: str) -> None:
    with DerivClient(keyed_server, api_key=KEY) as deriv:
        assert deriv.derivative("lam/2*w^2", variable="w").derivative.text == "lam*w"


def test_a_wrong_key_is_refused(keyed_server: str) -> None:
    with DerivClient(keyed_server, api_key="not-" + KEY) as deriv, pytest.raises(UnauthorizedError):
        deriv.rules()
