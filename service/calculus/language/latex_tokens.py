"""The tokenizer of the LaTeX syntax (SPEC §1.2): LaTeX text to the grammar's tokens.

What LMS editors (MathQuill, MathLive) and people emit::

    \\frac \\dfrac \\tfrac {a}{b}    \\sqrt{x}  \\sqrt[n]{x}      x^{2}  x^2  e^{-x^2}
    \\sin \\cos ... \\arcsin \\exp \\ln \\log \\log_{b}      \\operatorname{sigmoid}
    \\cdot \\times \\ast (= *)   \\div (= /)    \\left( \\right)  \\left[ \\right]  \\left| \\right|
    \\pi  Greek letters (symbols named theta, lambda, ...)   \\mathrm{lam} (one name)
    braces as brackets    \\, \\; \\: \\! \\quad ~ and "\\ " are spaces

Letters follow LaTeX: ``xy`` is x times y, ``w_1`` / ``w_{12}`` are the names w1 / w12; a run
of letters that is a whitelisted function name (``sin``) is that function, and a longer run
written directly before "(" is an unknown function (a single letter there multiplies). As in
LaTeX, ``^``, ``_``, ``\\sqrt`` and ``\\frac`` without braces take a single character
(``x^23`` is x^2 then 3). Any other command is an ``unknown_function`` naming it.
"""

from __future__ import annotations

import re

from service.calculus.errors import UnknownFunction
from service.calculus.language import building
from service.calculus.language.catalogue import active
from service.calculus.language.excerpts import parse_error
from service.calculus.language.suggestions import unknown_function
from service.calculus.language.tokens import (
    ABS_CLOSE,
    ABS_OPEN,
    BAR,
    CLOSE,
    END,
    FRAC,
    FUNC,
    NAME,
    NUMBER,
    OP,
    OPEN,
    ROOT,
    SUB,
    UNICODE,
    Token,
    name_token,
    unexpected_character,
)
from service.calculus.limits import Limits

GREEK = frozenset(
    {
        "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
        "lambda", "mu", "nu", "xi", "omicron", "rho", "sigma", "tau", "upsilon", "phi", "chi",
        "psi", "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon",
        "Phi", "Psi", "Omega",
    }
)  # fmt: skip
"""Greek letter commands; each is a symbol of that name (``\\theta`` is theta)."""

_VARIANTS = {
    "varepsilon": "epsilon",
    "vartheta": "theta",
    "varrho": "rho",
    "varsigma": "sigma",
    "varphi": "phi",
    "varpi": "pi",
}
_SPACES = frozenset({",", ";", ":", "!", " ", "quad", "qquad"})
_OPERATORS = {"cdot": "*", "times": "*", "ast": "*", "div": "/"}
_FRACS = frozenset({"frac", "dfrac", "tfrac"})
_WORD_WRAPPERS = frozenset({"operatorname", "mathrm", "mathit", "text", "textrm"})

_LATEX = re.compile(
    r"""
    (?P<space>[ \t\r\n~]+)
  | \\(?P<command>[A-Za-z]+|[^A-Za-z])
  | (?P<number>[0-9]+(?:\.[0-9]+)?|\.[0-9]+)
  | (?P<letters>[A-Za-z]+)
  | (?P<op>[-+*/^])
  | (?P<open>[(\[{])
  | (?P<close>[)\]}])
  | (?P<bar>\|)
  | (?P<comma>,)
  | (?P<sub>_)
    """,
    re.VERBOSE,
)
_SUBSCRIPT = re.compile(r"_(?:\{([A-Za-z0-9]+)\}|([A-Za-z0-9]))")
_BRACED_WORD = re.compile(r"\s*\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}")
_DELIMITER = re.compile(r"\s*(\\lvert|\\rvert|\\vert|\\\{|\\\}|[()\[\]|.])")


