"""The contract as test helpers: load openapi.yaml, validate responses and data against it.

``ValidatingClient`` is a Flask test client that checks every response it receives against
openapi.yaml (tests/api/conftest.py makes it the ``client`` of every API test);
``validate_http_response`` does the same for a ``requests`` response from the live server.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from xml.etree import ElementTree

import requests
import yaml
from flask.testing import FlaskClient
from jsonschema import Draft202012Validator
from openapi_core import Config, OpenAPI
from openapi_core.contrib.requests import RequestsOpenAPIRequest, RequestsOpenAPIResponse
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse
from werkzeug.test import TestResponse

ROOT = Path(__file__).resolve().parents[2]
SPEC_PATH = ROOT / "service" / "api" / "static" / "openapi.yaml"
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


@cache
def spec() -> dict[str, Any]:
    """openapi.yaml as plain data."""
    data: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
    return data


@cache
def openapi() -> OpenAPI:
    """openapi-core's view of openapi.yaml."""
    config = Config(
        extra_media_type_deserializers={
            "application/problem+json": json.loads,
            "application/yaml": yaml.safe_load,
            "image/svg+xml": svg_text,
        }
    )
    return OpenAPI.from_file_path(str(SPEC_PATH), config=config)


def svg_text(data: bytes | str) -> str:
    """An SVG body as text, after checking that it is a well-formed SVG document."""
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    root = ElementTree.fromstring(text)  # noqa: S314 (the service's own output)
    assert root.tag == "{http://www.w3.org/2000/svg}svg", root.tag
    return text


def operations() -> set[tuple[str, str]]:
    """Every (METHOD, path) the contract documents, paths in OpenAPI form (``/a/{b}``)."""
    return {
        (method.upper(), path)
        for path, item in spec()["paths"].items()
        for method in item
        if method in HTTP_METHODS
    }


def schema_validator(schema: dict[str, Any]) -> Draft202012Validator:
    """A JSON Schema validator for ``schema``, whose ``#/components/...`` refs resolve."""
    root = {**schema, "components": spec()["components"]}
    return Draft202012Validator(root)


def validate_against(schema: dict[str, Any], instance: Any) -> None:
    """Raise jsonschema.ValidationError when ``instance`` does not match ``schema``."""
    schema_validator(schema).validate(instance)


def validate_response(response: TestResponse) -> None:
    """Check a Flask test-client response against the contract.

    A documented (method, path) is checked by openapi-core: status, media type, headers and
    body. Anything else (an unknown path or method) must be a ``Problem``.
    """
    request = response.request
    rule = _documented(request.method, request.path)
    if rule is None:
        assert response.mimetype == "application/problem+json", response.mimetype
        validate_against({"$ref": "#/components/schemas/Problem"}, response.get_json())
        return
    openapi().validate_response(_SentRequest(request), WerkzeugOpenAPIResponse(response))


def validate_http_response(response: requests.Response) -> None:
    """Check a ``requests`` response from the live server against the contract."""
    request = response.request
    path = urlsplit(str(request.url)).path
    if _documented(str(request.method), path) is None:
        assert response.headers["Content-Type"] == "application/problem+json"
        validate_against({"$ref": "#/components/schemas/Problem"}, response.json())
        return
    openapi().validate_response(RequestsOpenAPIRequest(request), RequestsOpenAPIResponse(response))


def _documented(method: str, path: str) -> str | None:
    for documented_method, template in operations():
        if documented_method == method and _matches(template, path):
            return template
    return None


def _matches(template: str, path: str) -> bool:
    parts, given = template.strip("/").split("/"), path.strip("/").split("/")
    return len(parts) == len(given) and all(
        part == item or (part.startswith("{") and part.endswith("}") and item)
        for part, item in zip(parts, given, strict=True)
    )


class _SentRequest(WerkzeugOpenAPIRequest):
    """The request of a response: its body was consumed by the app, and is not needed."""

    @property
    def body(self) -> bytes | None:
        return None


class ValidatingClient(FlaskClient):
    """A Flask test client that validates every response against openapi.yaml."""

    def open(self, *args: Any, **kwargs: Any) -> TestResponse:
        """Send the request, then check the response against the contract."""
        response = super().open(*args, **kwargs)
        validate_response(response)
        return response
