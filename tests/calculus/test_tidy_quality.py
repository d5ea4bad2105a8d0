"""Tidying never gets worse: every bench-corpus derivative is no longer than when recorded.

tests/data/tidy-operation-counts.json holds ``sympy.count_ops`` of each tidy derivative
(orders 1..n) as the service computed it before any speed work; a faster path must not
buy its speed with a longer answer.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import sympy as sp

from service.calculus.differentiation.derivative import choose_variable, derivative_chain
from service.calculus.language.parser import parse_expression
from tests.unhurried import UNHURRIED

RECORDED = json.loads(
    (Path(__file__).parent.parent / "data" / "tidy-operation-counts.json").read_text()
)["cases"]


@pytest.mark.parametrize("case", RECORDED, ids=[case["expression"] for case in RECORDED])
def test_no_tidy_derivative_of_the_bench_corpus_is_longer_than_recorded(
    case: dict[str, Any],
) -> None:
    expr = parse_expression(case["expression"])
    var = choose_variable(expr, case["variable"])
    chain = derivative_chain(expr, var, len(case["operations"]), UNHURRIED)
    counts = [int(sp.count_ops(derivative)) for derivative in chain[1:]]
    assert all(now <= then for now, then in zip(counts, case["operations"], strict=True)), (
        counts,
        case["operations"],
    )
