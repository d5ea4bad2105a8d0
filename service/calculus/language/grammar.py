"""The grammar of the expression language: a small recursive-descent parser over tokens.

The same rules serve the plain syntax (tokens.py) and LaTeX (latex_tokens.py); LaTeX only
adds braces as brackets, ``\\frac`` and ``\\sqrt[n]``. In EBNF::

    expression  = sum END
    sum         = term { ("+" | "-") term }
    term        = { "+" | "-" } power { ("*" | "/") unary | factor }
                  leading signs negate the whole product, so -x^2 = -(x^2)
    factor      = power        an implicit product, like "*", left to right; not a number
    unary       = ("+" | "-") unary | power                  2*-x
    power       = atom [ "^" exponent ]
    exponent    = ("+" | "-") exponent | atom [ "^" exponent ]     right-associative, 2^-1
    atom        = number | name | group | abs | function | frac | root
    group       = "(" sum ")" | "[" sum "]" | "{" sum "}"          braces in LaTeX only
    abs         = "|" sum "|"                        a "|" after an operand closes the open bar
    function    = func [ "^" (number | group) ] ( call | application )
    call        = "(" sum { "," sum } ")" | "{" sum "}"            sin(x), log(x, 2), \\sin{x}
    application = [ number ] power                                 sin x, sin 2x, sin x^2
    frac        = "\\frac" arg arg          root = "\\sqrt" [ "[" sum "]" ] arg
    arg         = "{" sum "}" | atom

A one-letter name, ``e`` or ``pi`` directly before "(" multiplies, as a textbook reads
``2x(x-3)`` or ``e^x(x+1)``; a longer name there (``lam(x)``) is a call of an unknown
function. Numbers are never implicit factors (``2 3``, ``x 2`` are errors). The cursor
(cursor.py) bounds the nesting depth and the number of nodes.
"""

from __future__ import annotations

from typing import cast

import sympy as sp

from service.calculus.errors import NotRealConstant
from service.calculus.language import building
from service.calculus.language.catalogue import active
from service.calculus.language.cursor import TokenCursor
from service.calculus.language.excerpts import excerpt
from service.calculus.language.suggestions import unknown_function
from service.calculus.language.tokens import (
    ABS_CLOSE,
    ABS_OPEN,
    BAR,
    CLOSE,
    CLOSING,
    COMMA,
    END,
    FACTOR_STARTS,
    FRAC,
    FUNC,
    NAME,
    NUMBER,
    OP,
    OPEN,
    ROOT,
    SUB,
    Token,
)
from service.calculus.limits import Limits


