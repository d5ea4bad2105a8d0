"""The output forms of an expression: plain text, LaTeX and presentation MathML (SPEC §1.4).

``to_text`` prints the plain syntax (``^`` for powers, explicit ``*``) so that
``parse_expression(to_text(e)) == e``; our functions print by their names (``abs``,
``heaviside``, ``cbrt``, ``sigmoid``...), Euler's number as ``e`` and the imaginary unit as
``sqrt(-1)``. Integers too long for CPython to print become TooComplex.

All three forms are textbook forms: the natural logarithm is ``ln``; ``ln(g)/ln(b)`` with a
numeric base b is the logarithm to base b (``log(g, b)``, ``\\log_{b}``); negative powers are
denominators (``1/(2*sqrt(x))``, ``-5/(2*x^(3/2))``, ``1/x^2``); a leading minus stands
outside (``-sqrt(3)/3``). Unevaluated trees (a trace's ``assembled`` line) print in the
order of their arguments when the printer is made with ``order="none"``.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from html.entities import html5
from typing import Any

import sympy as sp
from sympy.core.mul import _keep_coeff
from sympy.printing.latex import LatexPrinter
from sympy.printing.mathml import MathMLPresentationPrinter
from sympy.printing.precedence import PRECEDENCE
from sympy.printing.str import StrPrinter

from service.calculus.errors import TooComplex
from service.calculus.language.latex_tokens import GREEK

_NAME_PARTS = re.compile(r"([A-Za-z]+)([0-9]*)")

MATHML_NAMESPACE = "http://www.w3.org/1998/Math/MathML"


class _LogToBase(sp.Function):
    """log_b(g), a stand-in that exists only while printing ``ln(g)/ln(b)``."""

    nargs = 2


def _merge_log_bases(expr: sp.Expr) -> sp.Expr:
    """``expr`` (a product) with ``ln(g)·ln(b)^-1``, b a number, as one ``_LogToBase(g, b)``."""
    factors = list(expr.args)
    while True:
        bases = [
            i
            for i, f in enumerate(factors)
            if f.is_Pow and f.exp == -1 and isinstance(f.base, sp.log) and f.base.args[0].is_number
        ]
        logs = [i for i, f in enumerate(factors) if isinstance(f, sp.log)]
        if not bases or not logs:
            break
        i, j = bases[0], logs[0]
        merged = _LogToBase(factors[j].args[0], factors[i].base.args[0])
        factors = [merged if k == j else f for k, f in enumerate(factors) if k != i]
    if len(factors) == len(expr.args):
        return expr
    return factors[0] if len(factors) == 1 else sp.Mul(*factors, evaluate=False)


def _sum_over_number(rest: sp.Expr) -> bool:
    """True when ``rest``'s only denominator is one sum, which ``q*(sum)`` would distribute."""
    denominators = [
        f for f in sp.Mul.make_args(rest) if f.is_Pow and f.exp.is_Rational and f.exp.is_negative
    ]
    return len(denominators) == 1 and denominators[0].exp == -1 and denominators[0].base.is_Add


def _number_last(expr: sp.Expr) -> sp.Expr | None:
    """A constant sum with its rational term moved last (``pi - 1``), else None."""
    if not expr.is_number:
        return None
    rationals = [term for term in expr.args if term.is_Rational]
    if not rationals:
        return None
    others = [term for term in expr.args if not term.is_Rational]
    return sp.Add(*others, *rationals, evaluate=False)


@lru_cache(maxsize=1024)
def _ordered_terms(expr: sp.Expr, order: str | None) -> tuple[sp.Expr, ...]:
    """``expr.as_ordered_terms(order)``, a pure function of the tree, sorted once for all forms."""
    return tuple(expr.as_ordered_terms(order=order))


class _SharedTermOrder:
    """Printers that sort a sum's terms once between them: the text, LaTeX and MathML of one
    expression share the sort, a quarter of printing's time before."""

    order: str | None

    def _as_ordered_terms(self, expr: sp.Expr, order: str | None = None) -> list[sp.Expr]:
        order = order or self.order
        if order in ("old", "none"):
            return list(super()._as_ordered_terms(expr, order))  # type: ignore[misc]
        return list(_ordered_terms(expr, order))


