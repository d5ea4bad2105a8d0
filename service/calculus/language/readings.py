"""Reading warnings (SPEC §1.5): where a text that parsed may not say what its writer meant.

Each warning is read off the token list of a text that parsed, never off the text itself,
points at a token and says how the text was read and how to write the other reading:

    implicit_division        1/2x is x/2: an implicit product binds like '*', left to right
    exponent_ends_early      e^2x is e^2*x, x^1/2 is x/2, x^-1/2 is x^(-1)/2
    scientific_notation      2e-3x is 0.002*x, not 2*e^(-3x)
    function_name_in_symbol  sinx, xsinx, xe, 2pix are single symbols, not sin(x), x*e, ...
    implicit_product_before_parenthesis   2x(x-3) and e^x(x+1) multiply (the only reading)
    symbol_like_constant     E, I and i are ordinary real symbols, not e or the imaginary unit
    implicit_power_argument  sin x^2 is sin(x^2), not sin(x)^2

A warning with another plausible reading carries it as ``edits`` of the text (``e^2x`` →
``e^(2x)``), which answer checking reads to see what the writer probably meant.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import cast

import sympy as sp

from service.calculus.language import building
from service.calculus.language.extents import power_end, product_end
from service.calculus.language.suggestions import split_name
from service.calculus.language.tokens import FACTOR_STARTS, FUNC, NAME, NUMBER, OP, OPEN, Token

AMBIGUOUS = frozenset(
    {"implicit_division", "exponent_ends_early", "scientific_notation", "implicit_power_argument"}
)
"""Codes of warnings whose text has another plausible reading (SPEC §2.2)."""

_LIKE_CONSTANTS = {
    "E": "a symbol named E, not Euler's number; write e for Euler's number",
    "I": "a real symbol named I, not the imaginary unit (Deriv works with real numbers)",
    "i": "a real symbol named i, not the imaginary unit (Deriv works with real numbers)",
}


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` with ``replacement``."""

    start: int
    end: int
    replacement: str


@dataclass(frozen=True)
class ReadingWarning:
    """One warning about one field; ``edits`` turn the text into its other reading."""

    code: str
    field: str
    message: str
    position: int | None = None
    edits: tuple[Edit, ...] = ()


def rewritten(text: str, edits: Sequence[Edit]) -> str:
    """``text`` with non-overlapping ``edits`` applied."""
    for edit in sorted(edits, key=lambda edit: edit.start, reverse=True):
        text = text[: edit.start] + edit.replacement + text[edit.end :]
    return text


def token_warnings(tokens: list[Token], text: str, field: str) -> list[ReadingWarning]:
    """The warnings read off the tokens of ``text`` (which parsed), in order of position."""
    found: list[ReadingWarning] = []
    for index in range(len(tokens)):
        for check in _CHECKS:
            warning = check(_Site(tokens, index, text, field))
            if warning is not None and warning not in found:
                found.append(warning)
    return sorted(found, key=lambda warning: warning.position or 0)


@dataclass(frozen=True)
class _Site:
    """One token of a token list, with the text and field it came from."""

    tokens: list[Token]
    index: int
    text: str
    field: str

    def at(self, offset: int) -> Token:
        return self.tokens[min(self.index + offset, len(self.tokens) - 1)]

    def written(self, start: int, end: int) -> str:
        """The text of tokens ``start`` up to ``end`` (exclusive), as written."""
        return self.text[self.tokens[start].pos : self.tokens[end].pos].strip()

    def warning(self, code: str, message: str, *edits: Edit) -> ReadingWarning:
        return ReadingWarning(code, self.field, message, self.at(0).pos, tuple(edits))


def _is_op(token: Token, *ops: str) -> bool:
    return token.kind == OP and token.text in ops


