"""The check operation: verdicts, methods, the mistake catalogue, seeds, budgets and errors."""

from __future__ import annotations

from typing import Any

import pytest
import sympy as sp
from hypothesis import HealthCheck, given, settings

from service.calculus.differentiation.derivative import differentiate
from service.calculus.errors import ParseError, UnknownSymbol
from service.calculus.language.parser import parse_expression
from service.calculus.language.printing import to_text
from service.calculus.learning.checking import INCORRECT
from service.calculus.learning.equivalence import Comparison
from service.calculus.learning.misconceptions import CODES
from service.calculus.limits import Limits
from service.calculus.numeric import OUT_OF_TIME, TOO_FEW_POINTS
from service.operations.shapes import expression_object
from tests.calculus.strategies import expressions
from tests.operations.bodies import run

LIMITS = Limits(deadline_seconds=30.0)
"""A generous deadline, so that no verdict depends on how loaded the machine is."""
X = sp.Symbol("x", real=True)


def checked(expression: str, answer: str, **fields: Any) -> dict[str, Any]:
    return run("check", {"expression": expression, "answer": answer, **fields}, LIMITS)


def codes(result: dict[str, Any]) -> list[str]:
    return [item["code"] for item in result["feedback"]]


CATALOGUE = [
    # (function, wrong answer, extra fields, expected code, a part the message names)
    ("x^2 sin x", "2x cos x", {}, "product_of_derivatives", "x^2 and sin(x)"),
    ("x^3 e^x", "3x^2 e^x", {}, "product_of_derivatives", "x^3 and exp(x)"),
    ("(x^2+1)/(x-3)", "2x", {}, "quotient_of_derivatives", "x^2 + 1 by the derivative of x - 3"),
    (
        "(x^2+1)/(x-3)",
        "((x^2+1) - 2x*(x-3))/(x-3)^2",
        {},
        "quotient_sign_error",
        "2*x*(x - 3) - (x^2 + 1)*1",
    ),
    ("sin(x)/x", "(sin(x) - x cos(x))/x^2", {}, "quotient_sign_error", "cos(x)*x - sin(x)*1"),
    ("(x^2+1)/(x-3)", "(2x*(x-3) - (x^2+1))/(x-3)", {}, "quotient_missing_square", "(x - 3)^2"),
    ("sin(x^2)", "cos(x^2)", {}, "missing_chain_factor", "2*x"),
    ("(x^2+1)^3", "3(x^2+1)^2", {}, "missing_chain_factor", "x^2 + 1"),
    ("exp(3x)", "exp(3x)", {}, "missing_chain_factor", "3*x"),
    ("ln(x^2+1)", "1/(x^2+1)", {}, "missing_chain_factor", "x^2 + 1"),
    ("x^3", "3x^3", {}, "power_rule_exponent", "did not lower it"),
    ("x^3", "x^2", {}, "power_rule_exponent", "did not bring 3 down"),
    ("5x^4 + x", "20x^4 + 1", {}, "power_rule_exponent", "x^4"),
    ("2^x", "x*2^(x-1)", {}, "power_rule_on_exponential", "2^u*ln(2)"),
    ("e^x", "x e^(x-1)", {}, "power_rule_on_exponential", "exp(x)"),
    ("cos x", "sin x", {}, "trig_sign_error", "cos(u) is -sin(u)"),
    ("sin x", "-cos x", {}, "trig_sign_error", "sin(u) is cos(u)"),
    ("x^2 sin x", "2x sin x - x^2 cos x", {}, "trig_sign_error", "sin(x)"),
    ("tan x", "-sec(x)^2", {}, "trig_sign_error", "tan(u) is sec(u)^2"),
    ("x^2 + 5", "2x + 5", {}, "constant_term_kept", "The constant term 5"),
    ("sin(x^2 + 1)", "cos(x^2 + 1)(2x + 1)", {}, "constant_term_kept", "x^2 + 1"),
    ("sin(2x)", "2x cos(2x)", {}, "inner_function_as_chain_factor", "its derivative 2"),
    ("e^(x^2)", "x^2 e^(x^2)", {}, "inner_function_as_chain_factor", "x^2 itself"),
    ("(x^2+1)^3", "3(x^2+1)^3", {}, "inner_function_as_chain_factor", "x^2 + 1 itself"),
    ("x^3", "x^3", {}, "wrong_order", "the function itself"),
    ("x^3", "6x", {}, "wrong_order", "2nd derivative, but the 1st"),
    ("x^4", "4x^3", {"order": 2}, "wrong_order", "1st derivative, but the 2nd"),
    ("sin x", "-sin x", {"order": 3}, "wrong_order", "2nd derivative, but the 3rd"),
    ("x^4", "24", {"order": 3}, "wrong_order", "4th derivative, but the 3rd"),
    ("sin x", "cos x", {"order": 10}, "wrong_order", "9th derivative, but the 10th"),
]


