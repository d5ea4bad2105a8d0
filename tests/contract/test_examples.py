"""The examples in openapi.yaml match their schemas and are what the service really answers.

A 200 example is the answer to the request example of the same name; an error example
carries the request that produces it in ``x-request``. When an answer changes on purpose,
``python -m tests.contract.refresh_examples`` rewrites the examples (review the diff).
"""

from __future__ import annotations

from typing import Any

import pytest
import requests
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from .openapi import spec, svg_text, validate_against, validate_http_response


def media_examples() -> list[tuple[str, dict[str, Any], Any]]:
    """(where, schema, example) for every example of a request or response body."""
    found = []
    responses = [("components", spec()["components"]["responses"])]
    for path, item in spec()["paths"].items():
        for method, operation in item.items():
            bodies = {"request": operation.get("requestBody", {}), **operation["responses"]}
            responses.append((f"{method.upper()} {path}", bodies))
    for where, bodies in responses:
        for name, body in bodies.items():
            for media_type, media in body.get("content", {}).items():
                for key, example in media.get("examples", {}).items():
                    found.append((f"{where} {name} {media_type} {key}", media["schema"], example))
    return found


def answered_examples() -> list[tuple[str, dict[str, Any], int, Any]]:
    """(name, request, status, body) for every example that names the request behind it."""
    found = []
    for path, item in spec()["paths"].items():
        for method, operation in item.items():
            asked = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
            answered = operation["responses"].get("200", {}).get("content", {})
            for name, example in answered.get("application/json", {}).get("examples", {}).items():
                request = {"method": method.upper(), "path": path}
                if asked:
                    request["json"] = asked["examples"][name]["value"]
                found.append((f"{method.upper()} {path} {name}", request, 200, example["value"]))
    for response in spec()["components"]["responses"].values():
        for media in response.get("content", {}).values():
            for name, example in media.get("examples", {}).items():
                if "x-request" in example:
                    value = example["value"]
                    found.append((name, example["x-request"], value["status"], value))
    return found


def image_examples() -> list[tuple[str, dict[str, Any], str]]:
    """(name, request, media type) for each request example of an operation answering an image.

    Such an answer has no example of its own (it is a picture); the example request must be
    answered 200 with that media type, and the picture is checked by its deserializer.
    """
    found = []
    for path, item in spec()["paths"].items():
        for method, operation in item.items():
            answered = operation["responses"].get("200", {}).get("content", {})
            asked = operation.get("requestBody", {}).get("content", {}).get("application/json")
            for media_type in answered:
                if media_type == "application/json" or asked is None:
                    continue
                for name, example in asked["examples"].items():
                    request = {"method": method.upper(), "path": path, "json": example["value"]}
                    found.append((f"{method.upper()} {path} {name}", request, media_type))
    return found


def send(client: FlaskClient, request: dict[str, Any]) -> TestResponse:
    """Send an example's request through the Flask test client."""
    headers = request.get("headers", {})
    if "json" in request:
        return client.open(
            request["path"], method=request["method"], json=request["json"], headers=headers
        )
    return client.open(
        request["path"],
        method=request["method"],
        data=request.get("data"),
        content_type=request.get("content_type"),
        headers=headers,
    )


REFRESH = "the answer changed: run .venv/bin/python -m tests.contract.refresh_examples"
EXAMPLES = media_examples()
ANSWERED = answered_examples()
IMAGES = image_examples()


@pytest.mark.parametrize(("where", "schema", "example"), EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_every_example_matches_its_schema(where: str, schema: dict[str, Any], example: Any) -> None:
    validate_against(schema, example["value"])


def test_every_operation_with_a_body_has_request_and_answer_examples() -> None:
    named = {where.rsplit(" ", 1)[0] for where, *_ in [*ANSWERED, *IMAGES]}
    for path, item in spec()["paths"].items():
        for method, operation in item.items():
            if "requestBody" in operation:
                assert f"{method.upper()} {path}" in named, f"{method} {path}"


@pytest.mark.parametrize(
    ("name", "request_", "status", "body"), ANSWERED, ids=[e[0] for e in ANSWERED]
)
def test_every_answer_example_is_what_the_service_answers(
    client: FlaskClient, name: str, request_: dict[str, Any], status: int, body: Any
) -> None:
    response = send(client, request_)
    assert (response.status_code, response.get_json()) == (status, body), REFRESH


@pytest.mark.parametrize(("name", "request_", "media_type"), IMAGES, ids=[e[0] for e in IMAGES])
def test_every_image_example_is_answered_with_its_image(
    client: FlaskClient, name: str, request_: dict[str, Any], media_type: str
) -> None:
    response = send(client, request_)
    assert (response.status_code, response.mimetype) == (200, media_type)
    assert media_type != "image/svg+xml" or svg_text(response.data).rstrip().endswith("</svg>")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "request_", "status", "body"), ANSWERED, ids=[e[0] for e in ANSWERED]
)
def test_the_live_server_gives_every_example_answer_within_the_contract(
    live_server: str, name: str, request_: dict[str, Any], status: int, body: Any
) -> None:
    response = requests.request(
        request_["method"],
        live_server + request_["path"],
        json=request_.get("json"),
        data=request_.get("data"),
        headers={
            **request_.get("headers", {}),
            **({"Content-Type": request_["content_type"]} if "content_type" in request_ else {}),
        },
        timeout=15,
    )
    validate_http_response(response)
    assert (response.status_code, response.json()) == (status, body), REFRESH
