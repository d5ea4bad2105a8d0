"""The rules for named functions applied to the variable itself: d/dx f(x) = f'(x).

One small typed class per whitelisted function (``rules.Rule`` is their base); the
dispatcher (``dispatch.py``) finds them in ``FUNCTION_RULES`` by sympy class.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import sympy as sp

from service.calculus.differentiation.rules import Rule
from service.calculus.language.functions import cbrt, relu, sigmoid, softplus


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
