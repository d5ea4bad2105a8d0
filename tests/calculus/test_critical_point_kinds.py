"""Critical points in the core: the first-derivative test table and the tidying of values."""

from __future__ import annotations

from typing import Any

import pytest
import sympy as sp

from service.calculus.analysis.critical_points import first_derivative_kind
from service.calculus.analysis.stretches import tidy_value


def test_tidy_value_picks_the_shortest_form() -> None:
    r = sp.sqrt(sp.sqrt(205) / 10 + sp.Rational(3, 2))
    tidy = tidy_value(-(r**5) - r + 5 * r**3)
    assert sp.count_ops(tidy) < sp.count_ops(-(r**5) - r + 5 * r**3)
    assert float(tidy) == pytest.approx(float(-(r**5) - r + 5 * r**3))


@pytest.mark.parametrize(
    ("left", "right", "kind"),
    [
        ("negative", "positive", "minimum"),
        ("positive", "negative", "maximum"),
        ("positive", "positive", "neither"),
        ("negative", "negative", "neither"),
        (None, "positive", "minimum"),
        ("positive", None, "maximum"),
        ("zero", "positive", "minimum"),
        ("negative", "zero", "minimum"),
        ("zero", "zero", "neither"),
        (None, None, "neither"),
        ("zero", None, "neither"),
    ],
)
def test_the_first_derivative_test_table(left: Any, right: Any, kind: str) -> None:
    assert first_derivative_kind(left, right) == kind
