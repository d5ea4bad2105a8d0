"""The rule trace: one small typed class per rule of calculus (sum, product, chain, ...).

The rules for named functions (sin, sqrt, relu, ...) are in ``function_rules.py``; the
dispatcher that builds a rule tree for an expression, ``derivative_steps``, is in
``dispatch.py``.

Modelled on SymPy's ``manualintegrate``: every rule is a frozen dataclass holding the
expression it differentiates, the variable, its sub-rules and whatever its explanation
needs; its ``result`` is the derivative that rule produces. ``derivative_steps(expr, var)``
always returns a rule for anything the grammar accepts (and for every derivative of it);
it never returns ``None``. Rendering (formulas in ``vocabulary.py``, sentences in
``explanations.py``, the assembled line in ``assembly.py``) lives outside; nothing here
knows how a step is shown.

Conventions (SPEC §2.1): ``power`` is the variable itself to a constant power; any other
base to a constant power, ``sqrt(g)`` and ``f(g)`` are a ``chain`` whose outer step
differentiates with respect to a fresh real symbol ``u`` standing for the inner expression;
``general_power`` has the variable in both base and exponent and differentiates the
product g·ln(f) (logarithmic differentiation); constant factors (a negation
too) come out first as ``constant_multiple``; a product with a non-constant denominator is a
``quotient`` (numerator and denominator as ``sympy.fraction`` splits them); ``log(g)/log(b)``
is ``logarithm`` base b. Derivatives are classical, as ``differentiation.classical_diff``
computes them: ``sign`` and ``heaviside`` are flat away from 0 (derivative 0) and have no
derivative at 0, so no δ ever appears.
``rewrite`` differentiates an exp/log form of a function outside the table (``coth``: no
grammar text produces one, so it is the safety net, not a path users normally see).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import ClassVar

import sympy as sp


@dataclass(frozen=True)
class Rule:
    """d/d(variable) of expression; ``result`` is what this rule says the derivative is."""

    name: ClassVar[str]
    expression: sp.Expr
    variable: sp.Symbol

    @property
    def substeps(self) -> tuple[Rule, ...]:
        """The rules this one combines, in reading order."""
        return ()

    @cached_property
    def result(self) -> sp.Expr:
        """The derivative of ``expression`` with respect to ``variable``."""
        return self._derivative()

    def _derivative(self) -> sp.Expr:
        raise NotImplementedError


@dataclass(frozen=True)
class ConstantRule(Rule):
    """d/dx c = 0 for anything that does not depend on x."""

    name = "constant"

    def _derivative(self) -> sp.Expr:
        return sp.S.Zero


@dataclass(frozen=True)
class IdentityRule(Rule):
    """d/dx x = 1."""

    name = "identity"

    def _derivative(self) -> sp.Expr:
        return sp.S.One


@dataclass(frozen=True)
class ParameterRule(Rule):
    """d/dx a = 0 for a symbol a other than x (a constant parameter)."""

    name = "parameter"

    def _derivative(self) -> sp.Expr:
        return sp.S.Zero


@dataclass(frozen=True)
class ConstantMultipleRule(Rule):
    """d/dx (c·f) = c·f' (with c = -1 for a negation)."""

    name = "constant_multiple"
    constant: sp.Expr
    inner: Rule

    @property
    def substeps(self) -> tuple[Rule, ...]:
        return (self.inner,)

    def _derivative(self) -> sp.Expr:
        return self.constant * self.inner.result


@dataclass(frozen=True)
class SumRule(Rule):
    """d/dx (f + g + ...) = f' + g' + ... (a difference is a sum with a negated term)."""

    name = "sum"
    terms: tuple[Rule, ...]

    @property
    def substeps(self) -> tuple[Rule, ...]:
        return self.terms

    def _derivative(self) -> sp.Expr:
        return sp.Add(*(term.result for term in self.terms))


