"""The dispatcher: the rule tree that differentiates an expression (``derivative_steps``).

It looks at an expression's shape (a constant, a sum, a product or quotient, a power, a
logarithm, a named function of the variable or of an inner expression) and builds the
matching rule of ``rules.py`` or ``function_rules.py``, counting the rules so that a tree
larger than the limit stops early.
"""

from __future__ import annotations

import sympy as sp

from service.calculus.differentiation.function_rules import (
    FUNCTION_RULE_CLASSES,
    rule_for,
    sqrt_rule,
)
from service.calculus.differentiation.rules import (
    ChainRule,
    ConstantMultipleRule,
    ConstantRule,
    ExponentialRule,
    GeneralPowerRule,
    IdentityRule,
    LogarithmRule,
    ParameterRule,
    PowerRule,
    ProductRule,
    QuotientRule,
    RewriteRule,
    Rule,
    SumRule,
)
from service.calculus.errors import TooComplex
from service.calculus.language import building

PLACEHOLDER = "u"
"""Name of the symbol a chain rule's outer step differentiates by (u, u1, u2, ... if taken)."""

RULE_CLASSES: tuple[type[Rule], ...] = (
    ConstantRule, IdentityRule, ParameterRule, ConstantMultipleRule, SumRule, ProductRule,
    QuotientRule, PowerRule, ExponentialRule, LogarithmRule,
    *FUNCTION_RULE_CLASSES,
    ChainRule, GeneralPowerRule, RewriteRule,
)  # fmt: skip
"""Every rule, in the order the vocabulary lists them (the whitelist's, not a test's copy)."""


def derivative_steps(expr: sp.Expr, var: sp.Symbol, *, max_steps: int | None = None) -> Rule:
    """The rule tree that differentiates ``expr`` with respect to ``var``.

    Raises TooComplex (limit ``max_trace_nodes``) once the tree would have more than
    ``max_steps`` rules.
    """
    taken = {symbol.name for symbol in expr.free_symbols} | {var.name}
    return _StepBuilder(_placeholder(taken), max_steps).steps(expr, var)


def iter_rules(rule: Rule) -> list[Rule]:
    """Every rule of a tree, parents before their substeps."""
    found = [rule]
    for sub in rule.substeps:
        found.extend(iter_rules(sub))
    return found


def _placeholder(taken: set[str]) -> sp.Symbol:
    name, n = PLACEHOLDER, 0
    while name in taken:
        n += 1
        name = f"{PLACEHOLDER}{n}"
    return building.symbol(name)


def _depends(expr: sp.Expr, var: sp.Symbol) -> bool:
    return var in expr.free_symbols


