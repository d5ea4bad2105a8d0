"""Values of expressions and their derivatives at points, with real-valued semantics.

Public contract (also used by concavity, critical points and gradients):

``RealValue(exact, value, defined, reason)``
    The value of an expression at a point. ``exact`` is the exact sympy value, possibly
    unevaluated (``2*sin(1) + cos(1)``); when undefined it is the substituted expression left
    unevaluated (``sin(0)/0``). ``value`` is the correctly rounded float, ``None`` when
    undefined. ``reason`` is one of the ``REASONS`` below and ``None`` when the value is defined
    — except ``TOO_LARGE``: a defined value beyond the float range (``exp(1000)``) has
    ``defined`` true, ``value`` None and that reason.
``real_value(expr, substitutions, limits) -> RealValue``
    Evaluates node by node: each function's real domain is checked on the exact values of
    its arguments *before* sympy builds the node, so ``1/x`` at 0 is "division by zero" (not
    ``zoo``), ``sin(x)/x`` at 0 is too (not ``nan``), ``log(-1)`` is "not real" (not iπ).
    Odd roots of negative numbers are real, like ``cbrt``: ``(-8)^(1/3)`` is -2. A zero test
    that sympy cannot decide is made numerically with ``numeric.DIGITS`` digits and confirmed by
    ``equals(0)``. Raises ``UnknownSymbol`` for a free symbol without a value and
    ``TooComplex`` when an exact power would exceed ``limits.max_digits`` digits.
``derivative_value(g, dg, var, substitutions, g_value, limits) -> RealValue``
    The value of dg = ∂g/∂var given g's value: undefined (with g's reason) where g is, and
    "not differentiable at this point" where g has a kink there — an ``abs``, ``relu``,
    ``sign`` or ``heaviside`` argument that vanishes — unless one-sided difference
    quotients (``numeric.HIGH_DIGITS`` digits, steps ``KINK_STEPS``) agree with each other and
    with the symbolic value (``x*abs(x)`` and ``x^2*sign(x)`` have derivative 0 at 0).
``chain_values(chain, var, orders, substitutions, limits) -> list[RealValue]``
    The requested orders at one point, each order tested against the previous one.
``derivative_values(f, var, orders, point, parameters, limits)``
    ``derivative_chain`` then ``chain_values``, for one point.
``check_parameters(variables, parameters)``, ``require_values(expr, variables, parameters)``
    The checks that no variable has a parameter value and every other symbol does.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import sympy as sp
from sympy.core.evalf import PrecisionExhausted

from service.calculus.differentiation.derivative import derivative_chain
from service.calculus.errors import TooComplex, UnknownSymbol
from service.calculus.language.catalogue import active
from service.calculus.language.entries import Interval
from service.calculus.language.functions import sigmoid, softplus, to_elementary
from service.calculus.limits import DEFAULT_LIMITS, Limits, check_result_size
from service.calculus.numeric import DIGITS, HIGH_DIGITS, is_real_pair

DIVISION_BY_ZERO = "division by zero"
NOT_REAL = "not real"
POLE = "pole"
LOG_OF_ZERO = "logarithm of zero"
INDETERMINATE = "indeterminate form 0^0"
NOT_DIFFERENTIABLE = "not differentiable at this point"
UNDEFINED = "undefined"
TOO_LARGE = "too large for a float"
REASONS = (
    DIVISION_BY_ZERO,
    NOT_REAL,
    POLE,
    LOG_OF_ZERO,
    INDETERMINATE,
    NOT_DIFFERENTIABLE,
    UNDEFINED,
    TOO_LARGE,
)

KINK_STEPS = (sp.Rational(1, 10**12), sp.Rational(1, 10**20))
"""Step sizes of the one-sided difference quotients."""
KINK_TOLERANCE = 1e-6
"""Largest relative spread of the one-sided quotients at a differentiable point."""

_NOT_FINITE = (sp.zoo, sp.nan, sp.oo, -sp.oo)


@dataclass(frozen=True)
class RealValue:
    """The value of an expression at a point (see the module docstring)."""

    exact: sp.Expr
    value: float | None
    defined: bool
    reason: str | None


class _Undefined(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def real_value(
    expr: sp.Expr, substitutions: Mapping[sp.Symbol, sp.Expr], limits: Limits = DEFAULT_LIMITS
) -> RealValue:
    """The exact and float value of ``expr`` at ``substitutions``, as a real function."""
    try:
        exact = _Evaluator(substitutions, limits).value(expr)
    except _Undefined as undefined:
        return undefined_value(expr, substitutions, undefined.reason)
    return _rounded(check_result_size(exact, limits, "value"))


def undefined_value(
    expr: sp.Expr, substitutions: Mapping[sp.Symbol, sp.Expr], reason: str
) -> RealValue:
    """An undefined value whose ``exact`` shows the substituted expression unevaluated."""
    with sp.evaluate(False):
        raw = expr.xreplace(dict(substitutions))
    return RealValue(raw, None, False, reason)


def _rounded(exact: sp.Expr) -> RealValue:
    if _exponent_beyond_floats(exact):
        return RealValue(exact, None, True, TOO_LARGE)
    try:
        real, imaginary = to_elementary(exact).evalf(DIGITS).as_real_imag()
    except ValueError:  # sympy: "got complex zero with unknown accuracy"
        return RealValue(exact, None, False, UNDEFINED)
    if not (real.is_Number and imaginary.is_Number) or {real, imaginary} & set(_NOT_FINITE):
        return RealValue(exact, None, False, UNDEFINED)
    if not is_real_pair(real, imaginary):
        return RealValue(exact, None, False, NOT_REAL)
    value = float(real)
    if math.isinf(value):
        return RealValue(exact, None, True, TOO_LARGE)
    if abs(value) < 1e-20 and _sign(exact) == 0:
        value = 0.0
    return RealValue(exact, value, True, None)


def _exponent_beyond_floats(exact: sp.Expr) -> bool:
    """True when some exponent is itself beyond the float range (a tower like e^e^e^e^3).

    Such a value has more than 10^308 digits before or after the point, and evaluating it to
    ``DIGITS`` digits would need constants to as many digits: it cannot end in time. Exponents
    are checked innermost first, so each is at most e^(1.8e308) and cheap to estimate.
    """
    for node in sp.postorder_traversal(exact):
        if isinstance(node, sp.exp):
            exponent = node.args[0]
        elif isinstance(node, sp.Pow) and not node.exp.is_Integer:
            exponent = node.exp * sp.log(sp.Abs(node.base))
        else:
            continue
        magnitude = abs(exponent.evalf(15).as_real_imag()[0])
        if magnitude.is_Number and magnitude > sp.Float("1e300"):
            return True
    return False


def _sign(v: sp.Expr) -> int:
    """-1, 0 or 1: by sympy's assumptions, else numerically, a near zero confirmed exactly.

    Positivity is asked first: sympy may answer ``is_zero`` from a 2-bit evalf.
    """
    if v.is_positive:
        return 1
    if v.is_negative:
        return -1
    if v.is_zero:
        return 0
    try:
        number = v.evalf(DIGITS, strict=True)
    except PrecisionExhausted:
        return 0 if v.equals(0) is not False else _numeric_sign(v.evalf(DIGITS))
    return _numeric_sign(number)


def _numeric_sign(number: sp.Expr) -> int:
    real, imaginary = number.as_real_imag()
    if not real.is_Number or (imaginary.is_Number and not is_real_pair(real, imaginary)):
        raise _Undefined(NOT_REAL)
    return 0 if real == 0 else (1 if real > 0 else -1)


class _Evaluator:
    """Evaluates one expression tree bottom-up at fixed substitutions, checking domains."""

    def __init__(self, substitutions: Mapping[sp.Symbol, sp.Expr], limits: Limits) -> None:
        self.substitutions = substitutions
        self.limits = limits
        self.cache: dict[sp.Expr, sp.Expr] = {}

    def value(self, e: sp.Expr) -> sp.Expr:
        cached = self.cache.get(e)
        if cached is None:
            cached = self.cache[e] = self._compute(e)
        return cached

    def _compute(self, e: sp.Expr) -> sp.Expr:
        if e.is_Symbol:
            return self._symbol(e)
        if not e.args:
            if e in _NOT_FINITE:
                raise _Undefined(UNDEFINED)
            if e.is_extended_real is not True:
                raise _Undefined(NOT_REAL)
            return e
        args = [self.value(a) for a in e.args]
        if isinstance(e, sp.Pow):
            return self._power(args[0], args[1])
        self._check_domain(e, args)
        result = e.func(*args)
        if isinstance(result, sigmoid | softplus):
            # Decide the sign before anyone asks is_zero: sympy would guess it from a 2-bit
            # evalf, which rounds softplus(-25) to 0 (and then sin(softplus(-25)) to 0).
            result.is_positive  # noqa: B018 - caches positive, hence nonzero, on the node
        if result in _NOT_FINITE:
            raise _Undefined(UNDEFINED)
        if not (e.is_Add or e.is_Mul) and result.is_extended_real is False:
            raise _Undefined(NOT_REAL)
        return result

    def _symbol(self, symbol: sp.Symbol) -> sp.Expr:
        if symbol in self.substitutions:
            return self.substitutions[symbol]
        raise UnknownSymbol(
            f"The symbol {symbol.name} has no value: give it one in parameters.",
            field="parameters",
            name=symbol.name,
        )

    def _power(self, base: sp.Expr, exponent: sp.Expr) -> sp.Expr:
        base_sign = _sign(base)
        if base_sign == 0:
            exponent_sign = _sign(exponent)
            if exponent_sign > 0:
                return sp.S.Zero
            raise _Undefined(DIVISION_BY_ZERO if exponent_sign < 0 else INDETERMINATE)
        self._check_digits(base, exponent)
        if base_sign > 0 or exponent.is_integer:
            return sp.Pow(base, exponent)
        if exponent.is_Rational and exponent.q % 2 == 1:
            return sp.Integer(-1) ** exponent.p * sp.Pow(-base, exponent)
        raise _Undefined(NOT_REAL)

    def _check_digits(self, base: sp.Expr, exponent: sp.Expr) -> None:
        if exponent.is_Rational and _digits(base) * abs(exponent) > self.limits.max_digits:
            raise TooComplex(
                f"The exact value would have more than {self.limits.max_digits} digits.",
                limit="max_digits",
            )

    def _check_domain(self, e: sp.Expr, args: list[sp.Expr]) -> None:
        """Undefined outside the catalogue entry's domain (log: 0 < u) and at its poles."""
        entry = active().of(e)
        if entry is None:
            return
        a = args[0]
        if entry.domain is not None:
            _check_interval(entry.domain, a, LOG_OF_ZERO if isinstance(e, sp.log) else POLE)
        if entry.poles_where_zero is not None and _sign(entry.poles_where_zero(a)) == 0:
            raise _Undefined(POLE)


