"""The output forms of an expression: plain text, LaTeX and presentation MathML (SPEC §1.4).

``to_text`` prints the plain syntax (``^`` for powers, explicit ``*``) so that
``parse_expression(to_text(e)) == e``; our functions print by their names (``abs``,
``heaviside``, ``cbrt``, ``sigmoid``...), Euler's number as ``e`` and the imaginary unit as
``sqrt(-1)``. Integers too long for CPython to print become TooComplex.
"""

from __future__ import annotations

import math
import re
from html.entities import html5
from typing import Any

import sympy as sp
from sympy.printing.latex import LatexPrinter
from sympy.printing.mathml import MathMLPresentationPrinter
from sympy.printing.precedence import PRECEDENCE
from sympy.printing.str import StrPrinter

from service.calculus.errors import TooComplex
from service.calculus.language.latex_tokens import GREEK

_NAME_PARTS = re.compile(r"([A-Za-z]+)([0-9]*)")

MATHML_NAMESPACE = "http://www.w3.org/1998/Math/MathML"


class _TextPrinter(StrPrinter):
    """sympy's str printer with the names and constants of our grammar."""

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
        """Keep a fraction's denominator apart: ``x/(x^2 + 1)/2``, not ``x/(2*(x^2 + 1))``.

        The latter would parse back with the 2 distributed over the sum.
        """
        coeff, rest = expr.as_coeff_Mul()
        if coeff.is_Rational and coeff.q != 1 and rest is not sp.S.One:
            numerator = self.parenthesize(coeff.p * rest, PRECEDENCE["Mul"], strict=True)
            return f"{numerator}/{coeff.q}"
        return str(super()._print_Mul(expr))

    def _print_Abs(self, expr: sp.Expr) -> str:
        return f"abs({self._print(expr.args[0])})"

    def _print_Heaviside(self, expr: sp.Expr) -> str:
        return f"heaviside({self._print(expr.args[0])})"


class _LatexPrinter(LatexPrinter):
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

    def _print_cbrt(self, expr: sp.Expr, exp: str | None = None) -> str:
        tex = rf"\sqrt[3]{{{self._print(expr.args[0])}}}"
        return tex if exp is None else rf"\left({tex}\right)^{{{exp}}}"

    def _print_Heaviside(self, expr: sp.Expr, exp: str | None = None) -> str:
        tex = rf"\operatorname{{heaviside}}{{\left({self._print(expr.args[0])} \right)}}"
        return tex if exp is None else rf"{tex}^{{{exp}}}"


class _MathMLPrinter(MathMLPresentationPrinter):
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


def to_text(expr: sp.Basic) -> str:
    """The plain-syntax text of ``expr``; parsing it gives ``expr`` back."""
    return _printed(lambda: _TextPrinter({"order": None}).doprint(expr).replace("**", "^"))


def to_latex(expr: sp.Basic) -> str:
    """LaTeX for MathJax/KaTeX (natural log as ``\\log``, Greek names as Greek letters)."""
    return _printed(
        lambda: _LatexPrinter({"ln_notation": False, "inv_trig_style": "full"}).doprint(expr)
    )


def to_mathml(expr: sp.Basic) -> str:
    """Presentation MathML wrapped in a ``<math>`` element; well-formed XML (no named entities)."""
    body = _NAMED_ENTITY.sub(_numeric_entity, _printed(lambda: _MathMLPrinter({}).doprint(expr)))
    return f'<math xmlns="{MATHML_NAMESPACE}">{body}</math>'


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
