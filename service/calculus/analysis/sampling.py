"""Points of a curve for drawing: dense where it bends, broken where it is undefined.

``sample_curve(expr, var, start, end)`` evaluates a grammar-built expression on a uniform grid
of ``GRID`` intervals over ``[start, end]`` and then refines:

- between two defined neighbours it inserts midpoints wherever the curve leaves the chord by
  more than ``BEND_TOLERANCE`` of the view's height, down to ``MIN_WIDTH`` of the interval;
- between a defined and an undefined neighbour it bisects towards the domain's edge, so
  ``sqrt(x)`` starts at 0 and ``ln(x)`` runs down towards its asymptote;
- a step that is still steep after refining is tested by bisection: if the jump does not
  shrink as the step narrows, the curve is discontinuous there (a pole or a jump) and is
  broken into separate segments, so no line is drawn across ``tan``'s poles or ``sign``'s jump.

Values are real mpmath values at ``SAMPLE_DIGITS`` digits through the core's numeric toolkit
(odd roots of negative numbers real, as everywhere in the service), converted to
floats. The view's y-range is robust: a spread measured on the central values of
the grid, so blow-ups near poles do not flatten the rest of the picture.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import mpmath
import sympy as sp

from service.calculus.analysis.real_zeros import real_form
from service.calculus.numeric import compile_mpmath, real_value_at

GRID = 128
"""Uniform intervals of the first pass."""
MIN_WIDTH = 1 / 4096
"""Narrowest refined step, as a fraction of the interval."""
BEND_TOLERANCE = 0.002
"""Largest distance of a midpoint from the chord, as a fraction of the view's height."""
EDGE_STEPS = 24
"""Bisections towards a domain edge."""
JUMP_STEPS = 40
"""Bisections that decide whether a steep step is a discontinuity."""
JUMP_SHARE = 0.05
"""A step whose change stays above this share of the view's height while it narrows to
nothing is a discontinuity."""
SAMPLE_DIGITS = 15
"""Working digits of sampled values (drawing needs no more than a float's)."""
MAX_POINTS = 6000
"""Points of one curve at most."""
SPREAD = 3.0
"""The y-range reaches this many central spreads beyond the central values."""

Point = tuple[float, float]


@dataclass(frozen=True)
class Curve:
    """A sampled curve: unbroken ``segments`` of (x, y) points and its robust ``y_range``.

    ``y_range`` is None when the curve is defined nowhere on the interval.
    """

    segments: tuple[tuple[Point, ...], ...]
    y_range: tuple[float, float] | None


def sample_curve(expr: sp.Expr, var: sp.Symbol, start: float, end: float) -> Curve:
    """Sample ``expr`` (grammar-built) in ``var`` over ``[start, end]`` (module docstring)."""
    evaluate = _evaluator(expr, var)
    width = end - start
    xs = [start + width * index / GRID for index in range(GRID + 1)]
    grid = [(x, evaluate(x)) for x in xs]
    y_range = robust_range([y for _, y in grid if y is not None])
    if y_range is None:
        return Curve((), None)
    sampler = _Sampler(evaluate, y_range, width=width)
    return Curve(tuple(sampler.segments(grid)), y_range)


def robust_range(values: list[float]) -> tuple[float, float] | None:
    """The y-range to show for ``values``: all of them unless a few blow up (module docstring)."""
    if not values:
        return None
    ordered = sorted(values)
    low, high = _quantile(ordered, 0.1), _quantile(ordered, 0.9)
    spread = high - low
    if spread == 0:
        spread = max(abs(low), 1.0)
    bottom = max(ordered[0], low - SPREAD * spread)
    top = min(ordered[-1], high + SPREAD * spread)
    if top - bottom < 1e-12:
        pad = max(abs(top), 1.0) * 0.5
        return bottom - pad, top + pad
    return bottom, top


def _quantile(ordered: list[float], share: float) -> float:
    position = share * (len(ordered) - 1)
    below = math.floor(position)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


