"""The client's plot(): the server's SVG bytes, and problems as exceptions."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from deriv_client import DerivClient, InvalidPointError, ValidationError

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def deriv(live_server: str) -> Iterator[DerivClient]:
    """A client of the live server."""
    with DerivClient(live_server) as client:
        yield client


def test_plot_returns_the_servers_svg_bytes(deriv: DerivClient, live_server: str) -> None:
    svg = deriv.plot("x^2 + 1", interval=(-1, 1), orders=[0, 1], shade="none", width=400)
    direct = requests.post(
        f"{live_server}/v1/plot",
        json={
            "expression": "x^2 + 1",
            "interval": [-1, 1],
            "orders": [0, 1],
            "shade": "none",
            "width": 400,
        },
        timeout=15,
    )
    assert svg == direct.content
    assert b"<title>f(x) = x^2 + 1 on [-1, 1]</title>" in svg


def test_plot_problems_raise_their_exceptions(deriv: DerivClient) -> None:
    with pytest.raises(InvalidPointError):
        deriv.plot("x^2", interval=("-oo", 1))
    with pytest.raises(ValidationError):
        deriv.plot("x^2", interval=(0, 1), orders=[1, 1])