def _check_interval(domain: Interval, a: sp.Expr, at_open_end: str) -> None:
    """Raise _Undefined when ``a`` lies outside ``domain`` (``at_open_end`` on an open end)."""
    for end, outside in ((domain.upper, 1), (domain.lower, -1)):
        if not end.is_finite:
            continue
        sign = _sign(a - end)
        if sign == outside:
            raise _Undefined(NOT_REAL)
        if sign == 0 and domain.open:
            raise _Undefined(at_open_end)


def _digits(v: sp.Expr) -> float:
    """Decimal digits of a rational number, or of a rational power of one; else 0."""
    if v.is_Rational:
        return max(int(abs(v.p)).bit_length(), int(v.q).bit_length()) * math.log10(2)
    if v.is_Pow and v.exp.is_Rational:
        return _digits(v.base) * float(abs(v.exp))
    return 0.0


def derivative_value(
    g: sp.Expr,
    dg: sp.Expr,
    var: sp.Symbol,
    substitutions: Mapping[sp.Symbol, sp.Expr],
    g_value: RealValue,
    limits: Limits,
) -> RealValue:
    """The value of ``dg`` (= ∂g/∂var) where g has ``g_value``, undefined at kinks of g."""
    if not g_value.defined:
        return undefined_value(dg, substitutions, g_value.reason or UNDEFINED)
    result = real_value(dg, substitutions, limits)
    if result.reason not in (None, NOT_DIFFERENTIABLE, TOO_LARGE) or not _has_kink_at(
        g, var, substitutions, limits
    ):
        return result
    slope = _one_sided_slope(g, var, substitutions, g_value, limits)
    if slope is None or not result.defined or not _close(result.value, slope):
        return undefined_value(dg, substitutions, NOT_DIFFERENTIABLE)
    return result


