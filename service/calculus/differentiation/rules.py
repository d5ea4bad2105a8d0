"""The rule trace: one small typed class per differentiation rule, and their dispatcher.

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

from service.calculus.errors import TooComplex
from service.calculus.language import building
from service.calculus.language.functions import cbrt, relu, sigmoid, softplus

PLACEHOLDER = "u"
"""Name of the symbol a chain rule's outer step differentiates by (u, u1, u2, ... if taken)."""


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


@dataclass(frozen=True)
class FunctionRule(Rule):
    """A named function applied to the variable itself: d/dx f(x) = f'(x)."""

    function: ClassVar[type[sp.Basic]]

    def _derivative(self) -> sp.Expr:
        return self.derivative_at(self.variable)

    def derivative_at(self, x: sp.Symbol) -> sp.Expr:
        """f'(x) in the form a textbook writes it."""
        raise NotImplementedError


@dataclass(frozen=True)
class SinRule(FunctionRule):
    """d/dx sin(x) = cos(x)."""

    name = "sin"
    function = sp.sin

    def derivative_at(self, x: sp.Symbol) -> sp.Expr:
        return sp.cos(x)


@dataclass(frozen=True)
class CosRule(FunctionRule):
    """d/dx cos(x) = -sin(x)."""

    name = "cos"
    function = sp.cos

    def derivative_at(self, x: sp.Symbol) -> sp.Expr:
        return -sp.sin(x)


@dataclass(frozen=True)
class TanRule(FunctionRule):
    """d/dx tan(x) = sec(x)²."""

    name = "tan"
    function = sp.tan

    def derivative_at(self, x: sp.Symbol) -> sp.Expr:
        return sp.sec(x) ** 2


@dataclass(frozen=True)
class CotRule(FunctionRule):
    """d/dx cot(x) = -csc(x)²."""

    name = "cot"
    function = sp.cot

    def derivative_at(self, x: sp.Symbol) -> sp.Expr:
        return -(sp.csc(x) ** 2)


@dataclass(frozen=True)
class SecRule(FunctionRule):
    """d/dx sec(x) = sec(x)·tan(x)."""

    name = "sec"
    function = sp.sec

    def derivative_at(self, x: sp.Symbol) -> sp.Expr:
        return sp.sec(x) * sp.tan(x)


@dataclass(frozen=True)
class CscRule(FunctionRule):
    """d/dx csc(x) = -csc(x)·cot(x)."""

    name = "csc"
    function = sp.csc

    def derivative_at(self, x: sp.Symbol) -> sp.Expr:
        return -sp.csc(x) * sp.cot(x)


@dataclass(frozen=True)
class AsinRule(FunctionRule):
    """d/dx asin(x) = 1/√(1 - x²)."""

    name = "asin"
    function = sp.asin

    def derivative_at(self, x: sp.Symbol) -> sp.Expr:
        return 1 / sp.sqrt(1 - x**2)


@dataclass(frozen=True)
class AcosRule(FunctionRule):
    """d/dx acos(x) = -1/√(1 - x²)."""

    name = "acos"
    function = sp.acos

    def derivative_at(self, x: sp.Symbol) -> sp.Expr:
        return -1 / sp.sqrt(1 - x**2)


@dataclass(frozen=True)
class AtanRule(FunctionRule):
    """d/dx atan(x) = 1/(1 + x²)."""

    name = "atan"
    function = sp.atan

    def derivative_at(self, x: sp.Symbol) -> sp.Expr:
        return 1 / (1 + x**2)


@dataclass(frozen=True)
class SinhRule(FunctionRule):
    """d/dx sinh(x) = cosh(x)."""

    name = "sinh"
    function = sp.sinh

    def derivative_at(self, x: sp.Symbol) -> sp.Expr:
        return sp.cosh(x)


@dataclass(frozen=True)
class CoshRule(FunctionRule):
    """d/dx cosh(x) = sinh(x)."""

    name = "cosh"
    function = sp.cosh

    def derivative_at(self, x: sp.Symbol) -> sp.Expr:
        return sp.sinh(x)


