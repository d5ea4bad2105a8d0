"""Tokens of the expression language, and the tokenizer of the plain syntax.

Plain tokens (SPEC §1.1)::

    number      digits with an optional fraction and exponent: 3  0.5  .5  5.  1e-3  2E+4
    name        a letter then letters/digits, at most 32 characters (a function name
                on the whitelist becomes a "func" token); π is the name pi
    operators   + - * / ^ and ** (= ^); × · are *, ÷ is /, − is -; ² ³ are ^2 ^3
    brackets    ( ) [ ]   the bar |   the comma ,   √ (the function sqrt)
    spaces      space, tab, newline, carriage return (ignored, but remembered on the next
                token: a name is *called* only when "(" follows it without a space)

Any other character (controls, NUL, lone surrogates, look-alike letters, ; $ @ _ ' " ...)
is a parse error at its position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sympy as sp

from service.calculus.language import building
from service.calculus.language.excerpts import describe, parse_error
from service.calculus.limits import Limits

MAX_NAME_LENGTH = 32

NUMBER = "number"
NAME = "name"
FUNC = "func"
OP = "op"
OPEN = "open"
CLOSE = "close"
BAR = "bar"
ABS_OPEN = "abs_open"
ABS_CLOSE = "abs_close"
COMMA = "comma"
FRAC = "frac"
ROOT = "root"
SUB = "sub"
END = "end"

CLOSING = {"(": ")", "[": "]", "{": "}"}
"""The closing bracket of each opening bracket."""


FACTOR_STARTS = frozenset({NAME, FUNC, OPEN, ABS_OPEN, FRAC, ROOT})
"""Tokens that start an implicit factor (a bar too, when no bar is open: see grammar.py)."""


@dataclass(frozen=True, slots=True)
class Token:
    """One token: its kind, the text it was written as, its 0-based position and value."""

    kind: str
    text: str
    pos: int
    value: object = None
    spaced: bool = False
    """Whitespace (or a LaTeX sizing command) came right before it."""


_PLAIN = re.compile(
    r"""
    (?P<space>[ \t\r\n]+)
  | (?P<number>(?=\.?[0-9])(?P<int>[0-9]*)(?:\.(?P<frac>[0-9]*))?(?:[eE](?P<exp>[+-]?[0-9]+))?)
  | (?P<name>[A-Za-z][A-Za-z0-9]*)
  | (?P<op>\*\*|[-+*/^])
  | (?P<open>[(\[])
  | (?P<close>[)\]])
  | (?P<bar>\|)
  | (?P<comma>,)
    """,
    re.VERBOSE,
)

UNICODE: dict[str, tuple[tuple[str, str, object], ...]] = {
    "×": ((OP, "*", None),),
    "·": ((OP, "*", None),),
    "÷": ((OP, "/", None),),
    "−": ((OP, "-", None),),
    "²": ((OP, "^", None), (NUMBER, "2", sp.Integer(2))),
    "³": ((OP, "^", None), (NUMBER, "3", sp.Integer(3))),
    "√": ((FUNC, "sqrt", "sqrt"),),
    "π": ((NAME, "pi", "pi"),),
}

_HINTS = {
    "!": "Factorials are not supported.",
    "'": "Quotes and primes are not part of the expression language.",
    '"': "Quotes are not part of the expression language.",
    "=": "Write only the expression, without '='.",
    "_": "Names are made of letters and digits only.",
    ".": "A '.' must be part of a number such as 0.5.",
}


def tokenize_plain(text: str, field: str, limits: Limits) -> list[Token]:
    """Split plain-syntax text into tokens, ending with an ``end`` token."""
    tokens: list[Token] = []
    pos = 0
    spaced = False
    while pos < len(text):
        char = text[pos]
        if char in UNICODE:
            for kind, written, value in UNICODE[char]:
                tokens.append(Token(kind, written, pos, value, spaced))
            pos += 1
            spaced = False
            continue
        match = _PLAIN.match(text, pos)
        if match is None or match.end() == pos:
            raise unexpected_character(text, pos, field)
        group = match.lastgroup
        if group == "space":
            spaced = True
        else:
            tokens.append(_plain_token(match, text, field, limits, spaced))
            spaced = False
        pos = match.end()
    tokens.append(Token(END, "", len(text), None, spaced))
    return tokens


def _plain_token(
    match: re.Match[str], text: str, field: str, limits: Limits, spaced: bool
) -> Token:
    group = match.lastgroup
    written = match.group()
    pos = match.start()
    if group == "number":
        value = building.number(
            match.group("int") or "", match.group("frac") or "", match.group("exp") or "", limits
        )
        return Token(NUMBER, written, pos, value, spaced)
    if group == "name":
        return name_token(written, pos, text, field, spaced)
    if group == "op":
        return Token(OP, "^" if written == "**" else written, pos, None, spaced)
    kind = str(group)  # the group names are the token kinds: open, close, bar, comma
    return Token(kind, written, pos, None, spaced)


def name_token(name: str, pos: int, text: str, field: str, spaced: bool) -> Token:
    """A ``func`` token for a whitelisted function name, otherwise a ``name`` token."""
    if len(name) > MAX_NAME_LENGTH:
        raise parse_error(
            f"The name starting at position {pos} is longer than {MAX_NAME_LENGTH} characters.",
            text,
            pos,
            field,
        )
    kind = FUNC if building.is_function(name) else NAME
    return Token(kind, name, pos, name, spaced)


_ANSWER_HINTS = {
    "=": "Write only the derivative itself, without y' = or f'(x) =.",
    "'": "Write only the derivative itself, without y' = or f'(x) =.",
}


def unexpected_character(text: str, pos: int, field: str) -> Exception:
    """The parse error for a character that no token may start with."""
    char = text[pos]
    hint = (_ANSWER_HINTS if field == "answer" else {}).get(char) or _HINTS.get(char, "")
    message = f"Unexpected character {describe(char)} at position {pos}."
    return parse_error(f"{message} {hint}".strip(), text, pos, field)
