"""Textbook forms of a derivative that sympy does not choose by itself (SPEC §1.4).

- a constant exponent lowered by one: ``pi*x^(pi - 1)``, not ``pi*x^pi/x``;
- sin² + cos² = 1 wherever a sum holds both squares with the same factor.

Both passes look at the tree once before touching it, so they cost next to nothing when
there is nothing to do. ``sec(x)^2`` for tan′ comes from ``classical_diff`` itself.
"""

from __future__ import annotations

import sympy as sp


def textbook_form(expr: sp.Expr) -> sp.Expr:
    """``expr`` with powers of one base merged and sin² + cos² replaced by 1."""
    return _pythagoras(_merge_powers(expr))


def _merge_powers(expr: sp.Expr) -> sp.Expr:
    """Multiply out powers of one base when an exponent is not a number: x^pi/x = x^(pi - 1)."""
    if not any(not power.exp.is_Number for power in expr.atoms(sp.Pow)):
        return expr
    return expr.replace(lambda e: e.is_Mul, _merged_product)


def _merged_product(product: sp.Expr) -> sp.Expr:
    exponents: dict[sp.Expr, list[sp.Expr]] = {}
    for factor in product.args:
        base, exponent = factor.as_base_exp()
        exponents.setdefault(base, []).append(exponent)
    if all(len(found) == 1 or all(e.is_Number for e in found) for found in exponents.values()):
        return product
    return sp.Mul(*(base ** sp.Add(*found) for base, found in exponents.items()))


def _pythagoras(expr: sp.Expr) -> sp.Expr:
    """c·sin(a)² + c·cos(a)² inside a sum becomes c."""
    if not (expr.has(sp.sin) and expr.has(sp.cos)):
        return expr
    return expr.replace(lambda e: e.is_Add, _pythagoras_sum)


def _pythagoras_sum(total: sp.Expr) -> sp.Expr:
    terms = list(total.args)
    for i, term in enumerate(terms):
        coefficient, square = _square_of(term, sp.sin)
        if square is None:
            continue
        partner = coefficient * sp.cos(square) ** 2
        if partner in terms:
            rest = [t for k, t in enumerate(terms) if k != i and t != partner]
            return _pythagoras_sum(sp.Add(*rest, coefficient)) if rest else coefficient
    return total


def uses_pythagoras(expr: sp.Expr) -> bool:
    """True when ``expr`` over a common denominator, multiplied out, holds sin² + cos²."""
    if not (expr.has(sp.sin) and expr.has(sp.cos)):
        return False
    numerator = sp.expand(sp.fraction(sp.together(expr))[0])
    return bool(_pythagoras(numerator) != numerator)


def _square_of(term: sp.Expr, function: type[sp.Function]) -> tuple[sp.Expr, sp.Expr | None]:
    """(c, a) when ``term`` is c·function(a)², else (term, None)."""
    coefficient, rest = term.as_independent(function, as_Add=False)
    if rest.is_Pow and rest.exp == 2 and isinstance(rest.base, function):
        return coefficient, rest.base.args[0]
    return term, None
