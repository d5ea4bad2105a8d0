"""The numeric toolkit: one precision, one "is real" threshold, one way to compile to mpmath.

The tables of answers were recorded with the code before the toolkit was shared (when the
"is real" test had four thresholds): every call site keeps its answer.
"""

from __future__ import annotations

import ast
import time
from pathlib import Path

import mpmath
import pytest
import sympy as sp

from service.calculus.analysis.evaluation import NOT_REAL, real_value
from service.calculus.analysis.real_zeros import GridFunction, real_form, value_at
from service.calculus.analysis.sign_charts import sign_of
from service.calculus.errors import InvalidPoint
from service.calculus.language.building import symbol
from service.calculus.language.parser import parse_expression, parse_point
from service.calculus.numeric import (
    DIGITS,
    IMAGINARY_TOLERANCE,
    PointComparison,
    compile_mpmath,
    is_real_pair,
    real_part,
    real_value_at,
)

SERVICE = Path(__file__).resolve().parents[2] / "service"
X = symbol("x")
NOISE = "sqrt(sin(x)^2 + cos(x)^2 - 1)"
"""Zero everywhere, computed as a square root of a difference that cancels."""


def parsed(text: str) -> sp.Expr:
    return parse_expression(text, field="expression")


@pytest.mark.parametrize(
    ("real", "imaginary", "expected"),
    [
        (1, 0, True),
        (0, 1e-15, True),  # the root of a 30-digit rounding error
        (0, 1e-11, False),
        (1e6, 1e-7, True),  # relative to the size of the number
        (1e6, 1e-5, False),
        (mpmath.mpf(2), mpmath.mpf("1e-20"), True),
        (sp.Float(-3), sp.Float("1e-3"), False),
    ],
)
def test_a_number_is_real_when_its_imaginary_part_is_noise_next_to_its_size(
    real: object, imaginary: object, expected: bool
) -> None:
    assert is_real_pair(real, imaginary) is expected


def test_the_threshold_is_the_root_of_a_rounding_error_with_digits_to_spare() -> None:
    assert 10 ** (-DIGITS / 2) < IMAGINARY_TOLERANCE < 10 ** (-DIGITS / 2 + 4)


@pytest.mark.parametrize(
    ("text", "point", "value", "reason"),
    [
        (NOISE, "0.7", 0.0, None),
        (NOISE, "-10^-30", 0.0, None),
        ("sqrt(1 - x^2)", "1 - 10^-20", 1.414213562373095e-10, None),
        ("sqrt(1 - x^2)", "1 + 10^-20", None, NOT_REAL),
        ("sqrt(1 - x^2)", "-1", 0.0, None),
        ("log(x)", "-10^-30", None, NOT_REAL),
        ("log(x)", "1 + 10^-20", 1e-20, None),
        ("x^(1/3)", "-10^-30", -1e-10, None),
        ("sqrt(x^2 - 1)", "-2", 1.7320508075688772, None),
        ("asin(x)", "1 + 10^-20", None, NOT_REAL),
    ],
)
def test_real_values_keep_their_answers(
    text: str, point: str, value: float | None, reason: str | None
) -> None:
    result = real_value(parsed(text), {X: parse_point(point, field="at")})
    assert (result.value, result.reason) == (value, reason)


@pytest.mark.parametrize(
    ("text", "point", "expected"),
    [
        (NOISE, "0.7", 0.0),
        ("sqrt(1 - x^2)", "-1", 0.0),
        ("sqrt(1 - x^2)", "1 + 10^-20", None),
        ("sqrt(1 - x^2)", "0.7", 0.714142842854),
        ("log(x)", "-1", None),
        ("x^(1/3)", "-2", -1.259921049895),
    ],
)
def test_values_at_test_points_keep_their_answers(
    text: str, point: str, expected: float | None
) -> None:
    at = sp.Float(parse_point(point, field="at").evalf(DIGITS), DIGITS)
    value = value_at(real_form(parsed(text)), X, at)
    assert (None if value is None else round(float(value), 12)) == expected


