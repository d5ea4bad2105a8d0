"""The guarded constructors that turn parsed pieces into sympy objects.

Nothing here reads user text: the tokenizers hand over validated digit strings and names,
and the parser calls these constructors. Every constructor checks sizes *before* sympy does
any arithmetic that could explode (``9^9^9``, ``(2x)^(10^6)``, ``1e999999999``).
"""

from __future__ import annotations

import math

import sympy as sp
from sympy.core.numbers import ComplexInfinity, Infinity, NaN, NegativeInfinity

from service.calculus.errors import TooComplex
from service.calculus.language.catalogue import active
from service.calculus.limits import Limits

CONSTANTS: dict[str, sp.Expr] = {"pi": sp.pi, "e": sp.E}
"""Names that are constants rather than symbols."""


def is_function(name: str) -> bool:
    """True for a function name of the grammar (the active catalogue's spellings)."""
    return name in active().spellings


def is_reserved(name: str) -> bool:
    """True for a name that can never be a variable: a function or a constant."""
    return name in CONSTANTS or is_function(name)


_UNDEFINED = (ComplexInfinity, NaN, Infinity, NegativeInfinity)

MAX_EXPONENT_DIGITS = 6
"""Digits of a literal's decimal exponent (``1e999999``) read before the size check refuses it."""


def symbol(name: str) -> sp.Symbol:
    """The real symbol of an identifier the tokenizer has already validated."""
    return sp.Symbol(name, real=True)


def number(int_part: str, frac_part: str, exponent: str, limits: Limits) -> sp.Rational:
    """Build the exact Rational ``int_part.frac_part e exponent`` from validated digit strings."""
    if len(exponent.lstrip("+-").lstrip("0")) > MAX_EXPONENT_DIGITS:
        raise _too_many_digits(limits)
    mantissa = (int_part + frac_part).lstrip("0")
    if not mantissa:
        return sp.S.Zero
    shift = (int(exponent) if exponent else 0) - len(frac_part)
    digits = len(mantissa) + shift if shift >= 0 else max(len(mantissa), 1 - shift)
    if digits > limits.max_digits:
        raise _too_many_digits(limits)
    if shift >= 0:
        return sp.Integer(int(mantissa) * 10**shift)
    return sp.Rational(int(mantissa), 10**-shift)


def integer(value: int, limits: Limits) -> sp.Integer:
    """An exact Integer from a Python int, refused when it has too many digits."""
    if value and math.log10(abs(value)) >= limits.max_digits:
        raise _too_many_digits(limits)
    return sp.Integer(value)


def rational(value: sp.Rational, limits: Limits) -> sp.Rational:
    """Check a Rational's numerator and denominator against ``max_digits``."""
    if _log10_size(value) >= limits.max_digits:
        raise _too_many_digits(limits)
    return value


def power(base: sp.Expr, exponent: sp.Expr, limits: Limits) -> sp.Expr:
    """``base ** exponent``, refused before sympy computes a huge number or exponent."""
    if exponent.is_Rational:
        magnitude = abs(exponent)
        if magnitude > 1 and magnitude * _numeric_size(base) >= limits.max_digits:
            raise TooComplex(
                f"The power would produce a number with more than {limits.max_digits} digits.",
                limit="max_digits",
            )
        if base.free_symbols and magnitude > limits.max_exponent:
            raise _exponent_too_large(limits)
    result = sp.Pow(base, exponent)
    for factor in sp.Mul.make_args(result):
        if (
            factor.is_Pow
            and factor.exp.is_Rational
            and abs(factor.exp) > limits.max_exponent
            and factor.base.free_symbols
        ):
            raise _exponent_too_large(limits)
    return result


def is_undefined(expr: sp.Expr) -> bool:
    """True for a division by zero and the like: zoo, nan, or a product/sum holding one."""
    return isinstance(expr, _UNDEFINED) or any(isinstance(arg, _UNDEFINED) for arg in expr.args)


def _numeric_size(base: sp.Expr) -> float:
    """Decimal digits that sympy would raise to a power when it evaluates ``base ** n``."""
    size = 0.0
    for factor in sp.Mul.make_args(base):
        if factor.is_Rational:
            size += _log10_size(factor)
        elif factor.is_Pow and factor.base.is_Rational and factor.exp.is_Rational:
            size += float(abs(factor.exp)) * _log10_size(factor.base)
    return size


def _log10_size(value: sp.Rational) -> float:
    """log10 of the larger of |numerator| and denominator (0 for 0 and ±1)."""
    largest = max(abs(int(value.p)), int(value.q))
    return math.log10(largest) if largest > 1 else 0.0


def _too_many_digits(limits: Limits) -> TooComplex:
    return TooComplex(
        f"A number in the expression has more than {limits.max_digits} digits.",
        limit="max_digits",
    )


def _exponent_too_large(limits: Limits) -> TooComplex:
    return TooComplex(
        f"An exponent of a variable is larger than {limits.max_exponent} in size.",
        limit="max_exponent",
    )