def _has_kink_at(
    g: sp.Expr, var: sp.Symbol, substitutions: Mapping[sp.Symbol, sp.Expr], limits: Limits
) -> bool:
    arguments = {
        node.args[0]
        for node in sp.preorder_traversal(g)
        if _no_derivative_at_zero(node) and node.args[0].has(var)
    }
    for argument in arguments:
        value = real_value(argument, substitutions, limits)
        if value.defined and _sign(value.exact) == 0:
            return True
    return False


def _no_derivative_at_zero(node: sp.Basic) -> bool:
    """True for a kink or jump function (abs, relu, sign, heaviside): none where u = 0."""
    entry = active().of(node)
    return entry is not None and entry.no_derivative_at_zero


def _one_sided_slope(
    g: sp.Expr,
    var: sp.Symbol,
    substitutions: Mapping[sp.Symbol, sp.Expr],
    g_value: RealValue,
    limits: Limits,
) -> float | None:
    """The common limit of g's one-sided difference quotients at the point, or None."""
    point = substitutions[var]
    centre = g_value.exact.evalf(HIGH_DIGITS)
    slopes = []
    for step in KINK_STEPS:
        for side in (1, -1):
            shifted = sp.Float((point + side * step).evalf(HIGH_DIGITS), HIGH_DIGITS)
            value = real_value(g, {**substitutions, var: shifted}, limits)
            if not value.defined:
                return None
            slopes.append(float((value.exact.evalf(HIGH_DIGITS) - centre) / (side * step)))
    if not all(math.isfinite(s) for s in slopes):
        return None
    if max(slopes) - min(slopes) > KINK_TOLERANCE * max(1.0, max(abs(s) for s in slopes)):
        return None
    return slopes[-1]


