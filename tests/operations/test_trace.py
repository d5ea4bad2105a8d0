"""The trace operation: JSON traces whose every step reads back as a true derivative."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import sympy as sp
from hypothesis import HealthCheck, given, settings

from service.calculus.differentiation.assembly import ASSEMBLED_RULES
from service.calculus.differentiation.vocabulary import VOCABULARY
from service.calculus.errors import TooComplex
from service.calculus.language.functions import to_elementary
from service.calculus.language.parser import parse_expression
from service.calculus.language.printing import to_text
from service.calculus.limits import Limits
from tests.calculus.strategies import expression_texts
from tests.operations.bodies import run
from tests.unhurried import UNHURRIED

LIMITS = UNHURRIED
WORKED = Path(__file__).resolve().parents[1] / "data" / "worked-examples.json"
VOCABULARY_NAMES = {entry.rule for entry in VOCABULARY}
x = sp.Symbol("x", real=True)


def worked_derivatives() -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = json.loads(WORKED.read_text())["derivatives"]
    return cases


def nodes(node: dict[str, Any]) -> list[dict[str, Any]]:
    found = [node]
    for sub in node["substeps"]:
        found.extend(nodes(sub))
    return found


def read_back(node: dict[str, Any]) -> tuple[sp.Expr, sp.Expr, sp.Symbol]:
    """A node's expression, result and variable, parsed back from their text forms."""
    return (
        parse_expression(node["expression"]["text"]),
        parse_expression(node["result"]["text"]),
        sp.Symbol(node["variable"], real=True),
    )


def assert_trace_is_sound(body: dict[str, Any]) -> None:
    """Every step's result, read back from its text, is the derivative of its expression.

    Rules are in the vocabulary. The roots show /v1/derivative's answer (compared with it
    separately).
    """
    for item in body["traces"]:
        assert item["trace"]["rule"] in VOCABULARY_NAMES
        for node in nodes(item["trace"]):
            assert node["rule"] in VOCABULARY_NAMES
            assert_texts_round_trip(node)
            assert_assembled_is_the_result(node)
        for node in nodes(item["trace"])[1:]:
            expr, result, var = read_back(node)
            difference = to_elementary(result - sympy_derivative(expr, var))
            assert difference == 0 or _vanishes(difference, expr.free_symbols | {var})


def assert_texts_round_trip(node: dict[str, Any]) -> None:
    """A step's expression and result print back to the very text they were read from."""
    for field in ("expression", "result"):
        text = node[field]["text"]
        assert to_text(parse_expression(text)) == text


def assert_assembled_is_the_result(node: dict[str, Any]) -> None:
    """The assembled line, read back, has the value of the step's result (SPEC §2.1)."""
    assert ("assembled" in node) == (node["rule"] in ASSEMBLED_RULES)
    if "assembled" not in node:
        return
    expr, result, var = read_back(node)
    difference = to_elementary(parse_expression(node["assembled"]["text"]) - result)
    assert difference == 0 or _vanishes(difference, expr.free_symbols | {var})


def sympy_derivative(expr: sp.Expr, var: sp.Symbol) -> sp.Expr:
    """sympy's own derivative, read classically: δ terms, and the derivatives of sign and
    heaviside it leaves unevaluated, are 0 away from the jumps (where the steps are checked)."""
    derivative = sp.diff(expr, var).replace(
        lambda e: isinstance(e, sp.Derivative) and isinstance(e.expr, sp.sign | sp.Heaviside),
        lambda e: sp.S.Zero,
    )
    return derivative.replace(lambda e: isinstance(e, sp.DiracDelta), lambda e: sp.S.Zero)


def _vanishes(expr: sp.Expr, symbols: set[sp.Symbol]) -> bool:
    points = [{s: sp.Rational(7 + 3 * k + i, 10) for i, s in enumerate(symbols)} for k in range(4)]
    values = [expr.xreplace(point).evalf(30) for point in points]
    checked = [v for v in values if v.is_number and v.is_finite]
    return bool(checked) and all(abs(v) < 1e-20 for v in checked)


def test_the_trace_answers_with_the_derivative_and_one_trace_per_order() -> None:
    body = run("trace", {"expression": "x^3 - 3x", "order": 2}, LIMITS)
    assert [item["order"] for item in body["traces"]] == [1, 2]
    assert body["derivative"]["text"] == "6*x"
    first, second = (item["trace"] for item in body["traces"])
    assert second["expression"] == first["result"]
    assert body["traces"][1]["trace"]["result"]["text"] == "6*x"


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(expression_texts())
def test_the_root_is_exactly_the_derivative_endpoints_answer(text: str) -> None:
    traced = run("trace", {"expression": text, "variable": "x"}, LIMITS)
    derived = run("derivative", {"expression": text, "variable": "x"}, LIMITS)
    assert traced["traces"][0]["trace"]["result"] == derived["derivative"]
    assert traced["derivative"] == derived["derivative"]
    assert_trace_is_sound(traced)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(expression_texts(max_leaves=5))