def _implicit_division(site: _Site) -> ReadingWarning | None:
    """``/`` then a number (or a power of one) then an implicit factor: ``1/2x``."""
    if not _is_op(site.at(0), "/") or site.at(1).kind != NUMBER:
        return None
    after = 2
    if _is_op(site.at(2), "^") and site.at(3).kind in (NUMBER, NAME):
        after = 4
    factor = site.at(after)
    if factor.kind not in FACTOR_STARTS:
        return None
    start = site.index + 1
    end = product_end(site.tokens, site.index + after)
    divisor = site.written(start, site.index + after)
    denominator = site.written(start, end)
    factor_text = _factor_text(factor)
    message = (
        f"'/{denominator}' divides by {divisor} only, then multiplies by {factor_text}: an "
        f"implicit product binds like '*', left to right, so 1/2x is x/2. If {denominator} is "
        f"the whole denominator, write /({denominator})."
    )
    return site.warning("implicit_division", message, *_brackets(site, start, end))


def _brackets(site: _Site, start: int, end: int) -> tuple[Edit, Edit]:
    """Edits that put tokens ``start`` up to ``end`` in brackets."""
    opening = site.tokens[start].pos
    closing = len(site.text[: site.tokens[end].pos].rstrip())
    return Edit(opening, opening, "("), Edit(closing, closing, ")")


def _factor_text(token: Token) -> str:
    if token.kind == OPEN:
        return "(…)"
    if token.kind == FUNC:
        return f"{token.text}(…)"
    return token.text


def _exponent_ends_early(site: _Site) -> ReadingWarning | None:
    """A bare number exponent followed by a factor or a division: ``e^2x``, ``x^1/2``."""
    if not _is_op(site.at(0), "^") or site.index == 0:
        return None
    sign = 1 if _is_op(site.at(1), "+", "-") else 0
    number = site.at(1 + sign)
    if number.kind != NUMBER:
        return None
    after = site.at(2 + sign)
    base = site.tokens[site.index - 1]
    if _is_op(after, "/") and site.at(3 + sign).kind == NUMBER:
        return _exponent_before_division(site, sign, base)
    constant_base = base.kind == NUMBER or (
        base.kind == NAME and str(base.value) in building.CONSTANTS
    )
    if not constant_base or after.kind not in FACTOR_STARTS or after.spaced:
        return None
    start = site.index + 1
    end = power_end(site.tokens, site.index + 2 + sign)
    exponent, factor = site.written(start, site.index + 2 + sign), site.written(start, end)
    base_text = base.text
    message = (
        f"'{base_text}^{factor}' is read as {base_text}^{exponent}*"
        f"{site.written(site.index + 2 + sign, end)}: an exponent without brackets ends after "
        f"its number. For {base_text} to the power {factor}, write {base_text}^({factor})."
    )
    return site.warning("exponent_ends_early", message, *_brackets(site, start, end))


def _exponent_before_division(site: _Site, sign: int, base: Token) -> ReadingWarning | None:
    """``x^1/2``, ``x^-1/2``, ``x^2/3``: an exponent that looks like a fraction."""
    numerator = cast(sp.Rational, site.at(1 + sign).value)
    denominator = cast(sp.Rational, site.at(3 + sign).value)
    negative = bool(sign) and site.at(1).text == "-"
    if not (negative or numerator == 1 or bool(numerator < denominator)):
        return None
    start, end = site.index + 1, site.index + 4 + sign
    exponent, fraction = site.written(start, site.index + 2 + sign), site.written(start, end)
    base_text = base.text if base.kind in (NAME, NUMBER) else "(…)"
    message = (
        f"'{base_text}^{fraction}' is read as ({base_text}^{exponent})/"
        f"{site.at(3 + sign).text}: an exponent without brackets ends before '/'. For "
        f"{base_text} to the power {fraction}, write {base_text}^({fraction})."
    )
    return site.warning("exponent_ends_early", message, *_brackets(site, start, end))


