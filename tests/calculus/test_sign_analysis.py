"""Sign charts: exact zeros, undefined points, signs per segment, and the numeric fallback."""

from __future__ import annotations

import time
from itertools import pairwise

import mpmath
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from service.calculus.analysis.real_zeros import missed_zeros, real_form, real_zeros
from service.calculus.analysis.sign_charts import (
    EMPTY_CHART,
    SignChart,
    analysed_chart,
    inner_point,
    sign_chart,
    sign_of,
    sort_points,
    undefined_points,
)
from service.calculus.language.functions import cbrt, relu
from service.calculus.limits import Limits
from service.calculus.numeric import as_mpf as numeric

X = sp.Symbol("x", real=True)
LINE = sp.Interval(-sp.oo, sp.oo)
LIMITS = Limits()


def chart_of(
    expr: sp.Expr, interval: sp.Interval = LINE, function: sp.Expr | None = None
) -> SignChart:
    return sign_chart(expr, X, interval, () if function is None else (function,), LIMITS)


def signs(chart: SignChart) -> list[str | None]:
    return [segment.sign for segment in chart.segments]


@pytest.mark.parametrize(
    ("expr", "cuts", "expected"),
    [
        (6 * X, [0], ["negative", "positive"]),
        (12 * X**2, [0], ["positive", "positive"]),
        (2 / X**3, [0], ["negative", "positive"]),
        (sp.exp(X), [], ["positive"]),
        (
            2 * (2 * X**2 - 1) * sp.exp(-(X**2)),
            [-sp.sqrt(2) / 2, sp.sqrt(2) / 2],
            ["positive", "negative", "positive"],
        ),
        (sp.sign(X), [0], ["negative", "positive"]),
        (-2 / (9 * cbrt(X) ** 5), [0], ["positive", "negative"]),
    ],
)
def test_exact_charts_on_the_real_line(
    expr: sp.Expr, cuts: list[sp.Expr], expected: list[str]
) -> None:
    chart = chart_of(expr)
    assert chart.complete
    assert list(chart.cuts) == cuts
    assert signs(chart) == expected


def test_a_segment_outside_the_domain_of_f_has_no_sign() -> None:
    chart = chart_of(-1 / X**2, function=sp.log(X))
    assert chart.cuts == (0,)
    assert signs(chart) == [None, "negative"]
    assert chart.in_domain == (False,)


def test_sine_on_the_whole_line_is_incomplete_and_empty_never_a_wrong_none() -> None:
    assert chart_of(-sp.sin(X)) == EMPTY_CHART
    assert EMPTY_CHART.reason is not None and "bounded interval" in EMPTY_CHART.reason


def test_sine_on_a_bounded_interval_intersects_the_infinite_zero_set() -> None:
    chart = chart_of(-sp.sin(X), sp.Interval(0, 2 * sp.pi))
    assert chart.complete
    assert chart.cuts == (sp.pi,)
    assert signs(chart) == ["negative", "positive"]


def test_tangent_poles_inside_an_interval_are_cut_points() -> None:
    chart = chart_of(sp.tan(X) ** 2 + 1, sp.Interval(-3, 3), sp.tan(X))
    assert chart.cuts == (-sp.pi / 2, sp.pi / 2)
    assert chart.in_domain == (False, False)


def test_an_unsolvable_equation_on_a_bounded_interval_falls_back_to_verified_brackets() -> None:
    chart = chart_of(sp.exp(X) - 6 * X, sp.Interval(-10, 10))
    assert not chart.complete
    assert len(chart.cuts) == 2
    for cut in chart.cuts:
        value = mpmath.exp(numeric(cut)) - 6 * numeric(cut)
        assert abs(value) < 1e-12
    assert signs(chart) == ["positive", "negative", "positive"]


def test_an_unsolvable_equation_on_the_whole_line_gives_the_empty_chart() -> None:
    assert chart_of(sp.exp(X) - 6 * X) == EMPTY_CHART


def test_a_cubic_with_three_irrational_roots_is_solved_exactly() -> None:
    roots = real_zeros(X**3 - 3 * X + 1, X, LINE)
    assert roots.exact
    assert [round(float(numeric(r)), 10) for r in roots.points] == [
        round(2 * float(mpmath.cos(mpmath.pi * k / 9)), 10) for k in (8, 4, 2)
    ]


def test_biquadratic_roots_come_back_as_radicals() -> None:
    roots = real_zeros(5 * X**4 - 15 * X**2 + 1, X, LINE)
    assert roots.exact
    assert all(not isinstance(root, sp.Float) for root in roots.points)
    assert all(abs(5 * numeric(r) ** 4 - 15 * numeric(r) ** 2 + 1) < 1e-12 for r in roots.points)


def test_zero_runs_contribute_their_ends() -> None:
    assert real_zeros(sp.Heaviside(X) - 1, X, LINE).points == (0,)


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        (1 / X, [0]),
        (sp.sqrt(X - 1), [1]),
        (sp.log(X + 2), [-2]),
        (sp.Abs(X - 3), [3]),
        (relu(X + 1), [-1]),
        (sp.asin(X), [-1, 1]),
        (X**2 + sp.exp(X), []),
    ],
)
def test_undefined_points_and_kinks(expr: sp.Expr, expected: list[int]) -> None:
    found = [p for roots in undefined_points(expr, X, LINE) for p in roots.points]
    assert sorted(found, key=numeric) == expected


