"""The token cursor the grammar walks: position, look-ahead, errors and size guards.

``TokenCursor`` holds one token list and the text it came from; the grammar (grammar.py)
subclasses it. Every nesting level counts toward ``max_depth`` (``nested``) and every atom or
operation toward ``max_nodes`` (``count``), so no input can recurse deeply or build a huge tree.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from service.calculus.errors import DerivError, TooComplex
from service.calculus.language.excerpts import parse_error
from service.calculus.language.tokens import ABS_CLOSE, CLOSE, COMMA, END, OP, Token
from service.calculus.limits import Limits


class TokenCursor:
    """A position in a token list ending with an ``end`` token."""

    def __init__(self, tokens: list[Token], text: str, field: str, limits: Limits) -> None:
        self.tokens = tokens
        self.text = text
        self.field = field
        self.limits = limits
        self.index = 0
        self.depth = 0
        self.nodes = 0

    @property
    def peek(self) -> Token:
        """The next token (the ``end`` token once every other one is consumed)."""
        return self.tokens[self.index]

    def advance(self) -> Token:
        """Consume and return the next token (``end`` is never consumed)."""
        token = self.tokens[self.index]
        if token.kind != END:
            self.index += 1
        return token

    def at_op(self, *ops: str) -> bool:
        """Whether the next token is one of the operators ``ops``."""
        return self.peek.kind == OP and self.peek.text in ops

    def error(self, message: str, token: Token) -> DerivError:
        """A parse error at ``token``."""
        return parse_error(message, self.text, token.pos, self.field)

    def unexpected(self, token: Token) -> DerivError:
        """The parse error for a token that cannot come here."""
        if token.kind == END:
            return self.error(
                f"The text of '{self.field}' ends too early: a number, a name or '(' is missing.",
                token,
            )
        if token.kind == COMMA:
            return self.error(
                "A comma may only separate the arguments of a function, as in log(x, 2).", token
            )
        if token.kind in (CLOSE, ABS_CLOSE):
            return self.error(f"Unmatched '{token.text}' at position {token.pos}.", token)
        return self.error(f"Unexpected '{token.text}' at position {token.pos}.", token)

    @contextmanager
    def nested(self) -> Iterator[None]:
        """One level deeper; TooComplex past ``max_depth``."""
        self.depth += 1
        if self.depth > self.limits.max_depth:
            raise TooComplex(
                f"The expression is nested more than {self.limits.max_depth} levels deep.",
                limit="max_depth",
            )
        try:
            yield
        finally:
            self.depth -= 1

    def count(self) -> None:
        """One more atom or operation; TooComplex past ``max_nodes``."""
        self.nodes += 1
        if self.nodes > self.limits.max_nodes:
            raise TooComplex(
                f"The expression has more than {self.limits.max_nodes} terms and factors.",
                limit="max_nodes",
            )
