"""Where a real function of one variable is zero, undefined, positive or negative.

The shared engine of /v1/concavity (the sign of f'') and /v1/critical-points (the sign of
f'). A *sign chart* of ``g`` on an open interval (a, b) is built in four steps:

1. Cut points: the real zeros of ``g`` and every point where ``g`` or one of the *domain
   expressions* (f itself) may be undefined or not smooth, strictly inside (a, b):
   zeros of denominators and of bases with non-integer exponents (``sqrt``, ``x^(-1/2)``),
   and each function's ``boundaries`` in the catalogue: the ends of its domain (``log``
   arguments at 0, ``asin``/``acos`` arguments at ±1), its poles (``cos``/``sin`` under
   ``tan sec``/``cot csc``) and its kinks (the arguments of ``abs sign heaviside relu cbrt``).
2. Zeros are found by ``real_zeros`` (its module says how: exactly, else numerically over
   a bounded interval). Zeros not found exactly make the chart *incomplete*; over an
   unbounded interval the chart is then ``EMPTY_CHART`` (never a wrong "no zeros").
3. Soundness check (``missed_zeros``): when every zero was found exactly by ``solveset``,
   a numeric scan looks for a sign change the cut points do not explain; finding one adds
   it and makes the chart incomplete.
4. Each open segment between neighbouring cut points gets the sign of ``g`` at one test
   point (``inner_point``), evaluated with ``numeric.DIGITS`` significant digits; a
   segment where a domain expression or ``g`` is not a finite real number has no sign: it
   lies outside the domain.

Zero threshold (``sign_of``): a value is ``zero`` when sympy proves the exact value is
zero, or when its numeric value (``numeric.DIGITS`` digits) satisfies
|v| ≤ ``ZERO_TOLERANCE``·max(1, s), where s is the largest absolute value of the value's
additive terms (a relative guard against cancellation). Anything else is ``positive`` or
``negative``; a value that is not a finite real number has no sign.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import Literal

import mpmath
import sympy as sp

from service.calculus.analysis.evaluation import real_value
from service.calculus.analysis.real_zeros import (
    MAX_CUTS,
    Roots,
    TooManyCuts,
    bounded,
    missed_zeros,
    real_form,
    real_zeros,
    value_at,
)
from service.calculus.budget import PLAN, BudgetExceeded, remaining, share, soft_budget
from service.calculus.errors import TooComplex
from service.calculus.language.catalogue import active
from service.calculus.language.functions import to_elementary
from service.calculus.language.printing import to_text
from service.calculus.limits import Limits, tree_size
from service.calculus.numeric import DIGITS, as_mpf, real_constant

Sign = Literal["positive", "negative", "zero"]

MIN_BUDGET = 0.01
"""Seconds below which an analysis is not started at all."""
ZERO_TOLERANCE = 1e-12
"""Relative threshold below which a numeric value counts as zero (``sign_of``)."""
ANALYSIS_MAX_NODES = 600
"""Largest expression (in nodes) that is analysed at all."""


@dataclass(frozen=True)
class Segment:
    """An open sub-interval and the sign there (None: outside the domain)."""

    start: sp.Expr
    end: sp.Expr
    sign: Sign | None


@dataclass(frozen=True)
class SignChart:
    """Sorted cut points, the segments between them, and whether the chart is exact.

    ``in_domain[i]`` tells whether every domain expression is defined at ``cuts[i]``.
    ``reason`` says in a sentence why an incomplete chart is incomplete. A ``period`` chart
    covers one period [0, T) of a periodic function (``periodic.period_chart``): its first
    cut is 0 and its first segment is the last one of the period shifted left by T.
    """

    cuts: tuple[sp.Expr, ...]
    in_domain: tuple[bool, ...]
    segments: tuple[Segment, ...]
    complete: bool
    reason: str | None = None
    period: sp.Expr | None = None


UNSOLVED = (
    "Where the derivative is zero or undefined could not be found exactly, and over an "
    "unbounded interval no numeric search is made: ask for a bounded interval."
)
TOO_LARGE = f"The derivative is too large to analyse (over {ANALYSIS_MAX_NODES} nodes)."
OUT_OF_TIME = "The analysis ran out of time before it could finish."
TOO_MANY = f"There are more than {MAX_CUTS} candidate points."
NUMERIC = "Some points were found by a numeric search (shown to 17 digits), not exactly."
MISSED = "A numeric check found a sign change the exact solution missed; it was added numerically."
EMPTY_CHART = SignChart(cuts=(), in_domain=(), segments=(), complete=False, reason=UNSOLVED)


def empty_chart(reason: str) -> SignChart:
    """An incomplete chart with no segments, saying why."""
    return replace(EMPTY_CHART, reason=reason)


def analysed_chart(
    expr: sp.Expr,
    var: sp.Symbol,
    interval: sp.Interval,
    function: sp.Expr,
    limits: Limits,
    started: float,
) -> SignChart:
    """``sign_chart`` of ``expr`` over the domain of ``function``, within the soft budget.

    The budget is ``PLAN.analysis`` of the deadline, cut short so that the analysis ends
    by ``PLAN.analysis_end`` of the deadline counted from ``started`` (the ``time.monotonic()``
    at which the operation began), leaving time to format the answer. An expression over
    ``ANALYSIS_MAX_NODES`` nodes, more than ``MAX_CUTS`` cut points, or the budget running
    out gives an empty chart saying so instead of an error. Over the whole line, a chart
    that cannot be made exact is replaced by the chart of one period when ``function`` is
    periodic (``periodic.period_chart``).
    """
    budget = min(share(limits, PLAN.analysis), remaining(limits, started, PLAN.analysis_end))
    if tree_size(expr, ANALYSIS_MAX_NODES) > ANALYSIS_MAX_NODES:
        return empty_chart(TOO_LARGE)
    if budget < MIN_BUDGET:
        return empty_chart(OUT_OF_TIME)
    try:
        with soft_budget(budget):
            chart = sign_chart(expr, var, interval, (function,), limits)
            if chart.segments or not (interval.start is -sp.oo and interval.end is sp.oo):
                return chart
            return period_chart(expr, var, function, limits)
    except BudgetExceeded:
        return empty_chart(OUT_OF_TIME)
    except TooComplex:
        return empty_chart(TOO_LARGE)
    except TooManyCuts:
        return empty_chart(TOO_MANY)


def defined_at(expr: sp.Expr, var: sp.Symbol, point: sp.Expr, limits: Limits) -> bool:
    """True when ``expr`` is a finite real number at ``point`` (``evaluation.real_value``)."""
    return real_value(expr, {var: point}, limits).defined


def sign_chart(
    expr: sp.Expr,
    var: sp.Symbol,
    interval: sp.Interval,
    domain_of: Sequence[sp.Expr],
    limits: Limits,
) -> SignChart:
    """The sign chart of ``expr`` on the open ``interval``, skipping where ``domain_of`` fails.

    ``segments`` has one more element than ``cuts``; ``segments[i]`` ends at ``cuts[i]``.
    An incomplete chart over an unbounded interval is ``EMPTY_CHART``. Raises
    ``TooComplex`` (from ``real_value``) or an internal error for more than ``MAX_CUTS``
    cuts; ``analysed_chart`` turns both into an empty chart.
    """
    found = [real_zeros(expr, var, interval)]
    for piece in (expr, *domain_of):
        found.extend(undefined_points(piece, var, interval))
    complete = all(roots.exact for roots in found)
    if not complete and not bounded(interval):
        return EMPTY_CHART
    reason = None if complete else NUMERIC
    cuts = sort_points(point for roots in found for point in roots.points)
    if complete:
        missed = missed_zeros(expr, var, interval, cuts)
        if missed:
            complete, reason, cuts = False, MISSED, sort_points(cuts + missed)
    if len(cuts) > MAX_CUTS:
        raise TooManyCuts
    ends = (interval.start, *cuts, interval.end)
    real_expr, real_domain = real_form(expr), [real_form(piece) for piece in domain_of]
    segments = tuple(
        Segment(start, end, _segment_sign(real_expr, var, start, end, real_domain))
        for start, end in pairwise(ends)
    )
    in_domain = tuple(
        all(defined_at(piece, var, cut, limits) for piece in domain_of) for cut in cuts
    )
    return SignChart(cuts, in_domain, segments, complete, reason)


def period_chart(expr: sp.Expr, var: sp.Symbol, function: sp.Expr, limits: Limits) -> SignChart:
    """The chart of ``expr`` over one period [0, T) of a periodic ``function`` (incomplete).

    The chart of the open (0, T) gets 0 as its first cut, with the period's last segment
    shifted left by T before it, so that 0 is judged from both sides like any cut. Not
    periodic (or no period sympy can find): ``EMPTY_CHART``.
    """
    period = _period(function, var)
    if period is None:
        return EMPTY_CHART
    shown = to_text(period)
    periodic = f"The function is periodic with period {shown}"
    one = sign_chart(expr, var, sp.Interval(0, period), (function,), limits)
    if not one.segments:
        return empty_chart(f"{periodic}, but no period could be analysed exactly.")
    last = one.segments[-1]
    return SignChart(
        cuts=(sp.S.Zero, *one.cuts),
        in_domain=(defined_at(function, var, sp.S.Zero, limits), *one.in_domain),
        segments=(Segment(last.start - period, sp.S.Zero, last.sign), *one.segments),
        complete=False,
        reason=(
            f"{periodic}: the intervals and points shown cover one period, [0, {shown}), "
            f"and repeat every {shown} (add any whole multiple of {shown})."
            + (f" {one.reason}" if one.reason else "")
        ),
        period=period,
    )


def _period(function: sp.Expr, var: sp.Symbol) -> sp.Expr | None:
    """The period sympy finds for ``function`` (a positive constant), else None."""
    try:
        period = sp.periodicity(to_elementary(function), var)
    except BudgetExceeded:
        raise
    except Exception:  # sympy raises assorted errors for what it cannot decide
        return None
    if period is None or not period.is_number or period.is_positive is not True:
        return None
    return period


def undefined_points(expr: sp.Expr, var: sp.Symbol, interval: sp.Interval) -> list[Roots]:
    """Points where ``expr`` may be undefined or not differentiable (see the module doc)."""
    return [real_zeros(part, var, interval) for part in _boundary_expressions(expr, var)]


def sort_points(points: Iterable[sp.Expr]) -> tuple[sp.Expr, ...]:
    """Distinct points in increasing order (numerically equal points are merged)."""
    keyed = sorted(((as_mpf(point), point) for point in points), key=lambda pair: pair[0])
    result: list[sp.Expr] = []
    last: mpmath.mpf | None = None
    for value, point in keyed:
        if last is None or abs(value - last) > mpmath.mpf(10) ** (4 - DIGITS) * max(1, abs(value)):
            result.append(point)
            last = value
    return tuple(result)


def sign_of(value: sp.Expr) -> Sign | None:
    """The sign of a constant under the zero threshold; None when not a finite real."""
    if value.is_zero is True:
        return "zero"
    number = real_constant(value)
    if number is None:
        return None
    scale = max(
        [sp.Float(1)]
        + [abs(term.evalf(DIGITS)) for term in sp.Add.make_args(value) if term.is_number]
    )
    if abs(number) <= ZERO_TOLERANCE * scale:
        return "zero"
    return "positive" if number > 0 else "negative"


def inner_point(start: sp.Expr, end: sp.Expr) -> sp.Expr:
    """A point strictly inside the open segment (start, end)."""
    if start.is_infinite and end.is_infinite:
        return sp.S.Zero
    if start.is_infinite:
        return _simple_below(end)
    if end.is_infinite:
        return -_simple_below(-start)
    return (start + end) / 2


def _simple_below(end: sp.Expr) -> sp.Expr:
    """A simple number below ``end``: the integer below it minus one."""
    return sp.Integer(int(mpmath.floor(as_mpf(end)))) - 1


def _segment_sign(
    expr: sp.Expr, var: sp.Symbol, start: sp.Expr, end: sp.Expr, domain_of: Sequence[sp.Expr]
) -> Sign | None:
    point = inner_point(start, end)
    if any(value_at(piece, var, point) is None for piece in domain_of):
        return None
    value = value_at(expr, var, point)
    return None if value is None else sign_of(value)


def _boundary_expressions(expr: sp.Expr, var: sp.Symbol) -> list[sp.Expr]:
    """Expressions whose zeros bound the domain of ``expr`` or mark its kinks."""
    parts: list[sp.Expr] = []
    catalogue = active()
    for node in sp.preorder_traversal(expr):
        if not isinstance(node, sp.Basic) or var not in node.free_symbols:
            continue
        if isinstance(node, sp.Pow) and var in node.base.free_symbols:
            if not (node.exp.is_integer and node.exp.is_nonnegative):
                parts.append(node.base)
        elif (entry := catalogue.of(node)) is not None:
            parts.extend(entry.boundaries(node.args[0]))
    return list(dict.fromkeys(parts))
