"""Every request default lives in one schema field and is the default openapi.yaml documents."""

from __future__ import annotations

from typing import Any

import pytest
from marshmallow import fields, missing

from service.api.fields import RequestSchema
from tests.operations.bodies import schemas

from .openapi import spec


def documented_properties(name: str) -> dict[str, dict[str, Any]]:
    """The properties of the component schema ``name``, each ``$ref`` resolved."""
    schemas = spec()["components"]["schemas"]
    properties: dict[str, dict[str, Any]] = schemas[name]["properties"]
    return {
        field: schemas[prop["$ref"].rpartition("/")[2]] if "$ref" in prop else prop
        for field, prop in properties.items()
    }


def schema_default(field: fields.Field[Any]) -> Any:
    default = field.load_default
    return default() if callable(default) else default


def request_schemas() -> list[type[RequestSchema]]:
    """The request schema of every endpoint that computes (those a batch item may name)."""
    return list(schemas().values())


@pytest.mark.parametrize("schema", request_schemas(), ids=lambda schema: schema.__name__)
def test_each_field_defaults_to_what_the_spec_documents(schema: type[RequestSchema]) -> None:
    documented = documented_properties(schema.__name__)
    fields_ = schema().fields
    assert set(fields_) == set(documented)
    for name, field in fields_.items():
        if field.required:
            assert field.load_default is missing, name
            continue
        assert schema_default(field) == documented[name].get("default"), name


def test_every_endpoint_schema_is_checked() -> None:
    assert {schema.__name__ for schema in request_schemas()} == {
        "CheckRequest",
        "ConcavityRequest",
        "CriticalPointsRequest",
        "DerivativeRequest",
        "EvaluateRequest",
        "GradientRequest",
        "ParseRequest",
        "TraceRequest",
    }
