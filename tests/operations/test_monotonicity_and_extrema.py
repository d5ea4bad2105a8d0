"""Intervals of increase and decrease, endpoints and absolute extrema (/v1/critical-points).

Hand-picked shapes a course meets (cusps, corners, vertical asymptotes, removable holes, a
constant stretch, extrema on an end), then properties on random functions checked against a
dense numeric scan: f' has the sign of each interval's direction, and the absolute extrema
are values f takes that no scanned value passes.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import mpmath
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from service.calculus.language.functions import to_elementary
from service.calculus.language.parser import parse_expression
from service.calculus.limits import Limits
from tests.calculus.strategies import SMOOTH_ATOMS, sums_of_atoms
from tests.operations.bodies import run as run_operation

LIMITS = Limits(deadline_seconds=120.0)
"""A generous deadline: these tests check the answers, not the soft time budgets."""
X = sp.Symbol("x", real=True)


def run(**body: Any) -> dict[str, Any]:
    return run_operation("critical-points", body, LIMITS)


def canonical(text: str) -> str:
    return (
        text
        if text in ("oo", "-oo")
        else str(run_operation("parse", {"expression": text})["expression"]["text"])
    )


def directions(result: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [(i["start"]["text"], i["end"]["text"], i["direction"]) for i in result["intervals"]]


def extremum(answer: dict[str, Any] | None) -> tuple[str, list[str], list[tuple[str, str]]] | None:
    if answer is None:
        return None
    stretches = [(s["start"]["text"], s["end"]["text"]) for s in answer["stretches"]]
    return answer["value"]["text"], [p["text"] for p in answer["at"]], stretches


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"expression": "x^(2/3)"}, [("-oo", "0", "decreasing"), ("0", "oo", "increasing")]),
        ({"expression": "abs(x)^(1/2)"}, [("-oo", "0", "decreasing"), ("0", "oo", "increasing")]),
        (
            {"expression": "abs(x^2 - 1)"},
            [
                ("-oo", "-1", "decreasing"),
                ("-1", "0", "increasing"),
                ("0", "1", "decreasing"),
                ("1", "oo", "increasing"),
            ],
        ),
        (
            {"expression": "x^2/(x - 1)"},
            [
                ("-oo", "0", "increasing"),
                ("0", "1", "decreasing"),
                ("1", "2", "decreasing"),
                ("2", "oo", "increasing"),
            ],
        ),
        ({"expression": "1/x^2"}, [("-oo", "0", "increasing"), ("0", "oo", "decreasing")]),
        (
            {"expression": "(x^2 - 1)/(x - 1)"},
            [("-oo", "1", "increasing"), ("1", "oo", "increasing")],
        ),
        ({"expression": "relu(x)"}, [("-oo", "0", "constant"), ("0", "oo", "increasing")]),
        ({"expression": "x^3"}, [("-oo", "0", "increasing"), ("0", "oo", "increasing")]),
        ({"expression": "sqrt(x)"}, [("0", "oo", "increasing")]),
        ({"expression": "x*exp(-x)"}, [("-oo", "1", "increasing"), ("1", "oo", "decreasing")]),
    ],
)
def test_intervals_split_at_critical_points_and_where_f_or_f1_is_undefined(
    body: dict[str, Any], expected: list[tuple[str, str, str]]
) -> None:
    result = run(**body)
    assert result["complete"]
    assert directions(result) == [(canonical(a), canonical(b), d) for a, b, d in expected]


@pytest.mark.parametrize(
    ("body", "minimum", "maximum"),
    [
        ({"expression": "x^2", "interval": [1, 3]}, ("1", ["1"], []), ("9", ["3"], [])),
        ({"expression": "x^(2/3)", "interval": [-8, 1]}, ("0", ["0"], []), ("4", ["-8"], [])),
        ({"expression": "abs(x - 1)", "interval": [-1, 2]}, ("0", ["1"], []), ("2", ["-1"], [])),
        (
            {"expression": "relu(x)", "interval": [-1, 1]},
            ("0", [], [("-1", "0")]),
            ("1", ["1"], []),
        ),
        (
            {"expression": "(x^2 - 1)/(x - 1)", "interval": [0, 2]},
            ("1", ["0"], []),
            ("3", ["2"], []),
        ),
        ({"expression": "1/x", "interval": [-1, 1]}, None, None),
        ({"expression": "x^3", "interval": ["-oo", "oo"]}, None, None),
        ({"expression": "exp(-x^2)", "interval": ["-oo", "oo"]}, None, ("1", ["0"], [])),
        ({"expression": "x^2/(x - 1)", "interval": [1, 3]}, ("4", ["2"], []), None),
        (
            {"expression": "cos(x)", "interval": [0, "2*pi"]},
            ("-1", ["pi"], []),
            ("1", ["0", "2*pi"], []),
        ),
    ],
)
def test_absolute_extrema_by_the_closed_interval_method(
    body: dict[str, Any], minimum: Any, maximum: Any
) -> None:
    result = run(**body)
    assert result["complete"]
    assert extremum(result["absolute"]["minimum"]) == minimum
    assert extremum(result["absolute"]["maximum"]) == maximum


def test_an_end_is_a_one_sided_extremum_by_the_slope_next_to_it() -> None:
    result = run(expression="x^3 - 3x", interval=[-2, 3])
    assert [(e["at"]["text"], e["value"]["text"], e["kind"]) for e in result["endpoints"]] == [
        ("-2", "-2", "minimum"),
        ("3", "18", "maximum"),
    ]


def test_an_end_where_f_is_undefined_is_no_endpoint() -> None:
    result = run(expression="1/x", interval=[0, 1])
    assert [e["at"]["text"] for e in result["endpoints"]] == ["1"]
    assert extremum(result["absolute"]["minimum"]) == ("1", ["1"], [])
    assert result["absolute"]["maximum"] is None


def scan(text: str, start: float, end: float, count: int = 2001) -> tuple[Any, list[mpmath.mpf]]:
    f = sp.lambdify(X, to_elementary(parse_expression(text)), modules="mpmath")
    step = (mpmath.mpf(end) - start) / (count - 1)
    return f, [start + k * step for k in range(count)]


def real(value: Any) -> mpmath.mpf | None:
    if isinstance(value, mpmath.mpc):
        if abs(value.imag) > 1e-20:
            return None
        value = value.real
    return value if mpmath.isfinite(value) else None


def check_against_scan(text: str, result: dict[str, Any], start: float, end: float) -> None:
    """Directions: f' has their sign inside; extrema: values of f no scanned value passes."""
    f, grid = scan(text, start, end)
    with mpmath.workdps(30):
        for item in result["intervals"]:
            low, high = mpmath.mpf(item["start"]["value"]), mpmath.mpf(item["end"]["value"])
            for k in range(1, 20):
                c = low + (high - low) * k / 20
                slope = real(mpmath.diff(f, c))
                if slope is None or abs(slope) < 1e-9:
                    continue
                wanted = {"increasing": 1, "decreasing": -1, "constant": 0}[item["direction"]]
                assert wanted != 0 and mpmath.sign(slope) == wanted, (item, c, slope)
        values = [v for v in (real(f(c)) for c in grid) if v is not None]
        for which, worst in (("minimum", min), ("maximum", max)):
            answer = result["absolute"][which]
            if answer is None:
                continue
            value = mpmath.mpf(answer["value"]["value"])
            tolerance = 1e-9 * max(1, abs(value))
            assert worst([value, *values]) == value or abs(worst(values) - value) < tolerance
            for point in answer["at"]:
                assert abs(f(mpmath.mpf(point["value"])) - value) < tolerance


coefficients = st.lists(st.integers(-5, 5), min_size=2, max_size=5).filter(lambda c: any(c[1:]))


@settings(max_examples=60, deadline=None)
@given(coefficients)
def test_polynomial_directions_and_extrema_agree_with_a_dense_scan(values: list[int]) -> None:
    text = " + ".join(f"({c})*x^{k}" for k, c in enumerate(values))
    result = run(expression=text, interval=[-2, 2])
    assert result["complete"]
    check_against_scan(text, result, -2, 2)
    assert result["absolute"]["minimum"] is not None and result["absolute"]["maximum"] is not None
    ends = [(i["start"]["value"], i["end"]["value"]) for i in result["intervals"]]
    assert ends[0][0] == -2 and ends[-1][1] == 2
    assert all(left[1] == right[0] for left, right in pairwise(ends))


@settings(max_examples=30, deadline=None)
@given(sums_of_atoms((*SMOOTH_ATOMS, "abs(x - 1)")))
def test_directions_and_extrema_of_random_functions_agree_with_a_dense_scan(text: str) -> None:
    result = run(expression=text, interval=[-3, 3])
    check_against_scan(text, result, -3, 3)
