"""Text to sympy, through our own grammar and whitelist: the only place user text is read.

``parse_expression`` reads the plain syntax (SPEC §1.1) or LaTeX (§1.2); ``parse_point``
reads a constant point; ``parse_symbol`` validates a variable name. The tokenizers are in
``tokens.py`` / ``latex_tokens.py``, the grammar in ``grammar.py`` and the guarded sympy
constructors with the whitelist in ``building.py``. No user string ever reaches eval, exec,
sympify or any library parser.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction

import sympy as sp

from service.calculus.errors import InvalidPoint, NotRealConstant, TooComplex
from service.calculus.language import building
from service.calculus.language.excerpts import parse_error
from service.calculus.language.grammar import parse_tokens
from service.calculus.language.latex_tokens import tokenize_latex
from service.calculus.language.readings import ReadingWarning, token_warnings
from service.calculus.language.tokens import MAX_NAME_LENGTH, NAME, Token, tokenize_plain
from service.calculus.limits import DEFAULT_LIMITS, Limits
from service.calculus.numeric import DIGITS, is_real_pair

_TOKENIZERS = {"plain": tokenize_plain, "latex": tokenize_latex}

SYNTAXES = tuple(_TOKENIZERS)
"""The accepted values of ``syntax``."""

_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9]*")
_OPERATOR = re.compile(r"d[a-z]?/d[a-z]|\\[dt]?frac(\{d[a-z]?\}|d)\{d[a-z]\}")
"""The derivative operator, as ``_refuse_derivative_operator`` joins its tokens."""
_INFINITIES = {"oo": sp.oo, "+oo": sp.oo, "-oo": -sp.oo}


def parse_expression(
    text: str,
    *,
    syntax: str = "plain",
    field: str = "expression",
    limits: Limits = DEFAULT_LIMITS,
) -> sp.Expr:
    """Parse ``text`` in the given syntax into a sympy expression with real symbols.

    Raises ParseError / UnknownFunction on bad text and TooComplex when a size limit is hit.
    """
    tokens = tokenize(text, syntax=syntax, field=field, limits=limits)
    _refuse_derivative_operator(tokens, text, field)
    return parse_tokens(tokens, text, field, limits)


def read_warnings(
    text: str, *, syntax: str, field: str, limits: Limits = DEFAULT_LIMITS
) -> list[ReadingWarning]:
    """The reading warnings (SPEC §1.5) of a text that parses."""
    return token_warnings(tokenize(text, syntax=syntax, field=field, limits=limits), text, field)


def _refuse_derivative_operator(tokens: list[Token], text: str, field: str) -> None:
    """``d/dx`` or ``\\frac{d}{dx}`` is the operator, which would read as d/(d*x)."""
    names = [str(token.value) if token.kind == NAME else token.text for token in tokens]
    for index, token in enumerate(tokens):
        operator = names[index].startswith(("d", "\\")) and _OPERATOR.match(
            "".join(names[index : index + 9])
        )
        if operator:
            written = operator.group(0)
            what = f"the derivative itself (2x, not {written} x^2)"
            if field != "answer":
                what = "the function to differentiate; the variable goes in 'variable'"
            raise parse_error(
                f"'{written}' at position {token.pos} is the derivative operator, which the "
                f"expression language does not have: write only {what}.",
                text,
                token.pos,
                field,
            )


def tokenize(text: str, *, syntax: str, field: str, limits: Limits) -> list[Token]:
    """The tokens of ``text`` in the given syntax, after the length check."""
    if syntax not in SYNTAXES:
        raise ValueError(f"syntax must be one of {SYNTAXES}, not {syntax!r}")
    if len(text) > limits.max_length:
        raise TooComplex(
            f"The {field} is longer than {limits.max_length} characters.", limit="max_length"
        )
    return _TOKENIZERS[syntax](text, field, limits)


def parse_point(
    value: int | float | str,
    *,
    field: str,
    limits: Limits = DEFAULT_LIMITS,
    allow_infinite: bool = False,
) -> sp.Expr:
    """Read a point: a JSON number (made exact) or a constant expression in the plain syntax.

    ``"oo"`` / ``"-oo"`` give ±oo when ``allow_infinite``; raises InvalidPoint for a point that
    is not a real constant, ParseError for bad text, TooComplex for oversized numbers.
    """
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise InvalidPoint(f"The point '{field}' must be a number or a string.", field=field)
    if isinstance(value, int):
        return building.integer(value, limits)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidPoint(f"The point '{field}' must be a finite number.", field=field)
        fraction = Fraction(repr(value))
        return building.rational(sp.Rational(fraction.numerator, fraction.denominator), limits)
    infinity = _INFINITIES.get(value.strip())
    if infinity is not None:
        if not allow_infinite:
            raise InvalidPoint(f"The point '{field}' cannot be infinite here.", field=field)
        return infinity
    try:
        expr = parse_expression(value, field=field, limits=limits)
    except NotRealConstant:
        raise InvalidPoint(f"The point '{field}' is not a real number.", field=field) from None
    _check_constant(expr, field)
    return expr


def parse_symbol(name: str, *, field: str) -> sp.Symbol:
    """Validate a variable name (letters and digits, starting with a letter, <= 32 long)."""
    if not isinstance(name, str) or not _IDENTIFIER.fullmatch(name):
        text = name if isinstance(name, str) else ""
        position = _first_invalid(text)
        raise parse_error(
            f"'{field}' must be a name made of letters and digits, starting with a letter.",
            text,
            position,
            field,
        )
    if len(name) > MAX_NAME_LENGTH:
        raise parse_error(
            f"'{field}' is longer than {MAX_NAME_LENGTH} characters.", name, MAX_NAME_LENGTH, field
        )
    if building.is_reserved(name):
        kind = "a function" if building.is_function(name) else "a constant"
        raise parse_error(f"'{name}' is {kind}, not a variable name.", name, 0, field)
    return building.symbol(name)


def _first_invalid(text: str) -> int:
    match = _IDENTIFIER.match(text)
    return match.end() if match else 0


def _check_constant(expr: sp.Expr, field: str) -> None:
    """Raise InvalidPoint unless ``expr`` is a real, finite constant."""
    if expr.free_symbols:
        names = ", ".join(sorted(str(s) for s in expr.free_symbols))
        raise InvalidPoint(
            f"The point '{field}' must be a constant, but it contains {names}.", field=field
        )
    if expr.is_real is True:
        return
    if expr.is_real is False or not _numerically_real(expr):
        raise InvalidPoint(f"The point '{field}' is not a real number.", field=field)


def _numerically_real(expr: sp.Expr) -> bool:
    value = sp.N(expr, DIGITS)
    if not value.is_number or value.has(sp.S.NaN, sp.S.ComplexInfinity):
        return False
    return is_real_pair(*value.as_real_imag())
