"""The assembled line of a step: its rule's formula with the actual parts put in (SPEC §2.1).

Written in the formula's own order and not simplified (``*1`` may stay), from the parts'
expressions and their shown (tidy) derivatives, so a student sees the line a textbook writes
before simplifying: u′v + uv′, (u′v − uv′)/v², f′(g(x))·g′(x) with u put back, and
f^g·(g′·ln f + g·f′/f).
"""

from __future__ import annotations

from collections.abc import Callable

import sympy as sp

from service.calculus.differentiation import rules
from service.calculus.language.written import Product, Quotient, Sum, Written

Shown = Callable[[rules.Rule], sp.Expr]
"""The derivative a trace shows for a step (its tidy result)."""

ASSEMBLED_RULES = frozenset({"product", "quotient", "chain", "general_power"})


def assembled(rule: rules.Rule, shown: Shown) -> Written | None:
    """The assembled line of ``rule``, or None for rules that have none."""
    if isinstance(rule, rules.ProductRule):
        return product_line(rule, shown)
    if isinstance(rule, rules.QuotientRule):
        u, v = rule.numerator, rule.denominator
        numerator = Sum(
            ((1, Product((shown(u), v.expression))), (-1, Product((u.expression, shown(v)))))
        )
        return Quotient(numerator, sp.Pow(v.expression, 2, evaluate=False))
    if isinstance(rule, rules.ChainRule):
        return Product((outer_at_inner(rule, shown), shown(rule.inner)))
    if isinstance(rule, rules.GeneralPowerRule):
        return general_power_line(rule, shown)
    return None


def product_line(rule: rules.ProductRule, shown: Shown) -> Written:
    """u′v + uv′; with more factors, each factor differentiated in its place, in turn."""
    factors = [factor.expression for factor in rule.factors]
    if len(factors) == 2:
        u, v = rule.factors
        return Sum(((1, Product((shown(u), factors[1]))), (1, Product((factors[0], shown(v))))))
    return Sum(
        tuple(
            (1, Product((*factors[:i], shown(factor), *factors[i + 1 :])))
            for i, factor in enumerate(rule.factors)
        )
    )


def outer_at_inner(rule: rules.ChainRule, shown: Shown) -> sp.Expr:
    """The outer derivative f′(u) with the inner expression put back for u, as written.

    Not re-evaluated: 2*u with u = x + 1 stays 2*(x + 1), 1/(u^2 + 1) with u = x^2 stays
    1/((x^2)^2 + 1), as a student substitutes.
    """
    outer = shown(rule.outer)
    with sp.evaluate(False):
        substituted: sp.Expr = outer.xreplace({rule.placeholder: rule.inner.expression})
    return substituted


def general_power_line(rule: rules.GeneralPowerRule, shown: Shown) -> Written:
    """f^g·(g′·ln f + g·f′/f)."""
    f, g = rule.base, rule.exponent
    exponent_step, log_step = rule.logarithm.factors
    if isinstance(log_step, rules.ChainRule):
        quotient: Written = Quotient(shown(log_step.inner), f)
    elif isinstance(log_step, rules.LogarithmRule):
        quotient = Quotient(sp.S.One, f)
    else:
        quotient = shown(log_step)
    terms = Sum(((1, Product((shown(exponent_step), sp.log(f)))), (1, Product((g, quotient)))))
    return Product((rule.expression, terms))
