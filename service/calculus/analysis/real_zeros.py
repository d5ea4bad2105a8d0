"""Real zeros of a real function of one variable, exactly where possible, else numerically.

Zeros are solved exactly on ``real_form`` (custom functions rewritten with
``to_elementary``, odd roots of negatives real as ``real_value`` reads them): polynomials
and rational functions by isolating the real roots of the numerator (``real_roots``; shown
as radicals when short, else as 17-digit floats), anything else by ``solveset`` over the
open interval. A solution set made of points and intervals is exact. A set with infinitely
many points (the ``ImageSet`` of ``sin`` on the whole line), a ``ConditionSet`` or a solver
error is not: over a bounded interval the zeros are then searched numerically
(``numeric_zeros``: sign changes on a grid of ``GRID_POINTS`` points, each bracket bisected
and verified). ``missed_zeros`` is the numeric soundness check of an exact answer.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

import mpmath
import sympy as sp

from service.calculus.budget import BudgetExceeded
from service.calculus.language.functions import to_elementary
from service.calculus.limits import tree_size
from service.calculus.numeric import (
    DIGITS,
    NumericFunction,
    as_mpf,
    compile_mpmath,
    real_constant,
    real_part,
    real_value_at,
)

GRID_POINTS = 400
"""Grid points of the numeric sign-change search over a bounded interval."""
BISECTION_STEPS = 80
"""Bisection steps refining one numeric bracket."""
MAX_CUTS = 200
"""Most cut points one chart may have; more make it incomplete (and empty)."""
CHECK_WINDOW = 20
"""How far past the outermost exact zero the soundness check scans an unbounded interval."""
RADICAL_MAX_NODES = 40
"""Largest radical (in nodes) shown for a polynomial root; larger ones become floats."""


@dataclass(frozen=True)
class Roots:
    """Points strictly inside an interval; ``exact`` when they are provably all of them."""

    points: tuple[sp.Expr, ...]
    exact: bool


class TooManyCuts(Exception):
    """More cut points than a chart may have."""


def real_zeros(expr: sp.Expr, var: sp.Symbol, interval: sp.Interval) -> Roots:
    """The real zeros of ``expr`` strictly inside ``interval`` (interval ends of zero runs)."""
    target = real_form(expr)
    if var not in target.free_symbols:
        return Roots((), exact=True)
    inside = sp.Interval.open(interval.start, interval.end)
    exact = _exact_zeros(target, var, inside)
    if exact is not None:
        return Roots(exact, exact=True)
    if not bounded(inside):
        return Roots((), exact=False)
    return Roots(numeric_zeros(target, var, inside), exact=False)


def missed_zeros(
    expr: sp.Expr, var: sp.Symbol, interval: sp.Interval, cuts: Sequence[sp.Expr]
) -> tuple[sp.Expr, ...]:
    """Zeros of ``expr`` that the exact cut points do not explain (a soundness check).

    ``numeric_zeros`` scans the interval (over an unbounded one, a window reaching
    ``CHECK_WINDOW`` past the outermost cut or finite end) and bisects every sign change
    whose grid bracket holds an even number of cuts; a verified zero there is one the
    solver missed. Polynomials and rational functions are not checked (their real roots
    are isolated exactly).
    """
    target = real_form(expr)
    if target.is_rational_function(var):
        return ()
    known = sorted(as_mpf(cut) for cut in cuts)
    ends = [as_mpf(end) for end in (interval.start, interval.end) if end.is_finite]
    reach = max([mpmath.mpf(0), *(abs(value) for value in known + ends)]) + CHECK_WINDOW
    window = sp.Interval.open(
        sp.Max(interval.start, sp.Float(-reach, DIGITS)),
        sp.Min(interval.end, sp.Float(reach, DIGITS)),
    )
    return numeric_zeros(target, var, window, known)


def value_at(expr: sp.Expr, var: sp.Symbol, point: sp.Expr) -> sp.Expr | None:
    """``expr`` (a ``real_form``) at a point to ``DIGITS`` digits, None if not real.

    Agrees with ``evaluation.real_value`` at generic points (where no domain boundary or
    kink argument is exactly zero) and is much faster: it is used at test points and on the
    numeric search grid, never at cut points.
    """
    return real_part(expr.evalf(DIGITS, subs={var: point}))


def bounded(interval: sp.Interval) -> bool:
    return bool(interval.start.is_finite and interval.end.is_finite)


def real_form(expr: sp.Expr) -> sp.Expr:
    """``expr`` with custom functions rewritten and odd roots of negatives real.

    ``b^(p/q)`` with odd q becomes ``sign(b)^p·|b|^(p/q)``, as ``real_value`` reads it;
    sympy's own powers take the principal (complex) root of a negative base.
    """
    return to_elementary(expr).replace(_is_odd_root, _real_odd_root)


def _is_odd_root(e: sp.Basic) -> bool:
    return bool(
        isinstance(e, sp.Pow)
        and e.exp.is_Rational
        and not e.exp.is_integer
        and e.exp.q % 2 == 1
        and e.base.is_number is False
        and e.base.is_nonnegative is not True
    )


def _real_odd_root(e: sp.Pow) -> sp.Expr:
    return sp.sign(e.base) ** e.exp.p * sp.Abs(e.base) ** e.exp


def _exact_zeros(
    target: sp.Expr, var: sp.Symbol, inside: sp.Interval
) -> tuple[sp.Expr, ...] | None:
    """Exact zeros inside the open interval, or None when they could not be found exactly."""
    if target.is_rational_function(var):
        numerator, _ = sp.fraction(sp.cancel(sp.together(target)))
        roots = _polynomial_roots(numerator, var)
        if roots is not None:
            return tuple(root for root in roots if _strictly_inside(root, inside))
    try:
        solutions = sp.solveset(target, var, inside)
    except BudgetExceeded:
        raise
    except Exception:  # any solver failure only means "not solved exactly"
        return None
    return _finite_description(solutions, inside)


def _polynomial_roots(numerator: sp.Expr, var: sp.Symbol) -> list[sp.Expr] | None:
    try:
        poly = sp.Poly(numerator, var)
        if poly.is_zero:
            return None
        roots = sp.real_roots(poly)
    except (sp.PolynomialError, NotImplementedError, ValueError):
        return None
    radicals: dict[sp.Poly, list[sp.Expr]] = {}
    return [_presentable(root, radicals) for root in roots]


def _presentable(root: sp.Expr, radicals: dict[sp.Poly, list[sp.Expr]]) -> sp.Expr:
    """An implicit root (CRootOf) as a short real radical when there is one, else a Float.

    Radicals come from ``sympy.roots`` of the root's minimal polynomial when it is a cubic
    or a biquadratic (generic quartic radicals are never short), computed once per
    polynomial (``radicals``), and must be real, free of I and at most
    ``RADICAL_MAX_NODES`` nodes.
    """
    if not isinstance(root, sp.CRootOf):
        return root
    if root.poly not in radicals:
        radicals[root.poly] = _short_real_radicals(root.poly)
    value = as_mpf(root)
    for radical in radicals[root.poly]:
        if abs(as_mpf(radical) - value) <= mpmath.mpf(10) ** (5 - DIGITS):
            return radical
    return sp.Float(root.evalf(17), 17)


def _short_real_radicals(poly: sp.Poly) -> list[sp.Expr]:
    degree = poly.degree()
    biquadratic = degree == 4 and all(k % 2 == 0 for (k,) in poly.monoms())
    if degree > 3 and not biquadratic:
        return []
    return [
        radical
        for radical in sp.roots(poly)
        if not radical.has(sp.I)
        and tree_size(radical, RADICAL_MAX_NODES) <= RADICAL_MAX_NODES
        and real_constant(radical) is not None
    ]


def _finite_description(solutions: sp.Set, inside: sp.Interval) -> tuple[sp.Expr, ...] | None:
    """Points and interval ends of a solution set made of finitely many pieces, else None."""
    pieces = solutions.args if isinstance(solutions, sp.Union) else (solutions,)
    points: list[sp.Expr] = []
    for piece in pieces:
        if isinstance(piece, sp.FiniteSet):
            points.extend(piece.args)
        elif isinstance(piece, sp.Interval):
            points.extend([piece.start, piece.end])
        elif piece is not sp.S.EmptySet:
            return None
    if len(points) > MAX_CUTS:
        raise TooManyCuts
    inside_points: list[sp.Expr] = []
    for point in points:
        if not point.is_number or real_constant(point) is None:
            if point.is_infinite:
                continue
            return None
        if _strictly_inside(point, inside):
            inside_points.append(_short_real(point))
    return tuple(inside_points)


def _short_real(point: sp.Expr) -> sp.Expr:
    """A real solution as it is, or as a 17-digit Float when written with I or too long."""
    if point.has(sp.I) or tree_size(point, RADICAL_MAX_NODES) > RADICAL_MAX_NODES:
        return sp.Float(as_mpf(point), 17)
    return point


def _strictly_inside(point: sp.Expr, inside: sp.Interval) -> bool:
    value = as_mpf(point)
    above = inside.start.is_infinite or value > as_mpf(inside.start)
    below = inside.end.is_infinite or value < as_mpf(inside.end)
    return bool(above and below)


def numeric_zeros(
    target: sp.Expr, var: sp.Symbol, inside: sp.Interval, known: Sequence[mpmath.mpf] = ()
) -> tuple[sp.Expr, ...]:
    """Sign changes of ``target`` on a grid over the bounded open interval, bisected.

    Every reported point is the end of a verified bracket: ``target`` has opposite signs at
    two points at most 2^-BISECTION_STEPS of the grid step apart, and the point is kept
    only when the value there is small (a root, not a pole). Grid points where ``target``
    is exactly zero count only between opposite signs (not inside a run of zeros). A
    bracket holding an odd number of the sorted ``known`` points is explained by them and
    skipped.
    """
    function = GridFunction(target, var)
    start, end = as_mpf(inside.start), as_mpf(inside.end)
    step = (end - start) / (GRID_POINTS + 1)
    found: list[sp.Expr] = []
    last: tuple[mpmath.mpf, mpmath.mpf] | None = None
    zeros_since: list[mpmath.mpf] = []
    for t in (start + step * (i + 1) for i in range(GRID_POINTS)):
        value = function(t)
        if value is None:
            last, zeros_since = None, []
        elif value == 0:
            zeros_since.append(t)
        else:
            if (
                last is not None
                and (last[1] < 0) != (value < 0)
                and (bisect_right(known, t) - bisect_left(known, last[0])) % 2 == 0
            ):
                root = (
                    zeros_since[len(zeros_since) // 2]
                    if zeros_since
                    else _bisect(function, last[0], t, last[1])
                )
                if root is not None:
                    found.append(sp.Float(root, 17))
            last, zeros_since = (t, value), []
    return tuple(found)


class GridFunction:
    """``target`` as a fast mpmath function of ``var`` (None where not a finite real).

    Compiled by ``numeric.compile_mpmath``; where the mpmath printer lacks a function
    (``Heaviside``, ``Piecewise``), each call falls back to ``value_at``.
    """

    def __init__(self, target: sp.Expr, var: sp.Symbol) -> None:
        self.target, self.var = target, var
        self.compiled: NumericFunction | None = None
        if not target.has(sp.Heaviside, sp.Piecewise):
            self.compiled = compile_mpmath(target, [var])

    def __call__(self, point: mpmath.mpf) -> mpmath.mpf | None:
        """The value at ``point`` with ``DIGITS`` digits, or None."""
        if self.compiled is None:
            value = value_at(self.target, self.var, sp.Float(point, DIGITS))
            return None if value is None else as_mpf(value)
        with mpmath.workdps(DIGITS):
            result: mpmath.mpf | None = real_value_at(self.compiled, [point])
        return result


def _bisect(
    function: GridFunction, left: mpmath.mpf, right: mpmath.mpf, f_left: mpmath.mpf
) -> mpmath.mpf | None:
    scale = max(mpmath.mpf(1), abs(f_left))
    for _ in range(BISECTION_STEPS):
        middle = (left + right) / 2
        f_middle = function(middle)
        if f_middle is None:
            return None
        if f_middle == 0:
            return middle
        if (f_middle < 0) == (f_left < 0):
            left, f_left = middle, f_middle
        else:
            right = middle
    middle = (left + right) / 2
    f_middle = function(middle)
    if f_middle is None or abs(f_middle) > mpmath.mpf(10) ** -8 * scale:
        return None
    return middle