@pytest.mark.parametrize(
    ("expression", "answer", "fields", "code", "part"),
    CATALOGUE,
    ids=[f"{row[3]}:{row[0]}->{row[1]}" for row in CATALOGUE],
)
def test_a_catalogue_mistake_is_named_with_the_actual_parts(
    expression: str, answer: str, fields: dict[str, Any], code: str, part: str
) -> None:
    result = checked(expression, answer, **fields)
    assert (result["correct"], result["method"]) == (False, "numeric")
    assert code in codes(result)
    assert part in next(item["message"] for item in result["feedback"] if item["code"] == code)


def test_wrong_order_is_named_only_when_no_other_mistake_matches() -> None:
    assert codes(checked("cos x", "sin x")) == ["trig_sign_error"]
    assert codes(checked("sin x", "-sin x")) == ["wrong_order"]


def test_include_expected_false_leaves_expected_null() -> None:
    assert checked("x^2", "3x", include_expected=False)["expected"] is None
    assert checked("x^2", "3x", include_expected=True)["expected"] == expression_object(2 * X)


AMBIGUOUS_ANSWERS = [
    # (function, answer as a learner types it, the text the message says to write)
    ("sqrt(x)", "1/2sqrt(x)", "1/(2sqrt(x))"),
    ("e^(2x)", "2e^2x", "2e^(2x)"),
    ("e^(-3x)", "-3e^-3x", "-3e^(-3x)"),
    ("x^(3/2)", "3/2x^1/2", "3/2x^(1/2)"),
    ("sin(x)^3", "3sin x^2 cos x", "3sin (x)^2 cos x"),
]


@pytest.mark.parametrize(("expression", "answer", "written"), AMBIGUOUS_ANSWERS)
def test_a_misreading_that_would_be_right_is_ambiguous_notation_not_a_calculus_mistake(
    expression: str, answer: str, written: str
) -> None:
    result = checked(expression, answer)
    assert result["correct"] is False
    assert codes(result) == ["ambiguous_notation"]
    assert f"written {written}, it would be right" in result["feedback"][0]["message"]


def test_a_warned_reading_that_is_wrong_either_way_gets_no_catalogue_code() -> None:
    result = checked("sqrt(x)", "1/2x")
    assert result["correct"] is False
    assert codes(result) == [INCORRECT]
    assert "more than one way" in result["feedback"][0]["message"]


@pytest.mark.parametrize(
    ("answer", "suggestion"),
    [("- sinx", "sin(x)"), ("xe^x", "x*e"), ("2X", "x"), ("3x^2 + C", "leave out C")],
)
def test_an_unknown_symbol_in_an_answer_comes_with_the_likely_intent(
    answer: str, suggestion: str
) -> None:
    with pytest.raises(UnknownSymbol) as raised:
        checked("x^3 + cos x", answer)
    assert raised.value.data["suggestion"] == suggestion
    assert raised.value.data["field"] == "answer"


@pytest.mark.parametrize(
    ("answer", "syntax", "said"),
    [
        ("\\frac{d}{dx}x^2", "latex", "'\\frac{d}{dx}' at position 0 is the derivative operator"),
        ("\\dfrac{d}{dx}(x^2)", "latex", "(2x, not \\dfrac{d}{dx} x^2)"),
        ("d/dx x^2", "plain", "'d/dx' at position 0 is the derivative operator"),
        ("y = 2x", "plain", "without y' ="),
        ("y' = 2x", "plain", "without y' ="),
        ("f'(x)=2x", "latex", "without y' ="),
    ],
)
def test_an_operator_or_equation_in_an_answer_is_refused_with_a_clear_message(
    answer: str, syntax: str, said: str
) -> None:
    with pytest.raises(ParseError) as raised:
        checked("x^2", answer, answer_syntax=syntax)
    assert said in raised.value.message
    assert raised.value.data["field"] == "answer"


def test_every_catalogue_code_has_a_row_in_the_table() -> None:
    assert {row[3] for row in CATALOGUE} == set(CODES)


NO_CATALOGUE_MISTAKE = [
    ("x^3", "5x"),
    ("x^2 sin x", "x^2 cos x + 3x sin x"),
    ("(x^2+1)/(x-3)", "1"),
    ("sin(x^2)", "2x sin(x^2)"),
    ("x^2 + 5", "2x + 4"),
]


@pytest.mark.parametrize(("expression", "answer"), NO_CATALOGUE_MISTAKE)
def test_a_wrong_answer_like_no_mistake_gets_only_the_neutral_incorrect_item(
    expression: str, answer: str
) -> None:
    result = checked(expression, answer)
    assert result["correct"] is False
    assert codes(result) == [INCORRECT]
    assert INCORRECT not in CODES


