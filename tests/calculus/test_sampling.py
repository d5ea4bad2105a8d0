"""The plot sampler: curves break at poles and jumps, not at cusps; points lie on the curve."""

from __future__ import annotations

import math

import mpmath
import pytest
import sympy as sp
from hypothesis import given, settings

from service.calculus.analysis.sampling import robust_range, sample_curve
from service.calculus.language.parser import parse_expression
from tests.calculus.strategies import expressions

x = sp.Symbol("x", real=True)


def curve(text: str, start: float, end: float):  # type: ignore[no-untyped-def]
    return sample_curve(parse_expression(text), x, start, end)


def spans(text: str, start: float, end: float) -> list[tuple[float, float]]:
    return [(s[0][0], s[-1][0]) for s in curve(text, start, end).segments if len(s) > 1]


def independent_value(expr: sp.Expr, at: float) -> float | None:
    """f(at) by sympy's own evalf (odd roots real, by ``sp.real_root``, as SPEC §1.1 says)."""
    real = expr.replace(
        lambda e: e.is_Pow and e.exp.is_Rational and e.exp.q % 2 == 1 and e.exp.q > 1,
        lambda e: sp.real_root(e.base, e.exp.q) ** e.exp.p,
    )
    with mpmath.workdps(30):
        value = sp.N(real.subs(x, sp.Float(at, 30)), 20)
    if value.is_real is not True or not value.is_finite:
        return None
    return float(value)


@pytest.mark.parametrize(
    ("text", "start", "end", "breaks"),
    [
        ("tan(x)", -3, 3, [-math.pi / 2, math.pi / 2]),
        ("1/x", -2, 2, [0.0]),
        ("1/(x^2-1)", -3, 3, [-1.0, 1.0]),
        ("sign(x)", -1, 1, [0.0]),
        ("heaviside(x - 1/3)", -1, 1, [1 / 3]),
        ("sin(1/x)", -1, 1, [0.0]),
    ],
)
def test_a_curve_breaks_at_each_pole_or_jump(
    text: str, start: float, end: float, breaks: list[float]
) -> None:
    found = spans(text, start, end)
    assert len(found) == len(breaks) + 1
    for (_, left_end), (right_start, _), at in zip(found[:-1], found[1:], breaks, strict=True):
        assert left_end <= at <= right_start
        assert right_start - left_end < 0.01


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("x^(2/3)", -2, 2),
        ("abs(x)", -1, 1),
        ("x^(1/3)*(x - 4)", -2, 6),
        ("relu(x)", -1, 1),
        ("tanh(40*x)", -1, 1),
        ("5", -1, 1),
    ],
)
def test_cusps_corners_steep_and_flat_curves_stay_unbroken(
    text: str, start: float, end: float
) -> None:
    assert spans(text, start, end) == [(start, end)]


@pytest.mark.parametrize(
    ("text", "start", "end", "defined_from", "defined_to"),
    [
        ("sqrt(x)", -1, 4, 0.0, 4.0),
        ("ln(x)", -1, 3, 0.0, 3.0),
        ("sqrt(1 - x^2)", -2, 2, -1.0, 1.0),
        ("asin(x)", -3, 3, -1.0, 1.0),
    ],
)
def test_a_curve_reaches_the_edges_of_its_domain(
    text: str, start: float, end: float, defined_from: float, defined_to: float
) -> None:
    [(first, last)] = spans(text, start, end)
    assert first == pytest.approx(defined_from, abs=1e-5)
    assert last == pytest.approx(defined_to, abs=1e-5)


def test_a_curve_defined_nowhere_has_no_segments_and_no_range() -> None:
    nowhere = curve("sqrt(x)", -3, -1)
    assert nowhere.segments == ()
    assert nowhere.y_range is None


def test_the_range_ignores_blow_ups_near_poles_but_keeps_a_whole_curve() -> None:
    tan_range = curve("tan(x)", -3, 3).y_range
    assert tan_range is not None
    assert 2 < tan_range[1] < 100
    assert -100 < tan_range[0] < -2
    assert curve("x^3 - 3x", -3, 3).y_range == pytest.approx((-18, 18))


def test_robust_range_of_a_constant_is_padded() -> None:
    assert robust_range([2.0, 2.0]) == (1.0, 3.0)
    assert robust_range([]) is None


def test_the_sampler_adds_points_where_the_curve_bends() -> None:
    [wavy] = curve("sin(20*x)", 0, 3).segments
    [straight] = curve("2*x + 1", 0, 3).segments
    assert len(wavy) > 2 * len(straight)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [("tan(x)", -3, 3), ("x^(2/3)", -2, 2), ("ln(x)", -1, 3), ("sign(x)*x^2", -1, 1)],
)
def test_every_sampled_point_lies_on_the_curve(text: str, start: float, end: float) -> None:
    expr = parse_expression(text)
    for segment in sample_curve(expr, x, start, end).segments:
        for px, py in segment[:: max(1, len(segment) // 25)]:
            expected = independent_value(expr, px)
            assert expected is not None
            assert py == pytest.approx(expected, rel=1e-9, abs=1e-9)


@settings(max_examples=40, deadline=None)
@given(expressions(max_leaves=6))
def test_sampled_points_of_generated_expressions_agree_with_sympy(expr: sp.Expr) -> None:
    sampled = sample_curve(expr, x, -2.0, 2.0)
    for segment in sampled.segments:
        for px, py in segment[:: max(1, len(segment) // 8)]:
            expected = independent_value(expr, px)
            if expected is not None:
                assert py == pytest.approx(expected, rel=1e-7, abs=1e-7)