def _evaluator(expr: sp.Expr, var: sp.Symbol) -> Callable[[float], float | None]:
    function = compile_mpmath(real_form(expr), [var])

    def evaluate(x: float) -> float | None:
        with mpmath.workdps(SAMPLE_DIGITS):
            value = real_value_at(function, [mpmath.mpf(x)])
        if value is None:
            return None
        number = float(value)
        return number if math.isfinite(number) else None

    return evaluate


class _Sampler:
    """Refines a uniform grid into unbroken segments (module docstring)."""

    def __init__(
        self, evaluate: Callable[[float], float | None], view: tuple[float, float], width: float
    ) -> None:
        self.evaluate = evaluate
        self.bottom, self.top = view
        self.height = max(self.top - self.bottom, 1e-12)
        self.min_width = width * MIN_WIDTH
        self.budget = MAX_POINTS

    def segments(self, grid: list[tuple[float, float | None]]) -> Iterator[tuple[Point, ...]]:
        current: list[Point] = []
        for (x0, y0), (x1, y1) in itertools.pairwise(grid):
            if y0 is None and y1 is None:
                continue
            if y0 is None:
                edge = self._edge(x1, x0)
                current = [edge] if edge is not None else []
                continue
            if not current:
                current = [(x0, y0)]
            if y1 is None:
                edge = self._edge(x0, x1)
                if edge is not None:
                    current.append(edge)
                yield tuple(current)
                current = []
                continue
            for piece in self._refine(x0, y0, x1, y1):
                if piece is None:
                    yield tuple(current)
                    current = []
                else:
                    if not current:
                        current = [piece]
                    else:
                        current.append(piece)
        if current:
            yield tuple(current)

    def _refine(self, x0: float, y0: float, x1: float, y1: float) -> Iterator[Point | None]:
        """The points after (x0, y0) up to (x1, y1); None where the curve breaks."""
        stack = [(x0, y0, x1, y1)]
        while stack:
            a, fa, b, fb = stack.pop()
            sides = self._side(fa), self._side(fb)
            if sides[0] == sides[1] != 0:
                yield (b, fb)
                continue
            if b - a <= self.min_width or self.budget <= 0:
                if sides[0] == -sides[1] != 0 or (
                    abs(fb - fa) > JUMP_SHARE * self.height and self._jumps(a, fa, b, fb)
                ):
                    yield None
                yield (b, fb)
                continue
            self.budget -= 1
            mid = (a + b) / 2
            fm = self.evaluate(mid)
            if fm is None:
                yield from self._around_hole(a, mid, b, fb)
            elif abs(fm - (fa + fb) / 2) <= BEND_TOLERANCE * self.height:
                yield (mid, fm)
                yield (b, fb)
            else:
                stack.append((mid, fm, b, fb))
                stack.append((a, fa, mid, fm))

    def _side(self, y: float) -> int:
        """-1 below the view, 1 above it, 0 inside (the view's own height beyond its edges)."""
        if y < self.bottom - self.height:
            return -1
        if y > self.top + self.height:
            return 1
        return 0

    def _around_hole(self, a: float, mid: float, b: float, fb: float) -> Iterator[Point | None]:
        """A point inside (a, b) is undefined: end the segment at its edges and resume."""
        left = self._edge(a, mid)
        if left is not None:
            yield left
        yield None
        right = self._edge(b, mid)
        if right is not None:
            yield right
        yield (b, fb)

    def _edge(self, defined: float, undefined: float) -> Point | None:
        """The last defined point from ``defined`` towards ``undefined`` (bisection)."""
        inside, outside = defined, undefined
        value = self.evaluate(inside)
        for _ in range(EDGE_STEPS):
            mid = (inside + outside) / 2
            found = self.evaluate(mid)
            if found is None:
                outside = mid
            else:
                inside, value = mid, found
        return None if value is None else (inside, value)

    def _jumps(self, a: float, fa: float, b: float, fb: float) -> bool:
        """Whether the change from a to b stays large as the step shrinks to nothing."""
        threshold = JUMP_SHARE * self.height
        for _ in range(JUMP_STEPS):
            mid = (a + b) / 2
            fm = self.evaluate(mid)
            if fm is None:
                return True
            if abs(fm - fa) >= abs(fb - fm):
                b, fb = mid, fm
            else:
                a, fa = mid, fm
            if abs(fb - fa) <= threshold:
                return False
        return True