def test_odd_roots_of_negative_numbers_are_real() -> None:
    assert real_form(X ** sp.Rational(1, 3)).evalf(20, subs={X: -8}) == pytest.approx(-2)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (sp.sin(sp.pi), "zero"),
        (sp.sqrt(2) * sp.sqrt(3) - sp.sqrt(6), "zero"),
        (sp.Float("1e-13"), "zero"),
        (sp.Float("1e-11"), "positive"),
        (sp.Add(sp.exp(40), -sp.exp(40) * (1 + sp.Rational(1, 10**13)), evaluate=False), "zero"),
        (-sp.Rational(1, 10**6), "negative"),
        (sp.zoo, None),
        (sp.I, None),
    ],
)
def test_the_zero_threshold(value: sp.Expr, expected: str | None) -> None:
    assert sign_of(value) == expected


def test_points_are_sorted_and_numerically_equal_ones_merged() -> None:
    points = [sp.sqrt(2), sp.Integer(1), sp.Float(1.0), sp.pi, -sp.sqrt(2)]
    assert sort_points(points) == (-sp.sqrt(2), 1, sp.sqrt(2), sp.pi)


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (-sp.oo, sp.oo),
        (-sp.oo, sp.pi),
        (sp.sqrt(2), sp.oo),
        (sp.Integer(0), sp.Rational(1, 10**9)),
        (sp.Integer(-3), sp.Integer(-2)),
    ],
)
def test_the_test_point_lies_strictly_inside(start: sp.Expr, end: sp.Expr) -> None:
    point = numeric(inner_point(start, end))
    assert start == -sp.oo or point > numeric(start)
    assert end == sp.oo or point < numeric(end)


def test_an_expression_over_the_node_guard_is_not_analysed() -> None:
    big = sum((X + k) ** 2 * sp.sin(k * X) for k in range(1, 80))
    chart = analysed_chart(big, X, LINE, big, LIMITS, time.monotonic())
    assert (chart.segments, chart.complete) == ((), False)
    assert chart.reason == "The derivative is too large to analyse (over 600 nodes)."


def test_the_soft_budget_ends_a_long_analysis_with_an_incomplete_chart() -> None:
    short = Limits(deadline_seconds=0.2)
    interval = sp.Interval(-(10**6), 10**6)
    began = time.monotonic()
    chart = analysed_chart(sp.sin(X), X, interval, sp.sin(X), short, began)
    assert (chart.segments, chart.complete) == ((), False)
    assert chart.reason == "The analysis ran out of time before it could finish."
    assert time.monotonic() - began < 2.0  # a 0.1 s budget; 20x for a loaded machine


def test_an_analysis_started_too_late_is_not_attempted() -> None:
    late = time.monotonic() - LIMITS.deadline_seconds
    chart = analysed_chart(6 * X, X, LINE, X**3, LIMITS, late)
    assert (chart.segments, chart.complete) == ((), False)
    assert analysed_chart(6 * X, X, LINE, X**3, LIMITS, time.monotonic()).complete


coefficients = st.lists(st.integers(-6, 6), min_size=2, max_size=6).filter(lambda c: any(c[1:]))


@settings(max_examples=100, deadline=None)
@given(coefficients)
def test_polynomial_charts_match_a_dense_numeric_scan(coefficients: list[int]) -> None:
    expr = sum(c * X**k for k, c in enumerate(coefficients))
    chart = chart_of(expr)
    assert chart.complete
    values = [float(c) for c in reversed(coefficients)]
    for cut in chart.cuts:
        assert abs(mpmath.polyval(values, numeric(cut))) < 1e-9 * max(1, abs(numeric(cut))) ** 5
    for segment in chart.segments:
        point = numeric(inner_point(segment.start, segment.end))
        value = mpmath.polyval(values, point)
        assert segment.sign == ("positive" if value > 0 else "negative")
    grid = [mpmath.mpf(i) / 20 for i in range(-200, 201)]
    for left, right in pairwise(grid):
        if mpmath.polyval(values, left) * mpmath.polyval(values, right) < 0:
            assert any(left <= numeric(cut) <= right for cut in chart.cuts)


def test_the_soundness_check_finds_zeros_the_cut_points_do_not_explain() -> None:
    missed = missed_zeros(sp.sin(X), X, sp.Interval(0, 10), [sp.pi])
    assert [round(float(numeric(p)), 12) for p in missed] == [
        round(2 * float(mpmath.pi), 12),
        round(3 * float(mpmath.pi), 12),
    ]


def test_the_soundness_check_accepts_a_complete_answer_and_poles() -> None:
    cuts = [-sp.pi / 2, sp.Integer(0), sp.pi / 2]
    assert missed_zeros(sp.tan(X), X, sp.Interval(-3, 3), cuts) == ()


def test_the_soundness_check_scans_a_window_of_an_unbounded_interval() -> None:
    missed = [numeric(p) for p in missed_zeros(sp.sin(X) - X / 30, X, LINE, [sp.Integer(0)])]
    assert len(missed) == 12
    assert all(abs(mpmath.sin(p) - p / 30) < 1e-12 and 0 < abs(p) < 20 for p in missed)
