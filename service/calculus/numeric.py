"""The core's numeric toolkit: working precision, "is this a real number", compiling to mpmath.

Every numeric decision in the core is made with ``DIGITS`` significant digits (confirmed, where
a value must be certain, by a second evaluation with ``HIGH_DIGITS``). A number is *real* when
its imaginary part is rounding noise next to its size:

    |imaginary part| ≤ ``IMAGINARY_TOLERANCE`` · max(1, |real part|)

(``is_real_pair``; ``real_part`` for sympy numbers, ``real_value_at`` for mpmath values). The
tolerance is about the square root of a ``DIGITS``-digit rounding error, the largest imaginary
part a real expression can show (a square root of a difference that cancels to zero, such as
``sqrt(sin(x)^2 + cos(x)^2 - 1)``), with three digits to spare; a genuinely complex value of a
whitelisted function at a point (``log(-1)``, ``sqrt(-2)``, ``asin(2)``) is far above it.
``compile_mpmath`` turns a grammar-built expression into a fast mpmath function, and ``as_mpf``
reads a real constant as an mpmath number.

``PointComparison(reference, symbols, seed, deadline)`` compares one reference expression with
others numerically: both sides are evaluated with mpmath (``DIGITS`` digits, through
``compile_mpmath``) at points drawn from ``random.Random(seed)`` in a few ranges (``RANGES``);
only points where both are finite real numbers count. Equal when ``ENOUGH_POINTS`` points agree
within ``RELATIVE_TOLERANCE`` and none disagrees (at least ``MIN_POINTS`` if the ``MAX_POINTS``
draws run out); different at the first disagreeing point; undecided (``equal`` None, with a
``reason``) when too few points are usable, or when the deadline (a ``time.monotonic()``
instant) passes first. Every value of the reference is computed once and reused for each
comparison.
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
HIGH_DIGITS = 60
"""Working digits of a second evaluation that confirms one made with ``DIGITS``."""
IMAGINARY_TOLERANCE = 1e-12
"""Largest imaginary part, relative to max(1, |real part|), of a real number (module doc)."""
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
        compiled: Callable[..., Any] = sp.lambdify(  # safe: grammar-built expr
            symbols, to_elementary(expr), "mpmath"
        )
        return compiled
    except (SyntaxError, RecursionError, MemoryError):
        return _nowhere


def _nowhere(*_: Any) -> Any:
    raise ValueError("not evaluable")


def is_real_pair(real: Any, imaginary: Any) -> bool:
    """Whether a number with these parts is real: its imaginary part is rounding noise."""
    return bool(imaginary == 0 or abs(imaginary) <= IMAGINARY_TOLERANCE * max(1, abs(real)))


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
        if not is_real_pair(value.real, value.imag):
            return None
        value = value.real
    if not isinstance(value, mpmath.mpf) or not mpmath.isfinite(value):
        return None
    return value


def real_part(value: sp.Expr) -> sp.Expr | None:
    """The real part of a finite sympy number that is real (``is_real_pair``), else None.

    Keeping just the real part matters: a comparison with a number that still carries a
    2e-60·i (``sqrt(sin(x)^2 + cos(x)^2 - 1)``) raises in sympy.
    """
    if not value.is_number or value.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
        return None
    real, imaginary = value.as_real_imag()
    if not (real.is_Number or real.is_zero):
        return None
    if imaginary.is_zero or is_real_pair(real, imaginary):
        return real
    return None


def real_constant(expr: sp.Expr) -> sp.Expr | None:
    """``real_part`` of a constant evaluated with ``DIGITS`` digits."""
    return real_part(expr.evalf(DIGITS))


def as_mpf(constant: sp.Expr) -> Any:
    """The real part of a constant as an mpmath number with ``DIGITS`` digits."""
    real = sp.re(constant.evalf(DIGITS))
    with mpmath.workdps(DIGITS):
        return mpmath.mpf(real._to_mpmath(mpmath.mp.prec))


def close(a: Any, b: Any) -> bool:
    """Whether two mpmath numbers agree within the relative (or absolute) tolerance."""
    difference = abs(a - b)
    return bool(
        difference <= ABSOLUTE_TOLERANCE or difference <= RELATIVE_TOLERANCE * max(abs(a), abs(b))
    )