def _scientific_notation(site: _Site) -> ReadingWarning | None:
    """A number written with an exponent: ``2e-3`` is 0.002, which may have meant 2e^(-3…)."""
    number = site.at(0)
    if number.kind != NUMBER or "e" not in number.text:
        return None
    mantissa, _, power = number.text.partition("e")
    end = site.index + 1
    if site.at(1).kind in FACTOR_STARTS and not site.at(1).spaced:
        end = power_end(site.tokens, site.index + 1)
    exponent = power + site.written(site.index + 1, end)
    closing = len(site.text[: site.tokens[end].pos].rstrip())
    value = format(float(cast(sp.Rational, number.value)), "g")
    read = value if end == site.index + 1 else f"{value}*{site.written(site.index + 1, end)}"
    message = (
        f"'{site.written(site.index, end)}' is read as {read}: {number.text} is a number in "
        f"scientific notation. For {mantissa} times Euler's number e to the power {exponent}, "
        f"write {mantissa}e^({exponent})."
    )
    edit = Edit(number.pos, closing, f"{mantissa}e^({exponent})")
    return site.warning("scientific_notation", message, edit)


def _function_name_in_symbol(site: _Site) -> ReadingWarning | None:
    """A symbol glued from a function or constant and letters: ``sinx``, ``xlnx``, ``xe``."""
    token = site.at(0)
    if token.kind != NAME:
        return None
    name = str(token.value)
    split = split_name(name)
    if split is None:
        return None
    hidden = f"the function {split.function}" if split.function else "a product"
    message = (
        f"'{name}' is read as one symbol named {name}, not as {hidden}: did you mean {split.meant}?"
    )
    written_as_is = site.text[token.pos : token.pos + len(name)] == name
    span = Edit(token.pos, token.pos + len(name), split.meant)
    edits = (span,) if split.complete and written_as_is else ()
    return site.warning("function_name_in_symbol", message, *edits)


def _implicit_product_before_parenthesis(site: _Site) -> ReadingWarning | None:
    """A one-letter name, e or pi directly before "(": ``2x(x-3)``, ``e^x(x+1)``."""
    token, following = site.at(0), site.at(1)
    if token.kind != NAME or following.kind != OPEN or following.text != "(":
        return None
    name = str(token.value)
    if following.spaced or (len(name) > 1 and name not in building.CONSTANTS):
        return None
    if name == "e":
        message = (
            "'e(…)' is read as e*(…), Euler's number times the bracket; for the exponential "
            "write e^(…)."
        )
    else:
        message = (
            f"'{name}(…)' is read as {name}*(…): a one-letter name or pi directly before '(' "
            "multiplies, as in 2x(x-3) = 2x*(x - 3); there are no functions of your own "
            "such as f(x)."
        )
    return site.warning("implicit_product_before_parenthesis", message)


def _symbol_like_constant(site: _Site) -> ReadingWarning | None:
    """``E``, ``I`` or ``i``: ordinary real symbols."""
    token = site.at(0)
    if token.kind != NAME or str(token.value) not in _LIKE_CONSTANTS:
        return None
    name = str(token.value)
    return site.warning("symbol_like_constant", f"'{name}' is {_LIKE_CONSTANTS[name]}.")


def _implicit_power_argument(site: _Site) -> ReadingWarning | None:
    """A function without parentheses whose argument is a power: ``sin x^2`` = sin(x^2)."""
    func = site.at(0)
    if func.kind != FUNC:
        return None
    start = 1
    if site.at(1).kind == OPEN or _is_op(site.at(1), "^"):
        return None
    if site.at(1).kind == NUMBER and site.at(2).kind == NAME:
        start = 2
    base = site.at(start)
    if base.kind not in (NAME, NUMBER) or not _is_op(site.at(start + 1), "^"):
        return None
    exponent = site.at(start + 2)
    name = func.text
    argument = site.written(site.index + 1, site.index + start + 1)
    power = exponent.text if exponent.kind in (NUMBER, NAME) else "…"
    message = (
        f"'{name} {argument}^{power}' is read as {name}({argument}^{power}): a function "
        f"without parentheses takes the whole power. For a power of {name}({argument}), "
        f"write {name}({argument})^{power}."
    )
    return site.warning(
        "implicit_power_argument",
        message,
        *_brackets(site, site.index + 1, site.index + start + 1),
    )


_CHECKS: tuple[Callable[[_Site], ReadingWarning | None], ...] = (
    _implicit_division,
    _exponent_ends_early,
    _scientific_notation,
    _function_name_in_symbol,
    _implicit_product_before_parenthesis,
    _symbol_like_constant,
    _implicit_power_argument,
)