def test_each_higher_order_trace_ends_at_that_orders_derivative(text: str) -> None:
    traced = run("trace", {"expression": text, "variable": "x", "order": 3}, LIMITS)
    for item in traced["traces"]:
        derived = run(
            "derivative", {"expression": text, "variable": "x", "order": item["order"]}, LIMITS
        )
        assert item["trace"]["result"] == derived["derivative"]
    assert_trace_is_sound(traced)


@pytest.mark.parametrize("case", worked_derivatives(), ids=lambda case: case["id"])
def test_every_worked_example_traces_to_its_derivative(case: dict[str, Any]) -> None:
    body = {"expression": case["expression"], "variable": case["variable"], "order": case["order"]}
    traced = run("trace", body, LIMITS)
    assert len(traced["traces"]) == case["order"]
    assert_trace_is_sound(traced)
    root = parse_expression(traced["traces"][-1]["trace"]["result"]["text"])
    expected = parse_expression(case["derivative_equivalent_to"])
    assert sp.simplify(to_elementary(root - expected)) == 0
    point = {sp.Symbol(name, real=True): parse_expression(v) for name, v in case["at"].items()}
    assert float(root.xreplace(point).evalf(30)) == pytest.approx(case["value"], abs=1e-12)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("x^2*sin(x)", "product"),
        ("(x^2+1)/(x-3)", "quotient"),
        ("exp(-x^2)", "chain"),
        ("x^x", "general_power"),
        ("3x^4 - 5x^2 + 7x - 2", "sum"),
        ("7", "constant"),
        ("sin(x)/x", "quotient"),
        ("tan(x)", "tan"),
        ("log(x, 2)", "logarithm"),
        ("log10(x^2 + 1)", "chain"),
        ("2^x", "exponential"),
        ("e^x", "exponential"),
        ("sqrt(x)", "sqrt"),
        ("√(x^2+1)", "chain"),
        ("sin^2 x", "chain"),
        ("|x|", "abs"),
        ("relu(x)", "relu"),
        ("sigmoid(x)", "sigmoid"),
        ("softplus(x)", "softplus"),
        ("acos(x)", "acos"),
        ("tanh(x)", "tanh"),
        ("cbrt(x)", "cbrt"),
        ("-x^2", "constant_multiple"),
        ("1/x", "power"),
        ("x*e^x*sin x", "product"),
    ],
)
def test_each_construct_is_traced_with_its_textbook_root_rule(text: str, rule: str) -> None:
    traced = run("trace", {"expression": text}, LIMITS)
    assert traced["traces"][0]["trace"]["rule"] == rule
    assert_trace_is_sound(traced)


def test_the_fourth_trace_of_sine_cycles_back_to_sine() -> None:
    traced = run("trace", {"expression": "sin(x)", "order": 4}, LIMITS)
    roots = [item["trace"] for item in traced["traces"]]
    assert [(r["expression"]["text"], r["result"]["text"]) for r in roots] == [
        ("sin(x)", "cos(x)"),
        ("cos(x)", "-sin(x)"),
        ("-sin(x)", "-cos(x)"),
        ("-cos(x)", "sin(x)"),
    ]
    assert [r["rule"] for r in roots] == ["sin", "cos", "constant_multiple", "constant_multiple"]


def test_the_quotient_trace_keeps_the_minus_sign() -> None:
    root = run("trace", {"expression": "(x^2+1)/(x-3)"}, LIMITS)["traces"][0]["trace"]
    assert root["rule"] == "quotient"
    assert root["result"]["text"] == "(x^2 - 6*x - 1)/(x - 3)^2"


def test_the_step_limit_counts_every_order_and_is_too_complex() -> None:
    with pytest.raises(TooComplex) as caught:
        run("trace", {"expression": "x^2*sin(x)", "order": 4}, Limits(max_trace_nodes=20))
    assert caught.value.data == {"limit": "max_trace_nodes"}


def test_a_trace_that_would_print_too_much_is_too_complex_before_printing() -> None:
    nested = "(" * 40 + "x" + "+1)^2" * 40
    with pytest.raises(TooComplex) as caught:
        run("trace", {"expression": nested}, LIMITS)
    assert caught.value.data == {"limit": "max_result_nodes"}


def test_an_order_above_the_maximum_is_too_complex() -> None:
    with pytest.raises(TooComplex) as caught:
        run("trace", {"expression": "x", "order": 51}, LIMITS)
    assert caught.value.data == {"limit": "max_order"}
