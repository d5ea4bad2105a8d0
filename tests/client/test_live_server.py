"""The client against the real gunicorn server: each method's typed result equals the JSON
the server answers, and each problem becomes the exception of its code."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from typing import Any

import pytest
import requests

import deriv_client
from deriv_client import (
    AmbiguousVariableError,
    Concavity,
    CriticalPoints,
    Derivative,
    DerivClient,
    DerivError,
    Evaluation,
    Expression,
    Gradient,
    ParseError,
    ReadingWarning,
    Rule,
    Step,
    TooComplexError,
    Trace,
    UnknownFunctionError,
    ValidationError,
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def deriv(live_server: str) -> Iterator[DerivClient]:
    """A client of the live server."""
    with DerivClient(live_server) as client:
        yield client


def raw(live_server: str, path: str, body: dict[str, Any] | None = None) -> Any:
    """The server's own JSON for a request, fetched without the client."""
    if body is None:
        response = requests.get(live_server + path, timeout=10)
    else:
        response = requests.post(live_server + path, json=body, timeout=10)
    assert response.status_code == 200, response.text
    return response.json()


def test_derivative_returns_the_servers_answer_as_frozen_dataclasses(
    deriv: DerivClient, live_server: str
) -> None:
    body = {"expression": "lam/2*w^2", "variable": "w"}
    result = deriv.derivative("lam/2*w^2", variable="w")
    assert result == Derivative.from_json(raw(live_server, "/v1/derivative", body))
    assert result.derivative == Expression(**raw(live_server, "/v1/derivative", body)["derivative"])
    assert (result.variable, result.order, result.derivative.text) == ("w", 1, "lam*w")
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.order = 2  # type: ignore[misc]


CALLS = [
    ("derivative", "/v1/derivative", Derivative, {"expression": "x^2 sin x", "order": 2}),
    (
        "evaluate",
        "/v1/evaluate",
        Evaluation,
        {
            "expression": "lam/2*w^2",
            "variable": "w",
            "at": ["1/2", 1],
            "orders": [0, 1],
            "parameters": {"lam": "1/100"},
        },
    ),
    ("concavity", "/v1/concavity", Concavity, {"expression": "x^3 - 3x", "at": [-1, 0, 1]}),
    (
        "critical_points",
        "/v1/critical-points",
        CriticalPoints,
        {"expression": "sin(x)", "interval": [0, "2*pi"]},
    ),
    (
        "gradient",
        "/v1/gradient",
        Gradient,
        {
            "expression": "lam/2*(w1^2 + w2^2)",
            "variables": ["w1", "w2"],
            "at": {"w1": 1, "w2": "1/2"},
            "parameters": {"lam": "1/10"},
            "hessian": True,
        },
    ),
    ("trace", "/v1/trace", Trace, {"expression": "sin(x^2)", "order": 2, "detail": "brief"}),
]


@pytest.mark.parametrize(("method", "path", "model", "body"), CALLS, ids=[c[0] for c in CALLS])
def test_each_method_returns_the_typed_form_of_the_servers_json(
    deriv: DerivClient, live_server: str, method: str, path: str, model: Any, body: dict[str, Any]
) -> None:
    result = getattr(deriv, method)(**body)
    assert isinstance(result, model)
    assert result == model.from_json(raw(live_server, path, body))


WARNED = [
    ("derivative", {"expression": "sinx", "variable": "t"}),
    ("evaluate", {"expression": "e^2x", "at": ["1/2pi"]}),
    ("concavity", {"expression": "x^3 - 3x", "at": ["1/2pi"]}),
    ("critical_points", {"expression": "x^3 - 3x", "interval": ["-1/2pi", 2]}),
    ("gradient", {"expression": "w^2", "variables": ["w", "v"]}),
    ("trace", {"expression": "x^1/2"}),
    ("check", {"expression": "sqrt(x)", "answer": "1/2sqrt(x)"}),
]


@pytest.mark.parametrize(("method", "body"), WARNED, ids=[w[0] for w in WARNED])
def test_every_method_exposes_the_reading_warnings_with_their_field(
    deriv: DerivClient, method: str, body: dict[str, Any]
) -> None:
    path = "/v1/" + method.replace("_", "-")
    warnings = getattr(deriv, method)(**body).warnings
    assert warnings == tuple(
        ReadingWarning.from_json(item) for item in raw(deriv.base_url, path, body)["warnings"]
    )
    assert warnings, "each request above is read with a warning"
    assert all(warning.field and warning.message for warning in warnings)


def test_check_can_leave_the_expected_derivative_out(deriv: DerivClient) -> None:
    result = deriv.check("sqrt(x)", answer="1/2sqrt(x)", include_expected=False)
    assert (result.correct, result.expected) == (False, None)
    assert [item.code for item in result.feedback] == ["ambiguous_notation"]
    assert [(w.field, w.code) for w in result.warnings] == [("answer", "implicit_division")]


