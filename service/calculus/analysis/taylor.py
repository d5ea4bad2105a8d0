"""Derivative values by Taylor arithmetic: f^(k)(a) for every k <= n from f's own tree.

No symbolic derivative is built, so the cost does not grow with the size of f^(n) (order 5
of a 60-node expression has tens of thousands of nodes; its value here costs a few thousand
multiplications). Each node of f becomes its Taylor series at the point, truncated after
t^n, with mpmath coefficients: sums and products coefficient by coefficient, each
elementary function by the differential equation it satisfies (w = exp(u): w' = w·u';
w = u^r: u·w' = r·w·u'; sin and cos together), so f^(k)(a) = k!·(coefficient of t^k).

The answer is given only when it is certain, otherwise ``Undecided`` is raised and the
caller takes the exact path. Everything is evaluated twice, at ``numeric.DIGITS`` and
``numeric.HIGH_DIGITS``; every domain test (a logarithm's argument positive, a denominator, a root's
base or an ``abs`` argument nonzero, ...) must come out clearly the same way at both (its
two values agree to ``DOMAIN_AGREEMENT`` relatively, so it is not a zero blurred by
rounding), and each derivative's two values must agree to ``VALUE_AGREEMENT`` relatively,
which makes the float of the higher-precision value the correctly rounded one. A value
that is exactly 0 at both precisions is 0. Arguments beyond ``MAX_ARGUMENT`` of exp, sin and
their kin are left to the exact path (their evaluation needs as many extra digits).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import mpmath
import sympy as sp

from service.calculus.language.functions import cbrt, relu, sigmoid, softplus
from service.calculus.numeric import DIGITS, HIGH_DIGITS

DOMAIN_AGREEMENT = 1e-12
VALUE_AGREEMENT = 1e-25
MAX_ARGUMENT = 1e6

Series = list[Any]
"""Taylor coefficients c_0 … c_n (mpmath numbers of the evaluation's context)."""


class Undecided(Exception):
    """The numeric evaluation cannot vouch for an answer at this point."""


def taylor_derivatives(
    expr: sp.Expr, var: sp.Symbol, substitutions: Mapping[sp.Symbol, sp.Expr], order: int
) -> list[float]:
    """[f(a), f'(a), …, f^(order)(a)] as correctly rounded floats, or raise Undecided.

    ``substitutions`` gives every free symbol a real constant, ``var`` the point a. A value
    beyond the float range is ``inf`` (with its sign).
    """
    low = _Run(DIGITS, substitutions, var, order)
    high = _Run(HIGH_DIGITS, substitutions, var, order)
    try:
        low_series, high_series = low.series(expr), high.series(expr)
    except (ZeroDivisionError, ValueError) as error:  # mpmath at a pole it met unguarded
        raise Undecided from error
    if len(low.decisions) != len(high.decisions):
        raise Undecided
    for a, b in zip(low.decisions, high.decisions, strict=True):
        if not _agree(a, b, DOMAIN_AGREEMENT):
            raise Undecided
    return [
        _checked_float(a * math.factorial(k), b * math.factorial(k))
        for k, (a, b) in enumerate(zip(low_series, high_series, strict=True))
    ]


def _agree(a: Any, b: Any, tolerance: float) -> bool:
    return bool(mpmath.isfinite(a) and mpmath.isfinite(b) and abs(a - b) <= tolerance * abs(b))


def _checked_float(low: Any, high: Any) -> float:
    if low == 0 and high == 0:
        return 0.0
    if high == 0 or not _agree(low, high, VALUE_AGREEMENT):
        raise Undecided
    return float(high)


class _Run:
    """One evaluation of Taylor series at a fixed working precision."""

    def __init__(
        self,
        digits: int,
        substitutions: Mapping[sp.Symbol, sp.Expr],
        var: sp.Symbol,
        order: int,
    ) -> None:
        self.ctx = mpmath.MPContext()
        self.ctx.dps = digits
        self.n = order
        self.var = var
        self.values = {symbol: self._constant(value) for symbol, value in substitutions.items()}
        self.decisions: list[Any] = []
        self.memo: dict[sp.Expr, Series] = {}

    def series(self, e: sp.Expr) -> Series:
        cached = self.memo.get(e)
        if cached is None:
            cached = self.memo[e] = self._node(e)
        return cached

    # -- leaves and arithmetic -------------------------------------------------------------

    def _node(self, e: sp.Expr) -> Series:
        if e.is_Symbol:
            if e not in self.values:
                raise Undecided
            series = self._c(self.values[e])
            if e == self.var and self.n:
                series[1] = self.ctx.one
            return series
        if e.is_Number or e.is_NumberSymbol:
            return self._c(self._constant(e))
        if e.is_Add:
            return self._sum([self.series(a) for a in e.args])
        if e.is_Mul:
            result = self.series(e.args[0])
            for factor in e.args[1:]:
                result = self._mul(result, self.series(factor))
            return result
        if e.is_Pow:
            return self._pow(e.base, e.exp)
        handler = _FUNCTIONS.get(type(e))
        if handler is None:
            raise Undecided
        return handler(self, self.series(e.args[0]))

    def _constant(self, value: sp.Expr) -> Any:
        if value.is_Rational:
            return self.ctx.mpf(value.p) / value.q
        number = value.evalf(self.ctx.dps + 10)
        if not number.is_Float:
            raise Undecided
        return self.ctx.mpf(number._mpf_)

    def _c(self, head: Any) -> Series:
        return [head] + [self.ctx.zero] * self.n

    def _sum(self, terms: Sequence[Series]) -> Series:
        return [sum(column) for column in zip(*terms, strict=True)]

    def _mul(self, a: Series, b: Series) -> Series:
        return [sum(a[j] * b[k - j] for j in range(k + 1)) for k in range(self.n + 1)]

    def _scale(self, a: Series, factor: Any) -> Series:
        return [c * factor for c in a]

    def _nonzero(self, value: Any) -> Any:
        """``value``, recorded as a domain test that must be clearly nonzero."""
        if not value:
            raise Undecided
        self.decisions.append(value)
        return value

    def _reciprocal(self, b: Series) -> Series:
        head = self._nonzero(b[0])
        r = [1 / head]
        for k in range(1, self.n + 1):
            r.append(-sum(b[j] * r[k - j] for j in range(1, k + 1)) / head)
        return r

    def _derivative(self, u: Series) -> Series:
        return [(i + 1) * u[i + 1] for i in range(self.n)] + [self.ctx.zero]

    def _integral(self, head: Any, d: Series) -> Series:
        return [head] + [d[k - 1] / k for k in range(1, self.n + 1)]

    # -- powers ----------------------------------------------------------------------------

    def _pow(self, base: sp.Expr, exponent: sp.Expr) -> Series:
        u = self.series(base)
        if self.var in exponent.free_symbols:
            if self._nonzero(u[0]) < 0:
                raise Undecided
            return self._exp(self._mul(self.series(exponent), self._log(u)))
        if exponent.is_Integer and exponent >= 0:
            return self._integer_power(u, int(exponent))
        if exponent.is_Integer:
            return self._reciprocal(self._integer_power(u, -int(exponent)))
        odd_root = exponent.is_Rational and exponent.q % 2 == 1
        sign_if_negative = (-1) ** (exponent.p % 2) if odd_root else None
        return self._real_power(u, self.series(exponent)[0], sign_if_negative)

    def _integer_power(self, u: Series, k: int) -> Series:
        result = self._c(self.ctx.one)
        square = u
        while k:
            if k & 1:
                result = self._mul(result, square)
            k >>= 1
            if k:
                square = self._mul(square, square)
        return result

    def _real_power(self, u: Series, r: Any, sign_if_negative: int | None) -> Series:
        """u^r for a constant r; for a negative u, ``sign_if_negative``·|u|^r (a real odd
        root, as ``(-8)^(2/3)`` = 4) or, when None, not real (left to the exact path)."""
        head = self._nonzero(u[0])
        if head > 0:
            first = self.ctx.power(head, r)
        elif sign_if_negative is not None:
            first = sign_if_negative * self.ctx.power(-head, r)
        else:
            raise Undecided
        w = [first]
        for k in range(1, self.n + 1):
            total = sum(((r + 1) * j - k) * u[j] * w[k - j] for j in range(1, k + 1))
            w.append(total / (k * head))
        return w

    # -- elementary functions --------------------------------------------------------------

    def _bounded(self, head: Any) -> Any:
        if abs(head) > MAX_ARGUMENT:
            raise Undecided
        return head

    def _exp(self, u: Series) -> Series:
        w = [self.ctx.exp(self._bounded(u[0]))]
        for k in range(1, self.n + 1):
            w.append(sum(j * u[j] * w[k - j] for j in range(1, k + 1)) / k)
        return w

    def _log(self, u: Series) -> Series:
        if self._nonzero(u[0]) < 0:
            raise Undecided
        return self._integral(
            self.ctx.log(u[0]), self._mul(self._derivative(u), self._reciprocal(u))
        )

    def _sin_cos(self, u: Series, sign: int) -> tuple[Series, Series]:
        """(sin u, cos u) for sign -1, (sinh u, cosh u) for sign +1."""
        head = self._bounded(u[0])
        if sign < 0:
            s, c = [self.ctx.sin(head)], [self.ctx.cos(head)]
        else:
            s, c = [self.ctx.sinh(head)], [self.ctx.cosh(head)]
        for k in range(1, self.n + 1):
            s.append(sum(j * u[j] * c[k - j] for j in range(1, k + 1)) / k)
            c.append(sign * sum(j * u[j] * s[k - j] for j in range(1, k + 1)) / k)
        return s, c

    def _arc(self, u: Series, head: Any, d: Series) -> Series:
        return self._integral(head, self._mul(self._derivative(u), d))

    def _asin_derivative(self, u: Series) -> Series:
        """1/sqrt(1 - u^2), |u| < 1 clearly."""
        inside = self._sum([self._c(self.ctx.one), self._scale(self._mul(u, u), -1)])
        if self._nonzero(inside[0]) < 0:
            raise Undecided
        return self._real_power(inside, self.ctx.mpf(-0.5), None)

    def _sign_of(self, u: Series) -> int:
        return 1 if self._nonzero(u[0]) > 0 else -1


def _sin(run: _Run, u: Series) -> Series:
    return run._sin_cos(u, -1)[0]


def _cos(run: _Run, u: Series) -> Series:
    return run._sin_cos(u, -1)[1]


def _quotient(top: int, bottom: int, sign: int) -> Callable[[_Run, Series], Series]:
    """tan, cot, sec, csc, tanh: index 0 is sin (sinh), 1 cos (cosh), 2 the constant 1."""

    def evaluate(run: _Run, u: Series) -> Series:
        pair = run._sin_cos(u, sign)
        parts = (pair[0], pair[1], run._c(run.ctx.one))
        return run._mul(parts[top], run._reciprocal(parts[bottom]))

    return evaluate


def _asin(run: _Run, u: Series) -> Series:
    return run._arc(u, run.ctx.asin(u[0]), run._asin_derivative(u))


def _acos(run: _Run, u: Series) -> Series:
    return run._arc(u, run.ctx.acos(u[0]), run._scale(run._asin_derivative(u), -1))


def _atan(run: _Run, u: Series) -> Series:
    inside = run._sum([run._c(run.ctx.one), run._mul(u, u)])
    return run._arc(u, run.ctx.atan(u[0]), run._reciprocal(inside))


def _abs(run: _Run, u: Series) -> Series:
    return run._scale(u, run._sign_of(u))


def _sign(run: _Run, u: Series) -> Series:
    return run._c(run.ctx.mpf(run._sign_of(u)))


def _heaviside(run: _Run, u: Series) -> Series:
    return run._c(run.ctx.one if run._sign_of(u) > 0 else run.ctx.zero)


def _relu(run: _Run, u: Series) -> Series:
    return u if run._sign_of(u) > 0 else run._c(run.ctx.zero)


def _sigmoid(run: _Run, u: Series) -> Series:
    return run._reciprocal(run._sum([run._c(run.ctx.one), run._exp(run._scale(u, -1))]))


def _softplus(run: _Run, u: Series) -> Series:
    return run._log(run._sum([run._c(run.ctx.one), run._exp(u)]))


def _cbrt(run: _Run, u: Series) -> Series:
    return run._real_power(u, run.ctx.one / 3, -1)


_FUNCTIONS: dict[type, Callable[[_Run, Series], Series]] = {
    sp.exp: lambda run, u: run._exp(u),
    sp.log: lambda run, u: run._log(u),
    sp.sin: _sin,
    sp.cos: _cos,
    sp.tan: _quotient(0, 1, -1),
    sp.cot: _quotient(1, 0, -1),
    sp.sec: _quotient(2, 1, -1),
    sp.csc: _quotient(2, 0, -1),
    sp.sinh: lambda run, u: run._sin_cos(u, 1)[0],
    sp.cosh: lambda run, u: run._sin_cos(u, 1)[1],
    sp.tanh: _quotient(0, 1, 1),
    sp.asin: _asin,
    sp.acos: _acos,
    sp.atan: _atan,
    sp.Abs: _abs,
    sp.sign: _sign,
    sp.Heaviside: _heaviside,
    relu: _relu,
    sigmoid: _sigmoid,
    softplus: _softplus,
    cbrt: _cbrt,
}
"""How each whitelisted function (and each function a derivative brings in) is evaluated."""