class _TextPrinter(_SharedTermOrder, StrPrinter):
    """sympy's str printer with the names and constants of our grammar."""

    def _print_Add(self, expr: sp.Expr, order: str | None = None) -> str:
        reordered = _number_last(expr)
        if reordered is not None:
            return str(super()._print_Add(reordered, order="none"))
        return str(super()._print_Add(expr, order))

    def _print_Exp1(self, expr: sp.Expr) -> str:
        return "e"

    def _print_Pi(self, expr: sp.Expr) -> str:
        return "pi"

    def _print_ImaginaryUnit(self, expr: sp.Expr) -> str:
        return "sqrt(-1)"

    def _print_Infinity(self, expr: sp.Expr) -> str:
        return "oo"

    def _print_NegativeInfinity(self, expr: sp.Expr) -> str:
        return "-oo"

    def _print_Mul(self, expr: sp.Expr) -> str:
        """Fractions as a textbook writes them: ``-5/(2*x^(3/2))``, ``log(x, 10)/x``.

        Only a number over one sum keeps its denominator apart (``x/(x^2 + 1)/2``):
        ``x/(2*(x^2 + 1))`` would parse back with the 2 distributed over the sum.
        """
        expr = _merge_log_bases(expr)
        if not expr.is_Mul:
            return str(self._print(expr))
        coeff, rest = expr.as_coeff_Mul()
        if coeff.is_Rational and coeff.q != 1 and _sum_over_number(rest):
            sign = "-" if coeff.is_negative else ""
            numerator = _keep_coeff(sp.Integer(abs(coeff.p)), rest)
            numerator_text = self.parenthesize(numerator, PRECEDENCE["Mul"], strict=True)
            return f"{sign}{numerator_text}/{coeff.q}"
        return str(super()._print_Mul(expr))

    def _print_Pow(self, expr: sp.Expr, rational: bool = False) -> str:
        """A negative rational power is a denominator: ``1/x^2``, ``1/(x + 1)^(1/4)``."""
        exp = expr.exp
        if exp.is_Rational and exp.is_negative and exp not in (-1, sp.Rational(-1, 2)):
            return f"1/{self.parenthesize(sp.Pow(expr.base, -exp), PRECEDENCE['Pow'], strict=True)}"
        return str(super()._print_Pow(expr, rational))

    def _print_log(self, expr: sp.Expr) -> str:
        return f"ln({self._print(expr.args[0])})"

    def _print__LogToBase(self, expr: sp.Expr) -> str:
        return f"log({self._print(expr.args[0])}, {self._print(expr.args[1])})"

    def _print_Abs(self, expr: sp.Expr) -> str:
        return f"abs({self._print(expr.args[0])})"

    def _print_Heaviside(self, expr: sp.Expr) -> str:
        return f"heaviside({self._print(expr.args[0])})"


class _LatexPrinter(_SharedTermOrder, LatexPrinter):
    """sympy's LaTeX printer, with the real cube root and the unit step spelled out."""

    def _print_Symbol(self, expr: sp.Symbol, style: str = "plain") -> str:
        """x, w_{1}, \\theta_{0} as sympy prints them; any other word is one italic word
        (\\mathit{lam}, \\mathit{yhat}_{2}), which the LaTeX syntax reads back as that name."""
        match = _NAME_PARTS.fullmatch(expr.name)
        if match is None:
            return rf"\mathit{{{expr.name}}}"
        letters, digits = match.groups()
        if len(letters) == 1 or (letters in GREEK and letters != "omicron"):
            return str(super()._print_Symbol(expr, style))
        return rf"\mathit{{{letters}}}" + (f"_{{{digits}}}" if digits else "")

    def _print_Pow(self, expr: sp.Expr) -> str:
        """x^{\\frac{1}{3}}, not \\sqrt[3]{x}, which the LaTeX syntax reads as the real cbrt."""
        exp = expr.exp
        if exp.is_Rational and abs(exp.p) == 1 and exp.q > 2:
            if exp.p < 0:
                return rf"\frac{{1}}{{{self._print(sp.Pow(expr.base, -exp))}}}"
            base = self._print(expr.base)
            if not expr.base.is_Atom:
                base = rf"\left({base}\right)"
            return f"{base}^{{{self._print(exp)}}}"
        return str(super()._print_Pow(expr))

    def _print_Mul(self, expr: sp.Expr) -> str:
        return str(super()._print_Mul(_merge_log_bases(expr)))

    def _print_Add(self, expr: sp.Expr, order: str | None = None) -> str:
        reordered = _number_last(expr)
        if reordered is not None:
            return str(super()._print_Add(reordered, order="none"))
        return str(super()._print_Add(expr, order))

    def _print__LogToBase(self, expr: sp.Expr, exp: str | None = None) -> str:
        base, arg = self._print(expr.args[1]), self._print(expr.args[0])
        tex = rf"\log_{{{base}}}{{\left({arg} \right)}}"
        return tex if exp is None else rf"{tex}^{{{exp}}}"

    def _print_cbrt(self, expr: sp.Expr, exp: str | None = None) -> str:
        tex = rf"\sqrt[3]{{{self._print(expr.args[0])}}}"
        return tex if exp is None else rf"\left({tex}\right)^{{{exp}}}"

    def _print_Heaviside(self, expr: sp.Expr, exp: str | None = None) -> str:
        tex = rf"\operatorname{{heaviside}}{{\left({self._print(expr.args[0])} \right)}}"
        return tex if exp is None else rf"{tex}^{{{exp}}}"


