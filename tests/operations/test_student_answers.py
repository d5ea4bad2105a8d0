"""Learners' answers as they type them (tests/data/student-answers.json), via the operation.

Each pair gets the verdict, the feedback codes and the answer's reading warnings the table
gives, or the error and suggestion; the same table runs over HTTP in tests/e2e. A property:
an answer whose reading has another plausible reading never gets a catalogue code.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.calculus.errors import DerivError
from service.calculus.language.parser import read_warnings
from service.calculus.language.readings import AMBIGUOUS
from service.calculus.learning.checking import INCORRECT
from service.calculus.limits import Limits
from tests.operations.bodies import run

TABLE = json.loads(
    (Path(__file__).resolve().parents[1] / "data" / "student-answers.json").read_text()
)
PAIRS: list[dict[str, Any]] = TABLE["pairs"]
FIELDS = ("expression", "answer", "syntax", "answer_syntax", "variable", "order")
LIMITS = Limits(deadline_seconds=30.0)
"""A generous deadline, so that no verdict depends on how loaded the machine is."""


def request(pair: dict[str, Any]) -> dict[str, Any]:
    """The /v1/check body of a pair."""
    return {field: pair[field] for field in FIELDS if field in pair}


def pair_id(pair: dict[str, Any]) -> str:
    return f"{pair['expression']} -> {pair['answer']}"


def test_the_table_has_fifty_pairs_plain_and_latex_right_and_wrong() -> None:
    assert len(PAIRS) >= 50
    assert sum("latex" in (p.get("syntax"), p.get("answer_syntax")) for p in PAIRS) >= 15
    assert {p.get("correct") for p in PAIRS} == {True, False, None}
    assert {p["error"] for p in PAIRS if "error" in p} >= {"unknown_symbol", "parse_error"}


@pytest.mark.parametrize("pair", PAIRS, ids=pair_id)
def test_a_learners_answer_gets_the_verdict_feedback_and_warnings_of_the_table(
    pair: dict[str, Any],
) -> None:
    body = request(pair)
    if "error" in pair:
        with pytest.raises(DerivError) as raised:
            run("check", body, LIMITS)
        assert raised.value.code == pair["error"]
        assert raised.value.data["field"] == "answer"
        assert raised.value.data.get("suggestion") == pair.get("suggestion")
        return
    result = run("check", body, LIMITS)
    assert result["correct"] is pair["correct"]
    assert [item["code"] for item in result["feedback"]] == pair["feedback"]
    syntax = pair.get("answer_syntax") or pair.get("syntax") or "plain"
    warnings = read_warnings(pair["answer"], syntax=syntax, field="answer")
    expected = [w for w in pair["warnings"] if w.startswith("answer:")]
    assert [f"answer:{warning.code}" for warning in warnings] == expected


QUESTIONS = ["sqrt(x)", "e^(2x)", "x^(3/2)", "sin(x)^3", "ln(x)/2", "x^2 sin x", "2e^(-3x)"]
FACTORS = ["x", "sqrt(x)", "sin(x)", "(x+1)", "e^x", "x^2", "cos x"]


@st.composite
def warned_answers(draw: st.DrawFn) -> str:
    """An answer text with a reading that has another plausible reading (AMBIGUOUS)."""
    n = draw(st.integers(1, 9))
    m = draw(st.integers(n + 1, 12))
    factor = draw(st.sampled_from(FACTORS))
    shape = draw(
        st.sampled_from(
            [
                f"{n}/{m}{factor}",
                f"{n}e^{m}{factor}",
                f"{n}e^-{m}{factor}",
                f"x^{n}/{m}",
                f"{factor}^-{n}/{m}",
                f"{n}e-{m}{factor}",
                f"sin x^{n}",
                f"{n}cos x^{m} {factor}",
            ]
        )
    )
    extra = draw(st.sampled_from(["", " + 1", " - x", "*" + factor, " + cos(x)"]))
    return shape + extra


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(QUESTIONS), warned_answers())
def test_a_warned_reading_never_yields_a_catalogue_code(question: str, answer: str) -> None:
    warnings = read_warnings(answer, syntax="plain", field="answer")
    assert {warning.code for warning in warnings} & AMBIGUOUS, answer
    result = run("check", {"expression": question, "answer": answer}, LIMITS)
    codes = {item["code"] for item in result["feedback"]}
    assert codes <= {"ambiguous_notation", INCORRECT}, (question, answer, result["feedback"])
    assert bool(codes) == (result["correct"] is False)
