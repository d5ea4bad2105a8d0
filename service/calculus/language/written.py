"""Expressions as written before simplifying: a trace's ``assembled`` line (SPEC §2.1).

sympy reorders and evaluates every sum and product it builds, so the line a textbook writes
before simplifying (``2*x*(x - 3) - (x^2 + 1)*1`` over ``(x - 3)^2``) cannot be a sympy
tree. A written expression is a small tree of sums, products and quotients over sympy
leaves, printed in the order it was written — text (which parses back to the same value),
LaTeX and MathML — and evaluated by ``value``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeAlias

import sympy as sp
from sympy.printing.precedence import PRECEDENCE, precedence

from service.calculus.language.printing import (
    math_element,
    mathml_body,
    to_latex,
    to_text,
)

Written: TypeAlias = "sp.Expr | Sum | Product | Quotient"
"""A sympy leaf, or a sum, product or quotient kept in the order it was written."""


@dataclass(frozen=True)
class Sum:
    """Terms added in order; a term with sign -1 is subtracted."""

    terms: tuple[tuple[int, Written], ...]


@dataclass(frozen=True)
class Product:
    """Factors multiplied in order."""

    factors: tuple[Written, ...]


@dataclass(frozen=True)
class Quotient:
    """A fraction, numerator over denominator."""

    numerator: Written
    denominator: Written


def value(written: Written) -> sp.Expr:
    """The sympy expression a written line stands for (evaluated)."""
    if isinstance(written, Sum):
        return sp.Add(*(sign * value(term) for sign, term in written.terms))
    if isinstance(written, Product):
        return sp.Mul(*(value(factor) for factor in written.factors))
    if isinstance(written, Quotient):
        return value(written.numerator) / value(written.denominator)
    evaluated: sp.Expr = written.doit(deep=True)
    return evaluated


def to_text_written(written: Written) -> str:
    """The plain text of a written line; it parses back to an expression of equal value."""
    return _TEXT.render(written)


def to_latex_written(written: Written) -> str:
    """The LaTeX of a written line."""
    return _LATEX.render(written)


def to_mathml_written(written: Written) -> str:
    """The presentation MathML of a written line, in a ``<math>`` element."""
    return math_element(f"<mrow>{_MATHML.render(written)}</mrow>")


@dataclass(frozen=True)
class _Spelling:
    """How one output form spells leaves, operators, parentheses and fractions."""

    leaf: Callable[[sp.Basic], str]
    plus: str
    minus: str
    times: str
    parentheses: str
    fraction: str
    juxtaposed: str
    """Between two factors when the second does not start with a digit (``2 x``)."""
    linear_fractions: bool
    """True when a fraction is written on one line (``a/b``), so it may need parentheses."""

    def render(self, written: Written) -> str:
        if isinstance(written, Sum):
            return self._sum(written)
        if isinstance(written, Product):
            return self._product(written)
        if isinstance(written, Quotient):
            return self._quotient(written)
        return self.leaf(written)

    def _sum(self, written: Sum) -> str:
        out = ""
        for i, (sign, term) in enumerate(written.terms):
            if sign < 0:
                text = self._operand(term, PRECEDENCE["Mul"])
                out += (self.minus if i else self.minus.strip() or "-") + text
            else:
                text = self._operand(term, PRECEDENCE["Add"], no_sign=i > 0)
                out += (self.plus if i else "") + text
        return out

    def _product(self, written: Product) -> str:
        out = ""
        several = len(written.factors) > 1
        for i, factor in enumerate(written.factors):
            text = self._operand(factor, PRECEDENCE["Mul"], no_sign=i > 0, no_fraction=several)
            if i:
                digit_first = to_text_written(factor)[:1].isdigit()
                out += self.times if digit_first else self.juxtaposed
            out += text
        return out

    def _quotient(self, written: Quotient) -> str:
        if not self.linear_fractions:
            return self.fraction.format(
                self.render(written.numerator), self.render(written.denominator)
            )
        numerator = self._operand(written.numerator, PRECEDENCE["Mul"])
        denominator = self._operand(written.denominator, PRECEDENCE["Pow"])
        return self.fraction.format(numerator, denominator)

    def _operand(
        self, written: Written, level: int, *, no_sign: bool = False, no_fraction: bool = False
    ) -> str:
        """``written`` rendered, in parentheses when it binds looser than ``level``."""
        text = self.render(written)
        if _binds_looser(written, level, no_sign, no_fraction and self.linear_fractions):
            return self.parentheses.format(text)
        return text


def _binds_looser(written: Written, level: int, no_sign: bool, no_fraction: bool) -> bool:
    """Whether ``written`` needs parentheses as an operand at precedence ``level``.

    ``no_sign``: a leading minus needs them (``x^2*(-sin(x))``); ``no_fraction``: so does a
    one-line fraction among other factors (``x*(1/x)``, ``(1/x)*x``: ``1/x*x`` reads as
    1/(x·x) to a student, though it parses as (1/x)·x).
    """
    if isinstance(written, Sum):
        return level > PRECEDENCE["Add"] or (no_sign and written.terms[0][0] < 0)
    if isinstance(written, Product):
        return level > int(PRECEDENCE["Mul"])
    if isinstance(written, Quotient):
        return no_fraction or level > PRECEDENCE["Mul"]
    if no_sign and written.could_extract_minus_sign():
        return True
    if no_fraction and sp.fraction(written, exact=True)[1] != 1:
        return True
    return bool(precedence(written) < level)


LEAF_CACHE = 4096
"""Printed leaves remembered per process: a trace prints the same parts many times."""


@lru_cache(maxsize=LEAF_CACHE)
def _leaf_text(expr: sp.Basic) -> str:
    return to_text(expr)


@lru_cache(maxsize=LEAF_CACHE)
def _leaf_latex(expr: sp.Basic) -> str:
    return to_latex(expr)


@lru_cache(maxsize=LEAF_CACHE)
def _leaf_mathml(expr: sp.Basic) -> str:
    return mathml_body(expr)


_TEXT = _Spelling(_leaf_text, " + ", " - ", "*", "({})", "{}/{}", "*", linear_fractions=True)
_LATEX = _Spelling(
    _leaf_latex, " + ", " - ", r" \cdot ", r"\left({}\right)", r"\frac{{{}}}{{{}}}", " ", False
)
_MATHML = _Spelling(
    _leaf_mathml,
    "<mo>+</mo>",
    "<mo>-</mo>",
    "<mo>&#xb7;</mo>",
    "<mrow><mo>(</mo>{}<mo>)</mo></mrow>",
    "<mfrac><mrow>{}</mrow><mrow>{}</mrow></mfrac>",
    "<mo>&#x2062;</mo>",
    linear_fractions=False,
)
