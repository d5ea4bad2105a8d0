"""openapi.yaml is a valid OpenAPI 3.1 document that describes exactly the app's routes."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from openapi_spec_validator import validate

from service.api.problems import HTTP_CODES
from service.calculus.differentiation.vocabulary import VOCABULARY
from service.calculus.errors import DerivError

from .openapi import SPEC_PATH, operations, spec

AUTOMATIC_METHODS = {"HEAD", "OPTIONS"}
"""Flask answers these for every route by itself; the contract documents the real ones."""


def app_routes(app: Flask) -> set[tuple[str, str]]:
    """Every (METHOD, path) the app routes, with Flask's ``<x>`` written as OpenAPI's ``{x}``."""
    return {
        (method, re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule))
        for rule in app.url_map.iter_rules()
        for method in (rule.methods or set()) - AUTOMATIC_METHODS
    }


def test_the_spec_is_a_valid_openapi_3_1_document() -> None:
    assert spec()["openapi"].startswith("3.1.")
    validate(spec())


def test_the_spec_documents_exactly_the_routes_of_the_app(app: Flask) -> None:
    assert operations() == app_routes(app)


def test_every_operation_has_a_unique_id_and_a_summary() -> None:
    ids = [
        operation["operationId"] for item in spec()["paths"].values() for operation in item.values()
    ]
    assert len(ids) == len(set(ids))
    for item in spec()["paths"].values():
        for operation in item.values():
            assert operation["summary"], operation["operationId"]


def test_every_problem_code_the_service_raises_is_documented() -> None:
    documented = set(spec()["components"]["schemas"]["ProblemCode"]["enum"])
    core_codes = {cls.code for cls in _subclasses(DerivError)}
    assert core_codes <= documented
    assert set(HTTP_CODES.values()) <= documented


def test_the_rule_names_are_exactly_the_vocabulary_of_the_traces() -> None:
    documented = spec()["components"]["schemas"]["RuleName"]["enum"]
    assert documented == [entry.rule for entry in VOCABULARY]


def test_every_documented_problem_code_is_explained() -> None:
    code_schema = spec()["components"]["schemas"]["ProblemCode"]
    for code in code_schema["enum"]:
        assert f"`{code}`" in code_schema["description"], code


def test_every_v1_operation_documents_its_error_answers() -> None:
    for path, item in spec()["paths"].items():
        for method, operation in item.items():
            if not path.startswith("/v1/"):
                continue
            expected = {"200", "401"} | (
                {"400", "413", "415", "422", "503"} if method == "post" else set()
            )
            assert set(operation["responses"]) == expected, f"{method} {path}"


def test_the_service_serves_the_spec_file_unchanged(client: FlaskClient) -> None:
    response = client.get("/openapi.yaml")
    assert response.status_code == 200
    assert response.mimetype == "application/yaml"
    assert response.data == SPEC_PATH.read_bytes()


def test_the_docs_page_loads_only_assets_the_service_serves(client: FlaskClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    assert page.mimetype == "text/html"
    links = re.findall(r'(?:src|href)="([^"]+)"', page.get_data(as_text=True))
    assert links
    for link in links:
        if link.startswith("data:"):
            continue
        assert link.startswith("/"), link
        asset = client.get(link)
        assert asset.status_code == 200, link
        assert asset.data, link
    assert "default-src 'self'" in page.headers["Content-Security-Policy"]


def test_an_unknown_docs_asset_is_a_json_404(client: FlaskClient) -> None:
    response = client.get("/docs/assets/secrets.txt")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["code"] == "not_found"


def _subclasses(cls: type[DerivError]) -> list[type[DerivError]]:
    found = []
    for sub in cls.__subclasses__():
        found += [sub, *_subclasses(sub)]
    return found
