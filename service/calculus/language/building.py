"""The whitelist and the guarded constructors that turn parsed pieces into sympy objects.

Nothing here reads user text: the tokenizers hand over validated digit strings and names,
and the parser calls these constructors. Every constructor checks sizes *before* sympy does
any arithmetic that could explode (``9^9^9``, ``(2x)^(10^6)``, ``1e999999999``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import sympy as sp
from sympy.core.numbers import ComplexInfinity, Infinity, NaN, NegativeInfinity

from service.calculus.errors import TooComplex
from service.calculus.language import functions
from service.calculus.limits import Limits


@dataclass(frozen=True)
class FunctionSpec:
    """A whitelisted function: how many arguments it takes and how to build it."""

    arities: tuple[int, ...]
    build: Callable[..., sp.Expr]


GRAMMAR_FUNCTIONS: tuple[type[sp.Function], ...] = (
    sp.sin, sp.cos, sp.tan, sp.cot, sp.sec, sp.csc, sp.asin, sp.acos, sp.atan,
    sp.sinh, sp.cosh, sp.tanh, sp.exp, sp.log, sp.Abs, sp.sign, sp.Heaviside,
    functions.sigmoid, functions.softplus, functions.relu, functions.cbrt,
)  # fmt: skip
"""The sympy classes that text in our grammar can denote."""


def within_grammar(expr: sp.Expr) -> bool:
    """True when every function in ``expr`` is one the grammar can write (no re, arg, atan2)."""
    return all(isinstance(f, GRAMMAR_FUNCTIONS) for f in expr.atoms(sp.Function))


def _evaluated(build: Callable[..., sp.Expr]) -> Callable[[sp.Expr], sp.Expr]:
    """``build(arg)`` as sympy evaluates it, unless that brings in functions outside the
    grammar (|e^(-sqrt x)| becomes exp(-cos(atan2(0, x)/2)*sqrt(|x|)) for real x): then
    the unevaluated ``build(arg, evaluate=False)``, which prints and parses back as written."""

    def evaluated(arg: sp.Expr) -> sp.Expr:
        result = build(arg)
        if within_grammar(result) or not within_grammar(arg):
            return result
        return build(arg, evaluate=False)

    return evaluated


_absolute_value = _evaluated(sp.Abs)
"""``Abs`` built with evaluation (made once: it is used for every absolute value)."""


def _abs(arg: sp.Expr) -> sp.Expr:
    """|arg| in the canonical form its printed text parses to.

    When sympy evaluates |arg| into something else it can leave non-canonical pieces:
    Abs(Abs(u)) after pulling a factor out of |c*|u||, or exp(-(3 + pi)) from |e^-(3 + pi)|;
    such a result is rebuilt bottom-up, so they become Abs(u) and exp(-pi - 3).
    """
    result = _absolute_value(arg)
    if isinstance(result, sp.Abs) and result.args[0] == arg:
        return result
    return _rebuilt(result)


def _rebuilt(expr: sp.Expr) -> sp.Expr:
    """``expr`` rebuilt from its leaves with sympy's evaluation, Abs(Abs(u)) as Abs(u)."""
    if not expr.args:
        return expr
    args = [_rebuilt(arg) for arg in expr.args]
    if isinstance(expr, sp.Abs):
        return args[0] if isinstance(args[0], sp.Abs) else _absolute_value(args[0])
    return expr.func(*args)


def _log(arg: sp.Expr, base: sp.Expr | None = None) -> sp.Expr:
    return sp.log(arg) if base is None else sp.log(arg, base)


def _spec(build: Callable[..., sp.Expr]) -> FunctionSpec:
    return FunctionSpec((1,), _evaluated(build))


FUNCTIONS: dict[str, FunctionSpec] = {
    "sin": _spec(sp.sin),
    "cos": _spec(sp.cos),
    "tan": _spec(sp.tan),
    "cot": _spec(sp.cot),
    "sec": _spec(sp.sec),
    "csc": _spec(sp.csc),
    "asin": _spec(sp.asin),
    "acos": _spec(sp.acos),
    "atan": _spec(sp.atan),
    "arcsin": _spec(sp.asin),
    "arccos": _spec(sp.acos),
    "arctan": _spec(sp.atan),
    "sinh": _spec(sp.sinh),
    "cosh": _spec(sp.cosh),
    "tanh": _spec(sp.tanh),
    "exp": _spec(sp.exp),
    "ln": _spec(sp.log),
    "log": FunctionSpec((1, 2), _log),
    "log2": FunctionSpec((1,), lambda arg: sp.log(arg, 2)),
    "log10": FunctionSpec((1,), lambda arg: sp.log(arg, 10)),
    "sqrt": _spec(sp.sqrt),
    "cbrt": _spec(functions.cbrt),
    "abs": FunctionSpec((1,), _abs),
    "sign": _spec(sp.sign),
    "heaviside": _spec(sp.Heaviside),
    "sigmoid": _spec(functions.sigmoid),
    "softplus": _spec(functions.softplus),
    "relu": _spec(functions.relu),
}
"""Every function name of the grammar (plain and LaTeX), mapped to its sympy constructor."""

CONSTANTS: dict[str, sp.Expr] = {"pi": sp.pi, "e": sp.E}
"""Names that are constants rather than symbols."""

RESERVED = frozenset(FUNCTIONS) | frozenset(CONSTANTS)
"""Names that can never be a variable."""

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
