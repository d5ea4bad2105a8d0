"""What a text was understood as, and what a learner should see before submitting it.

``read`` gives what POST /v1/parse shows: the parsed expression and the warnings of
``parse_warnings``. Each warning is read off the token list of a text that
parsed (the tokenizer of its syntax), never off the text itself, and points at a token:

    implicit_division        1/2x is x/2: an implicit product binds like '*', left to right
    function_name_in_symbol  sinx, lnx, sqrtx, xsin are single symbols, not sin(x), ...
    symbol_like_constant     E, I and i are ordinary real symbols, not e or the imaginary unit
    implicit_power_argument  sin x^2 is sin(x^2), not sin(x)^2
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sympy as sp

from service.calculus.language import building
from service.calculus.language.grammar import parse_tokens
from service.calculus.language.parser import tokenize
from service.calculus.language.tokens import FACTOR_STARTS, FUNC, NAME, NUMBER, OP, OPEN, Token
from service.calculus.limits import Limits


@dataclass(frozen=True)
class ReadingWarning:
    """A warning about how a text was read, at the position of the token it points to."""

    code: str
    message: str
    position: int


@dataclass(frozen=True)
class Reading:
    """A text as understood: the parsed expression and the warnings, by position."""

    expression: sp.Expr
    warnings: tuple[ReadingWarning, ...]


_FUNCTION_NAMES = sorted(building.FUNCTIONS, key=len, reverse=True)
"""Whitelisted function names, longest first (``sinh`` before ``sin``)."""

_LIKE_CONSTANTS = {
    "E": "a symbol named E, not Euler's number; write e for Euler's number",
    "I": "a real symbol named I, not the imaginary unit (Deriv works with real numbers)",
    "i": "a real symbol named i, not the imaginary unit (Deriv works with real numbers)",
}


def read(text: str, *, syntax: str, limits: Limits) -> Reading:
    """The expression ``text`` is read as, and its warnings."""
    tokens = tokenize(text, syntax=syntax, field="expression", limits=limits)
    expr = parse_tokens(tokens, text, "expression", limits)
    return Reading(expression=expr, warnings=tuple(token_warnings(tokens)))


def parse_warnings(text: str, *, syntax: str, limits: Limits) -> list[ReadingWarning]:
    """Warnings about a text that parses, in order of position, each at most once."""
    return token_warnings(tokenize(text, syntax=syntax, field="expression", limits=limits))


def token_warnings(tokens: list[Token]) -> list[ReadingWarning]:
    """The warnings read off the tokens of a text that parsed."""
    found: list[ReadingWarning] = []
    for index in range(len(tokens)):
        for check in _CHECKS:
            warning = check(tokens, index)
            if warning is not None and warning not in found:
                found.append(warning)
    return sorted(found, key=lambda warning: warning.position)


def _warning(code: str, message: str, token: Token) -> ReadingWarning:
    return ReadingWarning(code=code, message=message, position=token.pos)


def _implicit_division(tokens: list[Token], index: int) -> ReadingWarning | None:
    """``/`` then a number (or a power of one) then an implicit factor: ``1/2x``."""
    slash = tokens[index]
    if slash.kind != OP or slash.text != "/" or tokens[index + 1].kind != NUMBER:
        return None
    after = index + 2
    if (
        tokens[after].kind == OP
        and tokens[after].text == "^"
        and tokens[after + 1].kind
        in (
            NUMBER,
            NAME,
        )
    ):
        after += 2
    factor = tokens[after]
    if factor.kind not in FACTOR_STARTS:
        return None
    divisor = "".join(token.text for token in tokens[index + 1 : after])
    factor_text = _factor_text(factor)
    written = f"{divisor}{factor_text}"
    message = (
        f"'/{written}' divides by {divisor} only, then multiplies by {factor_text}: an "
        f"implicit product binds like '*', left to right, so 1/2x is x/2. If {written} is "
        f"the whole denominator, write /({written})."
    )
    return _warning("implicit_division", message, slash)


def _factor_text(token: Token) -> str:
    if token.kind == OPEN:
        return "(…)"
    if token.kind == FUNC:
        return f"{token.text}(…)"
    return token.text


def _function_name_in_symbol(tokens: list[Token], index: int) -> ReadingWarning | None:
    """A symbol whose name starts or ends with a function name: ``sinx``, ``xsin``."""
    token = tokens[index]
    if token.kind != NAME:
        return None
    name = str(token.value)
    if name in building.RESERVED:
        return None
    for function in _FUNCTION_NAMES:
        if len(name) > len(function) and name.startswith(function):
            meant = f"{function}({name[len(function) :]})"
            break
        if len(name) > len(function) and name.endswith(function):
            meant = f"{name[: -len(function)]}*{function}(…)"
            break
    else:
        return None
    message = (
        f"'{name}' is read as one symbol named {name}, not as the function {function}: "
        f"did you mean {meant}?"
    )
    return _warning("function_name_in_symbol", message, token)


def _symbol_like_constant(tokens: list[Token], index: int) -> ReadingWarning | None:
    """``E``, ``I`` or ``i``: ordinary real symbols."""
    token = tokens[index]
    if token.kind != NAME or str(token.value) not in _LIKE_CONSTANTS:
        return None
    name = str(token.value)
    return _warning("symbol_like_constant", f"'{name}' is {_LIKE_CONSTANTS[name]}.", token)


def _implicit_power_argument(tokens: list[Token], index: int) -> ReadingWarning | None:
    """A function without parentheses whose argument is a power: ``sin x^2`` = sin(x^2)."""
    func = tokens[index]
    if func.kind != FUNC:
        return None
    start = index + 1
    if tokens[start].kind == OPEN or (tokens[start].kind == OP and tokens[start].text == "^"):
        return None
    if tokens[start].kind == NUMBER and tokens[start + 1].kind == NAME:
        start += 1
    base = tokens[start]
    if base.kind not in (NAME, NUMBER):
        return None
    caret, exponent = tokens[start + 1], tokens[min(start + 2, len(tokens) - 1)]
    if caret.kind != OP or caret.text != "^":
        return None
    name = func.text
    argument = "".join(token.text for token in tokens[index + 1 : start + 1])
    power = exponent.text if exponent.kind in (NUMBER, NAME) else "…"
    message = (
        f"'{name} {argument}^{power}' is read as {name}({argument}^{power}): a function "
        f"without parentheses takes the whole power. For a power of {name}({argument}), "
        f"write {name}({argument})^{power}."
    )
    return _warning("implicit_power_argument", message, func)


_CHECKS: tuple[Callable[[list[Token], int], ReadingWarning | None], ...] = (
    _implicit_division,
    _function_name_in_symbol,
    _symbol_like_constant,
    _implicit_power_argument,
)