class _MathMLPrinter(_SharedTermOrder, MathMLPresentationPrinter):
    """sympy's presentation MathML printer, with the cube root and the unit step by name."""

    def _print_cbrt(self, expr: sp.Expr) -> Any:
        root = self.dom.createElement("mroot")
        root.appendChild(self._print(expr.args[0]))
        index = self.dom.createElement("mn")
        index.appendChild(self.dom.createTextNode("3"))
        root.appendChild(index)
        return root

    def _print_Heaviside(self, expr: sp.Expr) -> Any:
        return self._print(sp.Function("heaviside")(expr.args[0]))

    def _print_Mul(self, expr: sp.Expr) -> Any:
        merged = _merge_log_bases(expr)
        return super()._print_Mul(merged) if merged.is_Mul else self._print(merged)

    def _print__LogToBase(self, expr: sp.Expr) -> Any:
        name = self.dom.createElement("msub")
        log = self.dom.createElement("mi")
        log.appendChild(self.dom.createTextNode("log"))
        name.appendChild(log)
        name.appendChild(self._print(expr.args[1]))
        row = self.dom.createElement("mrow")
        row.appendChild(name)
        row.appendChild(self._print(sp.Function("_")(expr.args[0])).childNodes[1])
        return row


def to_text(expr: sp.Basic) -> str:
    """The plain-syntax text of ``expr``; parsing it gives ``expr`` back."""
    return str(_printed(lambda: _TextPrinter({"order": None}).doprint(expr).replace("**", "^")))


def to_latex(expr: sp.Basic) -> str:
    """LaTeX for MathJax/KaTeX (natural log as ``\\ln``, Greek names as Greek letters)."""
    return str(
        _printed(
            lambda: _LatexPrinter({"ln_notation": True, "inv_trig_style": "full"}).doprint(expr)
        )
    )


def to_mathml(expr: sp.Basic) -> str:
    """Presentation MathML wrapped in a ``<math>`` element; well-formed XML (no named entities)."""
    return math_element(mathml_body(expr))


def mathml_body(expr: sp.Basic) -> str:
    """The presentation MathML of ``expr`` without the ``<math>`` element around it."""
    return _NAMED_ENTITY.sub(
        _numeric_entity, _printed(lambda: _MathMLPrinter({"ln_notation": True}).doprint(expr))
    )


def math_element(content: str) -> str:
    """``content`` in a ``<math>`` element of the MathML namespace."""
    return f'<math xmlns="{MATHML_NAMESPACE}">{content}</math>'


_NAMED_ENTITY = re.compile(r"&([A-Za-z][A-Za-z0-9]*);")


def _numeric_entity(match: re.Match[str]) -> str:
    """``&InvisibleTimes;`` -> ``&#x2062;``: XML parsers know no HTML entity names."""
    characters = html5.get(f"{match.group(1)};")
    if characters is None:
        return match.group()
    return "".join(f"&#x{ord(char):x};" for char in characters)


def numeric_value(expr: sp.Basic) -> float | None:
    """``float(expr)`` when it is a finite real number, else None."""
    if not isinstance(expr, sp.Expr) or expr.free_symbols or expr.has(sp.S.ComplexInfinity):
        return None
    value = _printed(lambda: expr.evalf(20))
    if not value.is_number or not value.is_real or not value.is_finite:
        return None
    result = float(value)
    return result if math.isfinite(result) else None


def _printed(render: Any) -> Any:
    """Run a printer, turning CPython's refusal to print huge integers into TooComplex."""
    try:
        return render()
    except ValueError as error:
        if "digits" not in str(error):
            raise
        raise TooComplex(
            "A number in the result is too long to print.", limit="max_digits"
        ) from error