class _LatexTokenizer:
    def __init__(self, text: str, field: str, limits: Limits) -> None:
        self.text = text
        self.field = field
        self.limits = limits
        self.tokens: list[Token] = []
        self.pos = 0
        self.spaced = False
        self.single_chars = 0
        """How many following bare digits are single-character arguments (x^23, \\frac12)."""

    def run(self) -> list[Token]:
        text = self.text
        while self.pos < len(text):
            char = text[self.pos]
            if char in UNICODE:
                for kind, written, value in UNICODE[char]:
                    self.emit(Token(kind, written, self.pos, value, self.spaced))
                self.pos += 1
                continue
            if self.single_chars and char.isascii() and char.isdigit():
                self.emit_number(char, self.pos)
                self.single_chars -= 1
                self.pos += 1
                continue
            match = _LATEX.match(text, self.pos)
            if match is None:
                raise unexpected_character(text, self.pos, self.field)
            self.pos = match.end()
            self.dispatch(match)
        self.tokens.append(Token(END, "", len(text), None, self.spaced))
        return self.tokens

    def emit(self, token: Token) -> None:
        self.tokens.append(token)
        self.spaced = False

    def emit_number(self, digits: str, pos: int) -> None:
        whole, _, frac = digits.partition(".")
        value = building.number(whole, frac, "", self.limits)
        self.tokens.append(Token(NUMBER, digits, pos, value, self.spaced))
        self.spaced = False

    def dispatch(self, match: re.Match[str]) -> None:
        group = str(match.lastgroup)
        written = match.group()
        start = match.start()
        if group == "space":
            self.spaced = True
            return
        if group != "number":
            self.single_chars = 0
        if group == "command":
            self.command(match.group("command"), start)
        elif group == "number":
            self.single_chars = 0
            self.emit_number(written, start)
        elif group == "letters":
            self.letters(written, start)
        elif group == "op":
            self.emit(Token(OP, written, start, None, self.spaced))
            self.single_chars = 1 if written == "^" else 0
        elif group == "sub":
            self.emit(Token(SUB, written, start, None, self.spaced))
            self.single_chars = 1
        else:
            kind = group  # the group names are the token kinds: open, close, bar, comma
            self.emit(Token(kind, written, start, None, self.spaced))

    def letters(self, run: str, start: int) -> None:
        if building.is_function(run):
            self.emit(name_token(run, start, self.text, self.field, self.spaced))
            return
        if len(run) > 1 and self.text.startswith("(", self.pos):
            raise self.unknown(run, start)
        for offset, letter in enumerate(run[:-1]):
            self.emit(Token(NAME, letter, start + offset, letter, self.spaced))
        self.emit_name(run[-1], start + len(run) - 1)

    def emit_name(self, name: str, start: int) -> None:
        """A name, merged with a following subscript: w_1, w_{12}, \\theta_0."""
        sub = _SUBSCRIPT.match(self.text, self.pos)
        if sub is not None:
            name += sub.group(1) or sub.group(2)
            self.pos = sub.end()
        self.emit(name_token(name, start, self.text, self.field, self.spaced))

    def command(self, name: str, start: int) -> None:
        if name in _SPACES:
            self.spaced = True
        elif name in _OPERATORS:
            self.emit(Token(OP, _OPERATORS[name], start, None, self.spaced))
        elif name in _FRACS:
            self.emit(Token(FRAC, "\\" + name, start, None, self.spaced))
            self.single_chars = 2
        elif name == "sqrt":
            self.emit(Token(ROOT, "\\sqrt", start, None, self.spaced))
            self.single_chars = 1
        elif name in ("left", "right", "bigl", "bigr", "Bigl", "Bigr"):
            self.delimiter(name, start)
        elif name in ("lvert", "rvert", "vert", "mid"):
            kind = {"lvert": ABS_OPEN, "rvert": ABS_CLOSE}.get(name, BAR)
            self.emit(Token(kind, "|", start, None, self.spaced))
        elif name in _WORD_WRAPPERS:
            self.word(name, start)
        elif name == "pi" or name in GREEK or name in _VARIANTS:
            self.emit_name(_VARIANTS.get(name, name), start)
        elif (function := active().latex_function(name)) is not None:
            self.emit(Token(FUNC, "\\" + name, start, function, self.spaced))
        elif not name.isalpha():
            raise parse_error(
                f"Unexpected '\\{name}' at position {start}.", self.text, start, self.field
            )
        elif name == "infty":
            raise parse_error(
                "Infinity is not allowed in an expression.", self.text, start, self.field
            )
        else:
            raise self.unknown("\\" + name, start)

    def delimiter(self, command: str, start: int) -> None:
        match = _DELIMITER.match(self.text, self.pos)
        if match is None:
            raise parse_error(
                f"'\\{command}' must be followed by a bracket such as ( or |.",
                self.text,
                self.pos,
                self.field,
            )
        self.pos = match.end()
        delimiter = match.group(1)
        opening = command in ("left", "bigl", "Bigl")
        if delimiter in ("|", "\\vert", "\\lvert", "\\rvert"):
            kind = ABS_OPEN if opening else ABS_CLOSE
            self.emit(Token(kind, "|", start, None, True))
        elif delimiter in "([" and opening:
            self.emit(Token(OPEN, delimiter, start, None, True))
        elif delimiter in ")]" and not opening:
            self.emit(Token(CLOSE, delimiter, start, None, self.spaced))
        else:
            raise parse_error(
                f"Unsupported delimiter '\\{command}{delimiter}'.", self.text, start, self.field
            )

    def word(self, wrapper: str, start: int) -> None:
        match = _BRACED_WORD.match(self.text, self.pos)
        if match is None:
            raise parse_error(
                f"'\\{wrapper}' must be followed by a name in braces.",
                self.text,
                self.pos,
                self.field,
            )
        self.pos = match.end()
        word = match.group(1)
        function = active().latex_function(word)
        if function is not None:
            self.emit(Token(FUNC, word, start, function, self.spaced))
        elif wrapper == "operatorname":
            raise self.unknown(word, match.start(1))
        else:
            self.emit_name(word, start)

    def unknown(self, name: str, start: int) -> UnknownFunction:
        return unknown_function(name, field=self.field, position=start, latex=True)


def tokenize_latex(text: str, field: str, limits: Limits) -> list[Token]:
    """Split LaTeX text into the grammar's tokens, ending with an ``end`` token."""
    return _LatexTokenizer(text, field, limits).run()
