"""The core's numeric toolkit: working precision, compiling to mpmath, "is this a real number".

``PointComparison(reference, symbols, seed, deadline)`` compares one reference expression with
others numerically: both sides are evaluated with mpmath (``DIGITS`` digits, through
``lambdify`` of grammar-built expressions rewritten by ``to_elementary``) at points drawn from
``random.Random(seed)`` in a few ranges (``RANGES``); only points where both are finite real
numbers count. Equal when ``ENOUGH_POINTS`` points agree within ``RELATIVE_TOLERANCE`` and
none disagrees (at least ``MIN_POINTS`` if the ``MAX_POINTS`` draws run out); different at the
first disagreeing point; undecided (``equal`` None, with a ``reason``) when too few points are
usable, or when the deadline (a ``time.monotonic()`` instant) passes first. Every value of the
reference is computed once and reused for each comparison.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import mpmath
import sympy as sp

from service.calculus.language.functions import to_elementary

DIGITS = 30
"""Working digits of every numeric decision in the core."""
RELATIVE_TOLERANCE = 1e-9
"""Largest relative difference of two values that still agree."""
ABSOLUTE_TOLERANCE = 1e-20
"""Two values this close agree whatever their size (both essentially zero)."""
ENOUGH_POINTS = 8
"""Agreeing points that settle equality."""
MIN_POINTS = 6
"""Fewest agreeing points that still settle equality once every draw is used."""
MAX_POINTS = 48
"""Points drawn at most."""
RANGES: tuple[tuple[float, float], ...] = (
    (-1.0, 1.0),
    (0.05, 4.0),
    (-4.0, -0.05),
    (-10.0, 10.0),
    (1.0, 30.0),
)
"""Intervals the points are drawn from, in turn (each symbol gets its own value)."""
DEFAULT_SEED = 20260
"""The seed when the request gives none: the same request always gets the same answer."""

TOO_FEW_POINTS = "could not find enough points where both are defined"
OUT_OF_TIME = "could not decide within the time budget"

Method = Literal["symbolic", "numeric"]
NumericFunction = Callable[..., Any]
_UNSET = object()


@dataclass(frozen=True)
class Verdict:
    """``equal`` True/False, or None (undecided, ``reason`` says why); how it was decided."""

    equal: bool | None
    method: Method
    reason: str | None = None


class PointComparison:
    """Compares one reference expression with others at seeded points (module docstring)."""

    def __init__(
        self, reference: sp.Expr, symbols: Sequence[sp.Symbol], seed: int, deadline: float
    ) -> None:
        self.reference = reference
        self.symbols = tuple(sorted(set(symbols), key=lambda s: s.name))
        self.deadline = deadline
        rng = random.Random(seed)  # noqa: S311 (reproducible sample points, not secrets)
        self.points = [
            tuple(mpmath.mpf(rng.uniform(*RANGES[index % len(RANGES)])) for _ in self.symbols)
            for index in range(MAX_POINTS)
        ]
        self._function: NumericFunction | None = None
        self._values: list[Any] = [_UNSET] * MAX_POINTS

    def numerically(self, other: sp.Expr) -> Verdict:
        """The numeric test alone (for mistaken derivatives: cheap, and enough to name one)."""
        function = compile_mpmath(other, self.symbols)
        agreeing = 0
        with mpmath.workdps(DIGITS):
            for index, point in enumerate(self.points):
                if self._remaining() <= 0:
                    return Verdict(None, "numeric", OUT_OF_TIME)
                mine = self._reference_value(index)
                if mine is None:
                    continue
                theirs = real_value_at(function, point)
                if theirs is None:
                    continue
                if not close(mine, theirs):
                    return Verdict(False, "numeric")
                agreeing += 1
                if agreeing >= ENOUGH_POINTS:
                    return Verdict(True, "numeric")
        if agreeing >= MIN_POINTS:
            return Verdict(True, "numeric")
        return Verdict(None, "numeric", TOO_FEW_POINTS)

    def _reference_value(self, index: int) -> Any:
        if self._values[index] is _UNSET:
            if self._function is None:
                self._function = compile_mpmath(self.reference, self.symbols)
            self._values[index] = real_value_at(self._function, self.points[index])
        return self._values[index]

    def _remaining(self) -> float:
        return self.deadline - time.monotonic()


def compile_mpmath(expr: sp.Expr, symbols: Sequence[sp.Symbol]) -> NumericFunction:
    """An mpmath function of ``symbols`` (``expr`` is grammar-built, never user text).

    An expression too deep for Python to compile gives a function that is defined nowhere.
    """
    try:
        return sp.lambdify(symbols, to_elementary(expr), "mpmath")  # safe: grammar-built expr
    except (SyntaxError, RecursionError, MemoryError):
        return _nowhere


def _nowhere(*_: Any) -> Any:
    raise ValueError("not evaluable")


def real_value_at(function: NumericFunction, point: Sequence[Any]) -> Any:
    """The finite real value of ``function`` at ``point`` (an mpmath ``mpf``), or None.

    A MemoryError is mpmath shifting a mantissa by an astronomically large exponent
    (``exp(exp(exp(x)))`` far out): that value is not finite for any practical purpose.
    """
    try:
        value = +mpmath.mpmathify(function(*point))
    except (ArithmeticError, ValueError, TypeError, MemoryError):
        return None
    if isinstance(value, mpmath.mpc):
        if value.imag != 0:
            return None
        value = value.real
    if not isinstance(value, mpmath.mpf) or not mpmath.isfinite(value):
        return None
    return value


def close(a: Any, b: Any) -> bool:
    """Whether two mpmath numbers agree within the relative (or absolute) tolerance."""
    difference = abs(a - b)
    return bool(
        difference <= ABSOLUTE_TOLERANCE or difference <= RELATIVE_TOLERANCE * max(abs(a), abs(b))
    )