RIGHT_IN_ANOTHER_FORM = [
    ("x^2 sin x", "2x*sin(x) + x^2 cos x", {}, "symbolic"),
    ("x^2 sin x", "x*(x cos x + 2 sin x)", {}, "symbolic"),
    ("(x^2+1)/(x-3)", "(2x*(x-3) - (x^2+1))/(x-3)^2", {}, "symbolic"),
    ("tan x", "sec(x)^2", {}, "symbolic"),
    ("tan x", "1 + tan(x)^2", {}, "numeric"),
    ("sigmoid(x)", "exp(-x)/(1+exp(-x))^2", {}, "numeric"),
    ("sigmoid(x)", "sigmoid(x)(1 - sigmoid(x))", {}, "symbolic"),
    ("sin(x)^2", "sin(2x)", {}, "numeric"),
    ("ln(x^2)", "2/x", {}, "symbolic"),
    ("abs(x)", "x/abs(x)", {}, "numeric"),
    ("lam/2*w^2", "lam w", {"variable": "w"}, "symbolic"),
    ("sin x", "sin x", {"order": 4}, "symbolic"),
    (r"\frac{x^{2}+1}{x-3}", r"\frac{x^2-6x-1}{(x-3)^2}", {"syntax": "latex"}, "symbolic"),
    ("x^2 sin x", r"2x\sin x + x^{2}\cos x", {"answer_syntax": "latex"}, "symbolic"),
]


@pytest.mark.parametrize(("expression", "answer", "fields", "method"), RIGHT_IN_ANOTHER_FORM)
def test_a_right_answer_in_another_form_is_correct(
    expression: str, answer: str, fields: dict[str, Any], method: str
) -> None:
    result = checked(expression, answer, **fields)
    assert (result["correct"], result["method"], result["feedback"]) == (True, method, [])
    assert "reason" not in result


def test_expected_is_exactly_what_the_derivative_endpoint_answers() -> None:
    result = checked("(x^2+1)/(x-3)", "2x")
    tidy = differentiate(parse_expression("(x^2+1)/(x-3)"), X, 1, LIMITS)
    assert result["expected"] == expression_object(tidy)
    assert result["answer"] == expression_object(2 * X)


def test_an_answer_defined_nowhere_the_derivative_is_undecided_with_a_reason() -> None:
    result = checked("sqrt(x)", "sqrt(-x^2 - 1)")
    assert (result["correct"], result["reason"], result["feedback"]) == (None, TOO_FEW_POINTS, [])


def test_without_time_the_verdict_is_undecided_rather_than_guessed() -> None:
    body = {"expression": "x^2 sin x", "answer": "2x cos x"}
    result = run("check", body, Limits(deadline_seconds=0.0001))
    assert (result["correct"], result["reason"]) == (None, OUT_OF_TIME)


def test_the_same_seed_gives_the_same_answer_and_any_seed_the_same_verdict() -> None:
    for seed in (0, 1, 12345, 2**63 - 1):
        first = checked("sigmoid(x)", "exp(-x)/(1+exp(-x))^2", seed=seed)
        assert checked("sigmoid(x)", "exp(-x)/(1+exp(-x))^2", seed=seed) == first
        assert (first["correct"], first["method"]) == (True, "numeric")


def test_comparison_points_depend_only_on_the_seed() -> None:
    first = Comparison(X, [X], 7, deadline=float("inf")).points
    assert Comparison(X, [X], 7, deadline=float("inf")).points == first
    assert Comparison(X, [X], 8, deadline=float("inf")).points != first


def test_an_answer_that_does_not_parse_is_a_parse_error_of_the_answer_field() -> None:
    with pytest.raises(ParseError) as raised:
        checked("x^2", "2x +")
    assert raised.value.data["field"] == "answer"


def test_an_answer_with_a_symbol_the_function_lacks_is_an_unknown_symbol() -> None:
    with pytest.raises(UnknownSymbol) as raised:
        checked("x^2", "2y")
    assert (raised.value.data["field"], raised.value.data["name"]) == ("answer", "y")


def test_a_parameter_of_the_function_may_appear_in_the_answer() -> None:
    assert checked("a x^2", "2a x", variable="x")["correct"] is True
    assert codes(checked("a x^2 + b", "2a x + b", variable="x")) == ["constant_term_kept"]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(expressions())
def test_the_derivatives_own_text_and_sympys_raw_form_are_correct(expr: sp.Expr) -> None:
    text = to_text(expr)
    tidy = differentiate(expr, X, 1, LIMITS)
    assert checked(text, to_text(tidy), variable="x")["correct"] is True
    raw = sp.diff(expr, X)
    result = checked(text, to_text(raw), variable="x")
    assert result["correct"] is True, (text, to_text(raw))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(expressions())
def test_the_derivative_plus_one_is_never_correct(expr: sp.Expr) -> None:
    tidy = differentiate(expr, X, 1, LIMITS)
    result = checked(to_text(expr), to_text(tidy + 1), variable="x")
    assert result["correct"] is False
    assert result["feedback"], "a wrong answer always has feedback"