@pytest.mark.parametrize(
    ("text", "real"),
    [
        ("sqrt(sin(1)^2 + cos(1)^2 - 1)", True),
        ("sqrt(1 - sin(1)^2 - cos(1)^2)", True),
        ("sqrt(pi - 3.14159265358979323846264338)", True),
        ("asin(sin(1)^2 + cos(1)^2)", True),
        ("sqrt(-2)", False),
        ("log(-1)", False),
        ("(-8)^(1/3)", False),
    ],
)
def test_constant_points_keep_their_answers(text: str, real: bool) -> None:
    if real:
        assert parse_point(text, field="at").is_number
    else:
        with pytest.raises(InvalidPoint):
            parse_point(text, field="at")


@pytest.mark.parametrize(
    ("text", "sign"),
    [
        ("sqrt(sin(1)^2 + cos(1)^2 - 1)", "zero"),
        ("sqrt(pi - 3.14159265358979323846264338)", "zero"),
        ("acos(cos(3))", "positive"),
        ("sqrt(2) - 1", "positive"),
    ],
)
def test_signs_of_constants_keep_their_answers(text: str, sign: str) -> None:
    assert sign_of(parsed(text)) == sign


@pytest.mark.parametrize(
    ("reference", "other", "equal"),
    [
        (NOISE, "0", True),
        (NOISE, f"{NOISE} + 10^-15", False),
        ("sqrt(1 - x^2)", "sqrt(1 - x^2)", True),
        ("sqrt(1 - x^2)", "2*(sqrt(1 - x^2))", False),
        ("asin(x)", "asin(x)", True),
        ("x^(1/3)", "x^(1/3)", True),
        ("sqrt(x^3 - x)", "sqrt(x^2)", False),
    ],
)
def test_numeric_comparisons_keep_their_answers(reference: str, other: str, equal: bool) -> None:
    comparison = PointComparison(parsed(reference), [X], 20260, time.monotonic() + 60)
    assert comparison.numerically(parsed(other)).equal is equal


@pytest.mark.parametrize("text", [NOISE, "sqrt(1 - x^2)", "log(x)", "x^(1/3)", "heaviside(x) * x"])
def test_the_grid_search_reads_values_as_the_toolkit_does(text: str) -> None:
    target = real_form(parsed(text))
    grid = GridFunction(target, X)
    function = compile_mpmath(target, [X])
    for point in ("-1.5", "-1", "-0.25", "0.7", "1", "2"):
        at = mpmath.mpf(point)
        with mpmath.workdps(DIGITS):
            direct = real_value_at(function, [at])
        ours = grid(at)
        assert (ours is None) == (direct is None)
        if ours is not None:
            assert abs(ours - direct) <= mpmath.mpf(10) ** (2 - DIGITS) * max(1, abs(direct))


def test_the_real_part_of_noise_is_kept_and_a_complex_number_is_refused() -> None:
    assert real_part(sp.Float(2) + sp.Float("2e-60") * sp.I) == sp.Float(2)
    assert real_part(sp.Float(2) + sp.Float("1e-3") * sp.I) is None
    assert real_part(sp.zoo) is None


NUMERIC_CALLS = ("lambdify", "workdps", "workprec")
PRECISION_CALLS = ("evalf", "N", "Float", "workdps")


def numeric_decisions(path: Path) -> list[str]:
    """What ``path`` decides numerically on its own instead of asking the toolkit."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Attribute) and node.attr == "imag":
            found.append(f"{node.lineno}: reads .imag")
        if isinstance(node, ast.Call):
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            if name == "lambdify":
                found.append(f"{node.lineno}: compiles with lambdify")
            literal = [a.value for a in node.args if isinstance(a, ast.Constant)]
            if name in PRECISION_CALLS and {DIGITS, 2 * DIGITS} & set(literal):
                found.append(f"{node.lineno}: {name} with a literal precision")
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
            names = [t.id for t in node.targets if isinstance(t, ast.Name)]
            if any(n.endswith("DIGITS") for n in names) and node.value.value in (DIGITS, 60):
                found.append(f"{node.lineno}: its own {names[0]}")
    return found


def test_every_numeric_decision_goes_through_the_toolkit() -> None:
    found = {
        str(path.relative_to(SERVICE)): decisions
        for path in SERVICE.rglob("*.py")
        if path.name != "numeric.py" and (decisions := numeric_decisions(path))
    }
    assert found == {}