@dataclass(frozen=True)
class TanhRule(FunctionRule):
    """d/dx tanh(x) = 1/cosh(x)² (sech² x)."""

    name = "tanh"
    function = sp.tanh

    def derivative_at(self, x: sp.Symbol) -> sp.Expr:
        return 1 / sp.cosh(x) ** 2


@dataclass(frozen=True)
class SqrtRule(FunctionRule):
    """d/dx √x = 1/(2√x)."""

    name = "sqrt"
    function = sp.Pow

    def derivative_at(self, x: sp.Symbol) -> sp.Expr:
        return 1 / (2 * sp.sqrt(x))


@dataclass(frozen=True)
class CbrtRule(FunctionRule):
    """d/dx ∛x = 1/(3·∛x²) (the real cube root)."""

    name = "cbrt"
    function = cbrt

    def derivative_at(self, x: sp.Symbol) -> sp.Expr:
        return 1 / (3 * cbrt(x) ** 2)


@dataclass(frozen=True)
class AbsRule(FunctionRule):
    """d/dx |x| = sign(x) (undefined at 0)."""

    name = "abs"
    function = sp.Abs

    def derivative_at(self, x: sp.Symbol) -> sp.Expr:
        return sp.sign(x)


@dataclass(frozen=True)
class SignRule(FunctionRule):
    """d/dx sign(x) = 0 for x ≠ 0 (no derivative at the jump at 0)."""

    name = "sign"
    function = sp.sign

    def derivative_at(self, x: sp.Symbol) -> sp.Expr:
        return sp.S.Zero


@dataclass(frozen=True)
class HeavisideRule(FunctionRule):
    """d/dx H(x) = 0 for x ≠ 0 (no derivative at the step at 0)."""

    name = "heaviside"
    function = sp.Heaviside

    def derivative_at(self, x: sp.Symbol) -> sp.Expr:
        return sp.S.Zero


@dataclass(frozen=True)
class SigmoidRule(FunctionRule):
    """d/dx σ(x) = σ(x)·(1 - σ(x))."""

    name = "sigmoid"
    function = sigmoid

    def derivative_at(self, x: sp.Symbol) -> sp.Expr:
        return sigmoid(x) * (1 - sigmoid(x))


@dataclass(frozen=True)
class SoftplusRule(FunctionRule):
    """d/dx softplus(x) = σ(x)."""

    name = "softplus"
    function = softplus

    def derivative_at(self, x: sp.Symbol) -> sp.Expr:
        return sigmoid(x)


@dataclass(frozen=True)
class ReluRule(FunctionRule):
    """d/dx relu(x) = H(x): 0 for x < 0, 1 for x > 0."""

    name = "relu"
    function = relu

    def derivative_at(self, x: sp.Symbol) -> sp.Expr:
        return sp.Heaviside(x)


FUNCTION_RULES: dict[type[sp.Basic], type[FunctionRule]] = {
    rule.function: rule
    for rule in (
        SinRule, CosRule, TanRule, CotRule, SecRule, CscRule,
        AsinRule, AcosRule, AtanRule, SinhRule, CoshRule, TanhRule,
        CbrtRule, AbsRule, SignRule, HeavisideRule,
        SigmoidRule, SoftplusRule, ReluRule,
    )
}  # fmt: skip
"""The function rules the dispatcher looks up by sympy class (sqrt is a power of 1/2)."""

RULE_CLASSES: tuple[type[Rule], ...] = (
    ConstantRule, IdentityRule, ParameterRule, ConstantMultipleRule, SumRule, ProductRule,
    QuotientRule, PowerRule, ExponentialRule, LogarithmRule,
    SinRule, CosRule, TanRule, CotRule, SecRule, CscRule, AsinRule, AcosRule, AtanRule,
    SinhRule, CoshRule, TanhRule, SqrtRule, CbrtRule, AbsRule, SignRule, HeavisideRule,
    SigmoidRule, SoftplusRule, ReluRule,
    ChainRule, GeneralPowerRule, RewriteRule,
)  # fmt: skip
"""Every rule, in the order the vocabulary lists them."""


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
                return SqrtRule(expr, var)
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
        rule = FUNCTION_RULES.get(expr.func)
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
