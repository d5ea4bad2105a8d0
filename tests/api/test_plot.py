"""POST /v1/plot through the Flask app: the SVG shows the analysis the lists give, and errors."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.api.responses import post, refused

SVG = "{http://www.w3.org/2000/svg}"


def drawn(client: FlaskClient, body: Any) -> ET.Element:
    response = post(client, "/v1/plot", body)
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    return ET.fromstring(response.data)  # noqa: S314 (our own output)


def ids(root: ET.Element, prefix: str) -> set[str]:
    return {g.get("id", "") for g in root.iter(f"{SVG}g") if g.get("id", "").startswith(prefix)}


def words(root: ET.Element) -> tuple[str, str]:
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and desc is not None
    return title.text or "", desc.text or ""


def test_the_cubic_shows_f_and_two_derivatives_its_concavity_and_its_points(
    client: FlaskClient,
) -> None:
    root = drawn(client, {"expression": "x^3 - 3x", "interval": [-3, 3]})
    assert ids(root, "curve-") == {"curve-0-0", "curve-1-0", "curve-2-0"}
    assert ids(root, "band-") == {"band-concave-down", "band-concave-up"}
    assert ids(root, "markers-") == {
        "markers-inflection-point",
        "markers-local-minimum",
        "markers-local-maximum",
    }
    title, desc = words(root)
    assert title == "f(x) = x^3 - 3*x on [-3, 3]"
    assert "concave down on (-3, 0) and concave up on (0, 3)" in desc
    assert "inflection point at (0, 0)" in desc
    assert "local maximum at (-1, 2)" in desc
    assert "local minimum at (1, -2)" in desc


def test_the_markers_are_the_points_the_analysis_endpoints_list(client: FlaskClient) -> None:
    body = {"expression": "x*exp(-x)", "interval": [-1, 5]}
    critical = post(client, "/v1/critical-points", body).get_json()
    concavity = post(client, "/v1/concavity", body).get_json()
    _, desc = words(drawn(client, body))
    for point in critical["points"]:
        assert f"local {point['kind']} at ({point['at']['value']:.4g}," in desc
    for point in concavity["inflection_points"]:
        assert f"inflection point at ({point['at']['value']:.4g}," in desc


def test_a_pole_breaks_the_curve_and_the_words_say_so(client: FlaskClient) -> None:
    root = drawn(client, {"expression": "1/x", "interval": [-2, 2], "orders": [0]})
    assert ids(root, "curve-") == {"curve-0-0", "curve-0-1"}
    assert "drawn in pieces" in words(root)[1]


def test_monotonicity_shades_the_intervals_critical_points_lists(client: FlaskClient) -> None:
    body = {"expression": "x^3 - 3x", "interval": [-3, 3]}
    critical = post(client, "/v1/critical-points", body).get_json()
    directions = [
        (i["start"]["text"], i["end"]["text"], i["direction"]) for i in critical["intervals"]
    ]
    assert directions == [
        ("-3", "-1", "increasing"),
        ("-1", "1", "decreasing"),
        ("1", "3", "increasing"),
    ]
    root = drawn(client, {**body, "shade": "monotonicity"})
    assert ids(root, "band-") == {"band-increasing", "band-decreasing"}
    _, desc = words(root)
    assert "increasing on (-3, -1), decreasing on (-1, 1) and increasing on (1, 3)" in desc


def test_no_shading_when_asked_for_none(client: FlaskClient) -> None:
    root = drawn(client, {"expression": "x^3", "interval": [-1, 1], "shade": "none"})
    assert ids(root, "band-") == set()


def test_the_same_request_gives_the_same_bytes(client: FlaskClient) -> None:
    body = {"expression": "x^2 + 1", "interval": [-1, 1], "width": 400, "height": 300}
    first, second = post(client, "/v1/plot", body), post(client, "/v1/plot", body)
    assert first.data == second.data
    root = ET.fromstring(first.data)  # noqa: S314 (our own output)
    assert (root.get("width"), root.get("height")) == ("400", "300")


def test_parameters_and_latex_are_read_as_everywhere(client: FlaskClient) -> None:
    body = {
        "expression": r"\frac{a}{1+x^{2}}",
        "syntax": "latex",
        "parameters": {"a": 2},
        "interval": [-2, 2],
        "orders": [0, 1],
    }
    title, desc = words(drawn(client, body))
    assert title == "f(x) = a/(x^2 + 1) on [-2, 2]"
    assert "local maximum at (0, 2)" in desc


FIVE_CURVES = [0, 1, 2, 3, 4]


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"expression": "x^2", "interval": ["-oo", 1]}, 422, "invalid_point"),
        ({"expression": "x^2", "interval": [2, 1]}, 422, "invalid_point"),
        ({"expression": "x^2"}, 400, "validation_error"),
        ({"expression": "x^2", "interval": [0, 1], "orders": [1, 1]}, 400, "validation_error"),
        ({"expression": "x", "interval": [0, 1], "orders": FIVE_CURVES}, 400, "validation_error"),
        ({"expression": "x^2", "interval": [0, 1], "shade": "rainbow"}, 400, "validation_error"),
        ({"expression": "x^2", "interval": [0, 1], "width": 10}, 400, "validation_error"),
        ({"expression": "sinn(x)", "interval": [0, 1]}, 422, "unknown_function"),
        ({"expression": "a*x", "interval": [0, 1]}, 422, "ambiguous_variable"),
    ],
)
def test_bad_requests_are_problems(
    client: FlaskClient, body: dict[str, Any], status: int, code: str
) -> None:
    assert refused(post(client, "/v1/plot", body), status)["code"] == code


def test_an_incomplete_analysis_is_named_with_its_reason(client: FlaskClient) -> None:
    body = {"expression": "exp(x) - x^3", "interval": [-10, 10]}
    _, desc = words(drawn(client, body))
    for name, path in (("concavity", "/v1/concavity"), ("critical-points", "/v1/critical-points")):
        answer = post(client, path, body).get_json()
        assert answer["complete"] is False
        assert f"The {name} analysis is incomplete: {answer['reason']}" in desc