def _close(value: float | None, slope: float) -> bool:
    return value is not None and abs(value - slope) <= KINK_TOLERANCE * max(1.0, abs(slope))


def chain_values(
    chain: Sequence[sp.Expr],
    var: sp.Symbol,
    orders: Sequence[int],
    substitutions: Mapping[sp.Symbol, sp.Expr],
    limits: Limits,
) -> list[RealValue]:
    """The values of ``chain[k]`` for each k in ``orders`` at one point."""
    values = [real_value(chain[0], substitutions, limits)]
    for k in range(1, max(orders, default=0) + 1):
        values.append(
            derivative_value(chain[k - 1], chain[k], var, substitutions, values[k - 1], limits)
        )
    return [values[k] for k in orders]


def derivative_values(
    f: sp.Expr,
    var: sp.Symbol,
    orders: Sequence[int],
    point: sp.Expr,
    parameters: Mapping[sp.Symbol, sp.Expr],
    limits: Limits,
) -> list[RealValue]:
    """The values of f^(k) at ``point`` for each k in ``orders``."""
    chain = derivative_chain(f, var, max(orders, default=0), limits)
    return chain_values(chain, var, orders, {**parameters, var: point}, limits)


def check_parameters(
    variables: Iterable[sp.Symbol], parameters: Mapping[sp.Symbol, sp.Expr]
) -> None:
    """Raise UnknownSymbol when a variable is also given a value in ``parameters``."""
    for symbol in sorted(set(variables) & parameters.keys(), key=lambda s: s.name):
        raise UnknownSymbol(
            f"{symbol.name} is a variable: give its value in at, not in parameters.",
            field="parameters",
            name=symbol.name,
        )


def require_values(
    expr: sp.Expr, variables: Iterable[sp.Symbol], parameters: Mapping[sp.Symbol, sp.Expr]
) -> None:
    """Raise UnknownSymbol for a symbol of ``expr`` that is neither a variable nor a parameter."""
    missing = expr.free_symbols - set(variables) - parameters.keys()
    for symbol in sorted(missing, key=lambda s: s.name):
        raise UnknownSymbol(
            f"The symbol {symbol.name} has no value: give it one in parameters.",
            field="parameters",
            name=symbol.name,
        )