def test_rules_returns_the_vocabulary(deriv: DerivClient, live_server: str) -> None:
    rules = deriv.rules()
    assert rules == tuple(Rule.from_json(item) for item in raw(live_server, "/v1/rules"))
    assert {"chain", "product", "quotient"} <= {rule.rule for rule in rules}


def test_a_trace_is_a_tree_of_typed_steps(deriv: DerivClient) -> None:
    result = deriv.trace("sin(x^2)")
    root = result.traces[0].trace
    assert (root.rule, root.result) == ("chain", result.derivative)
    assert all(isinstance(step, Step) for step in root.substeps)
    assert root.substeps[0].variable == "u"
    assert root.assembled is not None and root.assembled.text == "cos(x^2)*2*x"
    assert root.explanation_latex.startswith(r"Chain rule with outer function $\sin{")
    assert [step.assembled for step in root.substeps] == [None, None]


def test_every_keyword_argument_reaches_the_server(deriv: DerivClient) -> None:
    result = deriv.derivative("\\frac{1}{x}", variable="x", order=2, syntax="latex")
    assert (result.order, result.input.text, result.derivative.text) == (2, "1/x", "2/x^3")


def test_a_parse_error_carries_status_code_detail_and_position(deriv: DerivClient) -> None:
    with pytest.raises(ParseError) as raised:
        deriv.derivative("x^2 + * 3")
    error = raised.value
    assert (error.status, error.code, error.position, error.field) == (
        422,
        "parse_error",
        6,
        "expression",
    )
    assert error.detail
    assert isinstance(error, DerivError)


def test_an_error_carries_the_servers_request_id(deriv: DerivClient, live_server: str) -> None:
    with pytest.raises(ParseError) as generated:
        deriv.derivative("x^2 + * 3")
    assert re.fullmatch(r"[0-9a-f]{32}", str(generated.value.request_id))
    assert str(generated.value).endswith(f"(request {generated.value.request_id})")
    session = requests.Session()
    session.headers["X-Request-ID"] = "lms-attempt-42"
    with DerivClient(live_server, session=session) as client, pytest.raises(ParseError) as given:
        client.derivative("x^2 + * 3")
    assert given.value.request_id == "lms-attempt-42"


def test_an_ambiguous_variable_lists_the_candidates(deriv: DerivClient) -> None:
    with pytest.raises(AmbiguousVariableError) as raised:
        deriv.derivative("a*x + b")
    assert raised.value.candidates == ("a", "b", "x")


def test_an_unknown_function_is_named(deriv: DerivClient) -> None:
    with pytest.raises(UnknownFunctionError) as raised:
        deriv.derivative("foo(x)")
    assert raised.value.problem["name"] == "foo"


def test_an_order_above_the_limit_is_too_complex(deriv: DerivClient) -> None:
    with pytest.raises(TooComplexError) as raised:
        deriv.derivative("x", order=1000)
    assert raised.value.limit == "max_order"


def test_a_field_out_of_range_is_a_validation_error_naming_it(deriv: DerivClient) -> None:
    with pytest.raises(ValidationError) as raised:
        deriv.derivative("x", order=0)
    assert (raised.value.status, list(raised.value.errors)) == (400, ["order"])


def test_every_result_is_a_frozen_dataclass_with_typed_fields() -> None:
    models = [
        getattr(deriv_client, name)
        for name in deriv_client.__all__
        if dataclasses.is_dataclass(getattr(deriv_client, name))
    ]
    assert len(models) >= 15
    for model in models:
        assert model.__dataclass_params__.frozen, model
        for item in dataclasses.fields(model):
            assert item.type not in ("Any", Any), f"{model.__name__}.{item.name}"


def isort_key(name: str) -> tuple[int, str]:
    """Constants, then classes, then functions: the order ruff's RUF022 keeps."""
    return (0 if name.isupper() else 1 if name[0].isupper() else 2, name)


def test_the_public_names_are_sorted_and_all_exist() -> None:
    assert deriv_client.__all__ == sorted(deriv_client.__all__, key=isort_key)
    for name in deriv_client.__all__:
        assert hasattr(deriv_client, name), name


def test_critical_points_on_a_closed_interval_reads_as_a_worksheet_answer(
    deriv: DerivClient,
) -> None:
    result = deriv.critical_points("x^3 - 3x", interval=[-2, 3])
    assert [(i.start.text, i.end.text, i.direction) for i in result.intervals] == [
        ("-2", "-1", "increasing"),
        ("-1", "1", "decreasing"),
        ("1", "3", "increasing"),
    ]
    assert result.endpoints is not None
    assert [(e.at.text, e.value.text, e.kind) for e in result.endpoints] == [
        ("-2", "-2", "minimum"),
        ("3", "18", "maximum"),
    ]
    assert result.minimum is not None and result.maximum is not None
    assert (result.minimum.value.text, [p.text for p in result.minimum.at]) == ("-2", ["-2", "1"])
    assert (result.maximum.value.text, [p.text for p in result.maximum.at]) == ("18", ["3"])
    inflections = deriv.concavity("x^3 - 3x").inflection_points
    assert [(p.at.text, p.value.text) for p in inflections] == [("0", "0")]
