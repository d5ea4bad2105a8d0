"""The client's ``check`` against the real gunicorn server: typed results equal the JSON."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from deriv_client import CheckResult, DerivClient, Feedback, ParseError

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def deriv(live_server: str) -> Iterator[DerivClient]:
    """A client of the live server."""
    with DerivClient(live_server) as client:
        yield client


def test_check_returns_the_servers_verdict_and_feedback_as_frozen_dataclasses(
    deriv: DerivClient, live_server: str
) -> None:
    body = {"expression": "x^2 sin x", "answer": "2x cos x", "seed": 3}
    raw = requests.post(live_server + "/v1/check", json=body, timeout=10).json()
    result = deriv.check("x^2 sin x", answer="2x cos x", seed=3)
    assert result == CheckResult.from_json(raw)
    assert (result.correct, result.method, result.reason) == (False, "numeric", None)
    assert result.expected.text == "x^2*cos(x) + 2*x*sin(x)"
    assert [item.code for item in result.feedback] == ["product_of_derivatives"]
    assert isinstance(result.feedback[0], Feedback)
    assert "$" in result.feedback[0].message_latex


def test_check_of_a_latex_answer_that_is_right(deriv: DerivClient) -> None:
    result = deriv.check(
        "sigmoid(x)", answer=r"\frac{e^{-x}}{(1+e^{-x})^{2}}", answer_syntax="latex"
    )
    assert (result.correct, result.method, result.feedback) == (True, "numeric", ())


def test_check_of_an_undecidable_answer_says_why(deriv: DerivClient) -> None:
    result = deriv.check("sqrt(x)", answer="sqrt(-x^2 - 1)")
    assert result.correct is None
    assert result.reason == "could not find enough points where both are defined"


def test_check_raises_a_parse_error_naming_the_answer_field(deriv: DerivClient) -> None:
    with pytest.raises(ParseError) as raised:
        deriv.check("x^2", answer="2x +", order=1)
    assert (raised.value.code, raised.value.field, raised.value.position) == (
        "parse_error",
        "answer",
        4,
    )
