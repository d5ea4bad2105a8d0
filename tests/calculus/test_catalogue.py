"""The catalogue is the one place a function is described: a throwaway entry reaches every part.

``coth`` is not whitelisted. Added as one entry to a copy of the catalogue, it is parsed
(plain and LaTeX), differentiated by its own rule in traces, evaluated with its poles
honoured and cut at its pole in a sign chart, and its misconception variants are offered;
without the entry none of that happens.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace

import mpmath
import pytest
import sympy as sp

from service.calculus.analysis.evaluation import POLE, real_value
from service.calculus.analysis.sign_charts import sign_chart
from service.calculus.differentiation.derivative import differentiate
from service.calculus.differentiation.dispatch import derivative_steps, iter_rules
from service.calculus.differentiation.rendering import Step
from service.calculus.differentiation.traces import trace
from service.calculus.errors import UnknownFunction
from service.calculus.language.catalogue import WHITELIST, active, evaluated, using
from service.calculus.language.entries import TRIG_SIGN_ERROR, Entry, Spelling, Wording
from service.calculus.language.parser import parse_expression
from service.calculus.learning.misconceptions import mistakes
from service.calculus.limits import Limits

X = sp.Symbol("x", real=True)
LIMITS = Limits()
COTH_FORMULA = r"\frac{d}{dx} \coth x = -\frac{1}{\sinh^{2} x}"
COTH = Entry(
    "coth",
    sp.coth,
    (Spelling("coth", evaluated(sp.coth)),),
    lambda u: -1 / sp.sinh(u) ** 2,
    Wording("Hyperbolic cotangent", COTH_FORMULA, "Minus one over sinh squared."),
    poles_where_zero=sp.sinh,
)


@pytest.fixture
def with_coth() -> Iterator[None]:
    with using(active().with_entry(COTH)):
        yield


def parse(text: str, syntax: str = "plain") -> sp.Expr:
    return parse_expression(text, syntax=syntax, limits=LIMITS)


def steps(step: Step) -> list[Step]:
    return [step, *(found for sub in step.substeps for found in steps(sub))]


def test_the_whitelist_is_the_catalogue_in_use() -> None:
    assert active() is WHITELIST
    assert "coth" not in WHITELIST.spellings


def test_without_the_entry_coth_is_an_unknown_function() -> None:
    with pytest.raises(UnknownFunction):
        parse("coth(x)")


@pytest.mark.usefixtures("with_coth")
def test_parsing_reads_the_new_function_in_both_syntaxes() -> None:
    assert parse("coth(2x)") == sp.coth(2 * X)
    assert parse(r"\coth{x^2}", "latex") == sp.coth(X**2)
    assert parse("coth x") == sp.coth(X)


@pytest.mark.usefixtures("with_coth")
def test_differentiation_agrees_with_sympy() -> None:
    expr = parse("x*coth(x^2)")
    derivative = differentiate(expr, X, 1, LIMITS)
    expected = sp.diff(X * sp.coth(X**2), X)
    assert sp.simplify((derivative - expected).rewrite(sp.exp)) == 0


@pytest.mark.usefixtures("with_coth")
def test_the_trace_names_the_new_rule_with_its_wording() -> None:
    traces = trace(parse("coth(x^2)"), X, 1, "full", LIMITS)
    named = [step for step in steps(traces.trees[0]) if step.rule == "coth"]
    assert [step.formula for step in named] == [COTH_FORMULA]
    assert traces.trees[0].rule == "chain"


def test_without_the_entry_a_trace_has_no_coth_step() -> None:
    rules = [rule.name for rule in iter_rules(derivative_steps(sp.coth(X), X))]
    assert "coth" not in rules and rules[0] == "rewrite"


@pytest.mark.usefixtures("with_coth")
def test_evaluation_matches_mpmath_and_honours_the_pole() -> None:
    value = real_value(parse("coth(x)"), {X: sp.Rational(1, 2)}, LIMITS)
    assert value.value == pytest.approx(float(mpmath.coth(0.5)), rel=1e-15)
    at_pole = real_value(parse("coth(x)"), {X: sp.S.Zero}, LIMITS)
    assert (at_pole.defined, at_pole.reason) == (False, POLE)


def test_without_the_entry_the_pole_is_no_pole() -> None:
    assert real_value(sp.coth(X), {X: sp.S.Zero}, LIMITS).reason != POLE


@pytest.mark.usefixtures("with_coth")
def test_sign_analysis_cuts_at_the_pole() -> None:
    coth = parse("coth(x)")
    chart = sign_chart(coth, X, sp.Interval(-sp.oo, sp.oo), (coth,), LIMITS)
    assert chart.cuts == (0,)
    assert chart.in_domain == (False,)
    assert [segment.sign for segment in chart.segments] == ["negative", "positive"]


def test_misconceptions_read_the_entry_variants() -> None:
    chain = (sp.coth(X), -1 / sp.sinh(X) ** 2)
    variant = replace(COTH, misconceptions=(TRIG_SIGN_ERROR,))
    deadline = time.monotonic() + 60
    with using(active().with_entry(COTH)):
        plain = {m.code for m in mistakes(chain, X, deadline, 500)}
    with using(active().with_entry(variant)):
        codes = {m.code for m in mistakes(chain, X, deadline, 500)}
    assert TRIG_SIGN_ERROR not in plain
    assert codes - plain == {TRIG_SIGN_ERROR}