class Parser(TokenCursor):
    """Parse one token list into a sympy expression (use :func:`parse_tokens`)."""

    def __init__(self, tokens: list[Token], text: str, field: str, limits: Limits) -> None:
        super().__init__(tokens, text, field, limits)
        self.open_bars = 0

    def parse(self) -> sp.Expr:
        """expression = sum END"""
        if self.peek.kind == END:
            raise self.error("The expression is empty.", self.peek)
        result = self.sum()
        token = self.peek
        if token.kind != END:
            raise self.unexpected(token)
        return result

    def node(self, expr: sp.Expr, token: Token, undefined: str = "a division by zero") -> sp.Expr:
        self.count()
        if building.is_undefined(expr):
            raise self.error(
                f"The expression is undefined at position {token.pos}: {undefined}.", token
            )
        if not expr.free_symbols and expr.is_extended_real is False:
            raise NotRealConstant(
                f"The constant at position {token.pos} is not a real number (Deriv works "
                "with real numbers; for the real cube root write cbrt(...)).",
                field=self.field,
                position=token.pos,
                excerpt=excerpt(self.text, token.pos),
            )
        return expr

    # -- arithmetic ----------------------------------------------------------------------

    def sum(self) -> sp.Expr:
        """sum = term { ("+" | "-") term }"""
        with self.nested():
            first = self.peek
            terms = [self.term()]
            while self.at_op("+", "-"):
                op = self.advance()
                right = self.term()
                terms.append(self.node(right if op.text == "+" else -right, op))
            return terms[0] if len(terms) == 1 else self.node(sp.Add(*terms), first)

    def term(self) -> sp.Expr:
        """term = { "+" | "-" } power { ("*" | "/") unary | factor }

        The factors are multiplied in one n-ary product, so that ``2*(x + 1)/y`` keeps its
        shape (sympy distributes a number over a sum only in a product of exactly two).
        """
        negative = False
        while self.at_op("+", "-"):
            negative ^= self.advance().text == "-"
            self.count()
        first = self.peek
        factors = [sp.S.NegativeOne, self.power()] if negative else [self.power()]
        while True:
            token = self.peek
            if self.at_op("/"):
                self.advance()
                inverse = building.power(self.unary(), sp.S.NegativeOne, self.limits)
                factors.append(self.node(inverse, token))
            elif self.at_op("*"):
                self.advance()
                factors.append(self.unary())
            elif self.starts_factor(token):
                factors.append(self.power())
            elif token.kind == NUMBER:
                raise self.error(
                    f"A number cannot follow directly at position {token.pos}: "
                    "write '*' between the factors.",
                    token,
                )
            else:
                return factors[0] if len(factors) == 1 else self.node(sp.Mul(*factors), first)

    def starts_factor(self, token: Token) -> bool:
        return token.kind in FACTOR_STARTS or (token.kind == BAR and self.open_bars == 0)

    def multiply(self, left: sp.Expr, right: sp.Expr, token: Token, *, divide: bool) -> sp.Expr:
        if divide:
            right = self.node(building.power(right, sp.S.NegativeOne, self.limits), token)
        return self.node(sp.Mul(left, right), token)

    def unary(self) -> sp.Expr:
        """unary = ("+" | "-") unary | power"""
        if self.at_op("+", "-"):
            op = self.advance()
            with self.nested():
                operand = self.unary()
            return self.node(-operand if op.text == "-" else operand, op)
        return self.power()

    def power(self) -> sp.Expr:
        """power = atom [ "^" exponent ]"""
        base = self.atom()
        if self.at_op("^"):
            op = self.advance()
            return self.raise_to(base, self.exponent(), op)
        return base

    def exponent(self) -> sp.Expr:
        """exponent = ("+" | "-") exponent | atom [ "^" exponent ]"""
        with self.nested():
            if self.at_op("+", "-"):
                op = self.advance()
                operand = self.exponent()
                return self.node(-operand if op.text == "-" else operand, op)
            return self.power()

    def raise_to(self, base: sp.Expr, exponent: sp.Expr, op: Token) -> sp.Expr:
        return self.node(building.power(base, exponent, self.limits), op)

    # -- atoms ---------------------------------------------------------------------------

    def atom(self) -> sp.Expr:
        """atom = number | name | group | abs | function | frac | root"""
        token = self.peek
        kind = token.kind
        if kind == NUMBER:
            self.advance()
            return self.node(cast(sp.Expr, token.value), token)
        if kind == NAME:
            return self.name()
        if kind == OPEN:
            return self.group()
        if kind in (BAR, ABS_OPEN):
            return self.absolute()
        if kind == FUNC:
            return self.function()
        if kind == FRAC:
            return self.fraction()
        if kind == ROOT:
            return self.root()
        raise self.unexpected(token)

    def name(self) -> sp.Expr:
        """A symbol or constant; a longer name directly before "(" is an unknown function."""
        token = self.advance()
        name = str(token.value)
        if name in building.CONSTANTS:
            return self.node(building.CONSTANTS[name], token)
        following = self.peek
        called = following.kind == OPEN and following.text == "(" and not following.spaced
        if called and len(name) > 1:
            raise unknown_function(name, field=self.field, position=token.pos, latex=False)
        return self.node(building.symbol(name), token)

    def group(self) -> sp.Expr:
        """group = "(" sum ")" | "[" sum "]" | "{" sum "}" """
        opening = self.advance()
        saved, self.open_bars = self.open_bars, 0
        inner = self.sum()
        self.open_bars = saved
        self.close(opening, CLOSE, CLOSING[opening.text])
        return inner

    def close(self, opening: Token, kind: str, text: str) -> None:
        token = self.peek
        if token.kind == kind and token.text == text:
            self.advance()
            return
        if token.kind == END:
            raise self.error(
                f"The '{opening.text}' at position {opening.pos} is never closed: "
                f"'{text}' is missing at position {token.pos}.",
                token,
            )
        if token.kind in (CLOSE, ABS_CLOSE):
            raise self.error(
                f"Expected '{text}' to close the '{opening.text}' at position {opening.pos}, "
                f"found '{token.text}'.",
                token,
            )
        raise self.unexpected(token)

    def absolute(self) -> sp.Expr:
        """abs = "|" sum "|" (or LaTeX \\left| sum \\right|)"""
        opening = self.advance()
        if opening.kind == ABS_OPEN:
            saved, self.open_bars = self.open_bars, 0
            inner = self.sum()
            self.open_bars = saved
            self.close(opening, ABS_CLOSE, "|")
        else:
            self.open_bars += 1
            inner = self.sum()
            self.open_bars -= 1
            self.close(opening, BAR, "|")
        return self.node(active().spelling("abs").build(inner), opening)

    # -- functions -----------------------------------------------------------------------

    def function(self) -> sp.Expr:
        """function = func [ "^" (number | group) ] ( call | application )"""
        func = self.advance()
        name = str(func.value)
        exponent = self.function_power(func) if self.at_op("^") else None
        base = self.log_base() if name == "log" and self.peek.kind == SUB else None
        if self.peek.kind == OPEN and self.peek.text == "(":
            args = self.call_arguments(func)
        elif self.peek.kind == OPEN and self.peek.text == "{":
            args = [self.group()]
        else:
            with self.nested():
                args = [self.application_argument(func)]
        if base is not None:
            args.append(base)
        spec = active().spelling(name)
        if len(args) not in spec.arities:
            expected = " or ".join(str(n) for n in spec.arities)
            raise self.error(
                f"'{name}' takes {expected} argument{'s' if spec.arities != (1,) else ''}, "
                f"not {len(args)}.",
                func,
            )
        result = self.node(spec.build(*args), func, f"'{name}' has no value at this argument")
        return result if exponent is None else self.raise_to(result, exponent, func)

    def function_power(self, func: Token) -> sp.Expr:
        self.advance()
        token = self.peek
        if token.kind == OP and token.text == "-":
            raise self.error(
                f"'{func.text}^-1' is ambiguous: write a{func.text}(x) for the inverse function "
                f"or 1/{func.text}(x) for the reciprocal.",
                token,
            )
        if token.kind == NUMBER:
            return self.atom()
        if token.kind == OPEN:
            return self.group()
        raise self.error(f"After '{func.text}^' write a number, as in {func.text}^2(x).", token)

    def log_base(self) -> sp.Expr:
        self.advance()
        return self.latex_argument()

    def call_arguments(self, func: Token) -> list[sp.Expr]:
        """call = "(" sum { "," sum } ")" """
        opening = self.advance()
        if self.peek.kind == CLOSE:
            raise self.error(f"'{func.text}' needs an argument, as in {func.text}(x).", self.peek)
        saved, self.open_bars = self.open_bars, 0
        args = [self.sum()]
        while self.peek.kind == COMMA:
            self.advance()
            args.append(self.sum())
        self.open_bars = saved
        self.close(opening, CLOSE, ")")
        return args

    def application_argument(self, func: Token) -> sp.Expr:
        """application = [ number ] power"""
        token = self.peek
        if token.kind == NUMBER:
            start = self.index
            first = self.power()
            if self.index == start + 1 and self.starts_factor(self.peek):
                return self.multiply(first, self.power(), self.peek, divide=False)
            return first
        if self.starts_factor(token) or token.kind == BAR:
            return self.power()
        raise self.error(
            f"'{func.text}' needs an argument, as in {func.text}(x) or {func.text} x.", token
        )

    # -- LaTeX ---------------------------------------------------------------------------

    def latex_argument(self) -> sp.Expr:
        """arg = "{" sum "}" | atom"""
        return self.group() if self.peek.text == "{" else self.atom()

    def fraction(self) -> sp.Expr:
        """frac = "\\frac" arg arg"""
        frac = self.advance()
        with self.nested():
            numerator = self.latex_argument()
            denominator = self.latex_argument()
        return self.multiply(numerator, denominator, frac, divide=True)

    def root(self) -> sp.Expr:
        """root = "\\sqrt" [ "[" sum "]" ] arg"""
        root = self.advance()
        with self.nested():
            index = self.group() if self.peek.text == "[" else sp.Integer(2)
            radicand = self.latex_argument()
        if index == 2:
            return self.node(sp.sqrt(radicand), root)
        if index == 3:
            return self.node(active().spelling("cbrt").build(radicand), root)
        inverse = self.node(building.power(index, sp.S.NegativeOne, self.limits), root)
        return self.raise_to(radicand, inverse, root)


def parse_tokens(tokens: list[Token], text: str, field: str, limits: Limits) -> sp.Expr:
    """Parse a token list (ending with ``end``) into a sympy expression."""
    return Parser(tokens, text, field, limits).parse()
