"""What both shape analyses build on a sign chart: values at the cut points, maximal runs.

``cut_values`` evaluates f, f′ (and f″) at every cut point as /v1/evaluate would
(``evaluation.chain_values``: "not differentiable" at kinks), within a soft budget.
``merged_runs`` joins neighbouring segments of the same sign across the cut points a rule
allows: the concavity and monotonicity intervals, typed (``ConcavityInterval``,
``DirectionInterval``) so that a later consumer (a plot shading them) reads exactly these.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

import sympy as sp

from service.calculus.analysis.evaluation import RealValue, chain_values
from service.calculus.analysis.sign_charts import Segment, Sign, SignChart
from service.calculus.budget import BudgetExceeded, soft_budget
from service.calculus.errors import TooComplex
from service.calculus.limits import Limits, tree_size

Concavity = Literal["up", "down", "undetermined"]
Direction = Literal["increasing", "decreasing", "constant"]
Kind = Literal["minimum", "maximum", "neither"]

CONCAVITY: dict[Sign, Concavity] = {"positive": "up", "negative": "down", "zero": "undetermined"}
DIRECTION: dict[Sign, Direction] = {
    "positive": "increasing",
    "negative": "decreasing",
    "zero": "constant",
}
VALUE_MAX_NODES = 60
"""Largest exact value f(c) shown; a longer one (Cardano's formula) is shown as a float."""


@dataclass(frozen=True)
class ConcavityInterval:
    """An open interval on which f is concave up or down (``undetermined``: f″ = 0 there)."""

    start: sp.Expr
    end: sp.Expr
    concavity: Concavity


@dataclass(frozen=True)
class DirectionInterval:
    """An open interval on which f is increasing, decreasing or constant."""

    start: sp.Expr
    end: sp.Expr
    direction: Direction


CutValues = list[list[RealValue] | None]
"""Per cut point, the values of f, f′, … there; None where they could not be computed."""


def cut_values(
    chain: Sequence[sp.Expr], var: sp.Symbol, chart: SignChart, limits: Limits, seconds: float
) -> tuple[CutValues, bool]:
    """f, f′, … at each cut point, and whether every one was computed within ``seconds``."""
    values: CutValues = [None] * len(chart.cuts)
    orders = list(range(len(chain)))
    finished = True
    try:
        with soft_budget(seconds):
            for index, cut in enumerate(chart.cuts):
                try:
                    values[index] = chain_values(chain, var, orders, {var: cut}, limits)
                except TooComplex:
                    finished = False
    except BudgetExceeded:
        finished = False
    return values, finished


def all_defined(values: list[RealValue] | None) -> bool:
    """True when every value at a cut point is known and a finite real number."""
    return values is not None and all(value.defined for value in values)


def chart_segments(chart: SignChart) -> tuple[tuple[int, Segment], ...]:
    """The segments with their indices, without the shifted copy a period chart starts with."""
    first = 1 if chart.period is not None else 0
    return tuple((index, chart.segments[index]) for index in range(first, len(chart.segments)))


def merged_runs(chart: SignChart, joins: Callable[[int, Sign], bool]) -> list[Segment]:
    """Segments inside the domain, neighbours of equal sign joined where ``joins(cut, sign)``."""
    runs: list[Segment] = []
    for index, segment in chart_segments(chart):
        if segment.sign is None:
            continue
        previous = runs[-1] if runs else None
        if (
            previous is not None
            and previous.end == segment.start
            and previous.sign == segment.sign
            and joins(index - 1, segment.sign)
        ):
            runs[-1] = Segment(previous.start, segment.end, segment.sign)
        else:
            runs.append(segment)
    return runs


def tidy_value(exact: sp.Expr) -> sp.Expr:
    """The shortest of the value, expanded, and expanded with common factors pulled out;
    a 17-digit Float when even that has more than ``VALUE_MAX_NODES`` nodes."""
    expanded = sp.expand(exact)
    best = min((exact, expanded, sp.factor_terms(expanded)), key=sp.count_ops)
    if tree_size(best, VALUE_MAX_NODES) > VALUE_MAX_NODES:
        return sp.Float(best.evalf(17), 17)
    return best


def tidy_values(values: Sequence[sp.Expr], seconds: float) -> list[sp.Expr]:
    """``tidy_value`` of each value while ``seconds`` last; the rest stay as they are."""
    tidied = list(values)
    try:
        with soft_budget(seconds):
            for index, value in enumerate(values):
                tidied[index] = tidy_value(value)
    except BudgetExceeded:
        pass
    return tidied
