"""GET /v1/rules through the Flask app: the vocabulary every trace draws its rules from."""

from __future__ import annotations

from flask.testing import FlaskClient

from service.calculus.differentiation.dispatch import RULE_CLASSES
from service.operations.rules import vocabulary
from tests.api.responses import post


def test_the_vocabulary_lists_every_rule_with_a_name_formula_and_description(
    client: FlaskClient,
) -> None:
    response = client.get("/v1/rules")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert body == vocabulary()
    assert [entry["rule"] for entry in body] == [rule.name for rule in RULE_CLASSES]
    assert all(entry["name"] and entry["formula"] and entry["description"] for entry in body)


def test_the_quotient_rule_is_described_in_our_own_words(client: FlaskClient) -> None:
    body = client.get("/v1/rules").get_json()
    quotient = next(entry for entry in body if entry["rule"] == "quotient")
    assert quotient == {
        "rule": "quotient",
        "name": "Quotient rule",
        "formula": r"\left(\frac{u}{v}\right)' = \frac{u' v - u v'}{v^{2}}",
        "description": 'Low d-high minus high d-low, over low squared ("high" is the '
        'numerator u, "low" the denominator v); the order of the subtraction matters.',
    }


def test_the_vocabulary_is_read_only(client: FlaskClient) -> None:
    response = post(client, "/v1/rules", {})
    assert response.status_code == 405
    assert response.mimetype == "application/problem+json"
    assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    assert response.get_json()["code"] == "method_not_allowed"