class _StepBuilder:
    """Builds a rule tree, counting the rules it creates."""

    def __init__(self, placeholder: sp.Symbol, max_steps: int | None) -> None:
        self.placeholder = placeholder
        self.max_steps = max_steps
        self.count = 0

    def steps(self, expr: sp.Expr, var: sp.Symbol) -> Rule:
        """The rule for ``expr`` (dispatch on its shape)."""
        self._count()
        if not _depends(expr, var):
            if isinstance(expr, sp.Symbol):
                return ParameterRule(expr, var)
            return ConstantRule(expr, var)
        if expr == var:
            return IdentityRule(expr, var)
        if isinstance(expr, sp.Add):
            return SumRule(expr, var, tuple(self.steps(t, var) for t in expr.as_ordered_terms()))
        if isinstance(expr, sp.Mul):
            return self._product(expr, var)
        if isinstance(expr, sp.Pow):
            return self._power(expr, var)
        return self._function(expr, var)

    def _count(self) -> None:
        self.count += 1
        if self.max_steps is not None and self.count > self.max_steps:
            raise TooComplex(
                f"The rule trace has more than {self.max_steps} steps.",
                limit="max_trace_nodes",
            )

    def _product(self, expr: sp.Expr, var: sp.Symbol) -> Rule:
        coefficient, rest = expr.as_independent(var, as_Add=False)
        base = _log_base(coefficient, rest)
        if base is not None:
            remaining = coefficient * sp.log(base)
            if remaining == 1:
                return self._logarithm(expr, var, rest.args[0], base)
            inner = self.steps(rest / sp.log(base), var)
            return ConstantMultipleRule(expr, var, remaining, inner)
        if coefficient != 1:
            return ConstantMultipleRule(expr, var, coefficient, self.steps(rest, var))
        numerator, denominator = sp.fraction(expr, exact=True)
        if _depends(denominator, var):
            return QuotientRule(expr, var, self.steps(numerator, var), self.steps(denominator, var))
        factors = tuple(self.steps(f, var) for f in expr.as_ordered_factors())
        return ProductRule(expr, var, factors)

    def _logarithm(self, expr: sp.Expr, var: sp.Symbol, arg: sp.Expr, base: sp.Expr) -> Rule:
        if arg == var:
            return LogarithmRule(expr, var, base)
        u = self.placeholder
        return self._chain(expr, var, sp.log(u) / sp.log(base), arg)

    def _power(self, expr: sp.Expr, var: sp.Symbol) -> Rule:
        base, exponent = expr.args
        if _depends(base, var) and _depends(exponent, var):
            return self._general_power(expr, var, base, exponent)
        if _depends(exponent, var):
            if exponent == var:
                return ExponentialRule(expr, var, base)
            return self._chain(expr, var, base**self.placeholder, exponent)
        if base == var:
            if exponent == sp.S.Half:
                return sqrt_rule()(expr, var)
            return PowerRule(expr, var, exponent)
        return self._chain(expr, var, self.placeholder**exponent, base)

    def _general_power(
        self, expr: sp.Expr, var: sp.Symbol, base: sp.Expr, exponent: sp.Expr
    ) -> Rule:
        self._count()
        factors = (self.steps(exponent, var), self.steps(sp.log(base), var))
        logarithm = ProductRule(exponent * sp.log(base), var, factors, ("g", "ln f"))
        return GeneralPowerRule(expr, var, logarithm)

    def _function(self, expr: sp.Expr, var: sp.Symbol) -> Rule:
        arg, *extra = expr.args
        if isinstance(expr, sp.exp):
            if arg == var:
                return ExponentialRule(expr, var, sp.E)
            return self._chain(expr, var, sp.exp(self.placeholder), arg)
        if isinstance(expr, sp.log):
            return self._logarithm(expr, var, arg, sp.E)
        rule = rule_for(expr)
        if rule is not None and not any(_depends(e, var) for e in extra):
            if arg == var:
                return rule(expr, var)
            return self._chain(expr, var, expr.func(self.placeholder, *extra), arg)
        return self._rewrite(expr, var)

    def _chain(self, expr: sp.Expr, var: sp.Symbol, outer: sp.Expr, inner: sp.Expr) -> Rule:
        u = self.placeholder
        return ChainRule(expr, var, self.steps(outer, u), self.steps(inner, var))

    def _rewrite(self, expr: sp.Expr, var: sp.Symbol) -> Rule:
        rewritten = expr.rewrite(sp.exp)
        if rewritten == expr:
            rewritten = expr.rewrite(sp.log)
        if rewritten == expr:
            raise TypeError(f"No differentiation rule for {expr.func.__name__}.")
        return RewriteRule(expr, var, self.steps(rewritten, var))


def _log_base(coefficient: sp.Expr, rest: sp.Expr) -> sp.Expr | None:
    """b when ``coefficient·rest`` is c·log(g)/log(b) (sympy's form of log_b(g))."""
    if not isinstance(rest, sp.log):
        return None
    for factor in sp.Mul.make_args(coefficient):
        if isinstance(factor, sp.Pow) and factor.exp == -1 and isinstance(factor.base, sp.log):
            base: sp.Expr = factor.base.args[0]
            return base
    return None