@dataclass(frozen=True)
class ProductRule(Rule):
    """d/dx (f·g·...) = f'·g·... + f·g'·... + ... (one factor differentiated at a time)."""

    name = "product"
    factors: tuple[Rule, ...]
    roles: tuple[str, ...] = ()
    """What each factor stands for when a larger rule made this product (``g``, ``ln f``)."""

    @property
    def substeps(self) -> tuple[Rule, ...]:
        return self.factors

    def _derivative(self) -> sp.Expr:
        exprs = [factor.expression for factor in self.factors]
        return sp.Add(
            *(
                sp.Mul(*exprs[:i], factor.result, *exprs[i + 1 :])
                for i, factor in enumerate(self.factors)
            )
        )


@dataclass(frozen=True)
class QuotientRule(Rule):
    """d/dx (u/v) = (u'·v - u·v')/v²."""

    name = "quotient"
    numerator: Rule
    denominator: Rule

    @property
    def substeps(self) -> tuple[Rule, ...]:
        return (self.numerator, self.denominator)

    def _derivative(self) -> sp.Expr:
        u, v = self.numerator.expression, self.denominator.expression
        du, dv = self.numerator.result, self.denominator.result
        return (du * v - u * dv) / v**2


@dataclass(frozen=True)
class PowerRule(Rule):
    """d/dx xⁿ = n·xⁿ⁻¹ for a constant n."""

    name = "power"
    exponent: sp.Expr

    def _derivative(self) -> sp.Expr:
        return self.exponent * self.variable ** (self.exponent - 1)


@dataclass(frozen=True)
class ExponentialRule(Rule):
    """d/dx aˣ = aˣ·ln(a) for a constant a > 0; d/dx eˣ = eˣ."""

    name = "exponential"
    base: sp.Expr

    def _derivative(self) -> sp.Expr:
        return self.expression * sp.log(self.base)


@dataclass(frozen=True)
class LogarithmRule(Rule):
    """d/dx ln(x) = 1/x; d/dx log_b(x) = 1/(x·ln(b))."""

    name = "logarithm"
    base: sp.Expr

    def _derivative(self) -> sp.Expr:
        return 1 / (self.variable * sp.log(self.base))


@dataclass(frozen=True)
class ChainRule(Rule):
    """d/dx f(g(x)) = f'(u)·g'(x) with u = g(x)."""

    name = "chain"
    outer: Rule
    inner: Rule

    @property
    def placeholder(self) -> sp.Symbol:
        """The symbol u standing for the inner expression in the outer step."""
        return self.outer.variable

    @property
    def substeps(self) -> tuple[Rule, ...]:
        return (self.outer, self.inner)

    def _derivative(self) -> sp.Expr:
        outer = self.outer.result.xreplace({self.placeholder: self.inner.expression})
        return outer * self.inner.result


@dataclass(frozen=True)
class GeneralPowerRule(Rule):
    """d/dx f^g = f^g·(g·ln(f))', by logarithmic differentiation: ln y = g·ln(f)."""

    name = "general_power"
    logarithm: ProductRule
    """The product g·ln(f) (factors in that order), differentiated with respect to x."""

    @property
    def base(self) -> sp.Expr:
        """f, the base."""
        base: sp.Expr = self.expression.args[0]
        return base

    @property
    def exponent(self) -> sp.Expr:
        """g, the exponent."""
        exponent: sp.Expr = self.expression.args[1]
        return exponent

    @property
    def substeps(self) -> tuple[Rule, ...]:
        return (self.logarithm,)

    def _derivative(self) -> sp.Expr:
        return self.expression * self.logarithm.result


@dataclass(frozen=True)
class RewriteRule(Rule):
    """d/dx f = d/dx g when f = g: an equivalent form is differentiated instead."""

    name = "rewrite"
    rewritten: Rule

    @property
    def substeps(self) -> tuple[Rule, ...]:
        return (self.rewritten,)

    def _derivative(self) -> sp.Expr:
        return self.rewritten.result
