"""Functions of the grammar that sympy lacks: the ML activations and the real cube root.

Each is a small ``sympy.Function`` with its derivative (``fdiff``), its elementary form
(``elementary``: exp/log/Piecewise/Abs, for solvers, numeric evaluation and lambdify) and
the assumptions sympy needs to simplify around it.
"""

from __future__ import annotations

from typing import Any

import sympy as sp


def _fuzzy(value: object) -> bool | None:
    """A sympy assumption's answer (True, False or None: not known), typed."""
    return None if value is None else bool(value)


class _RealFunction(sp.Function):
    """A function of one argument, real for real arguments, evaluated via its elementary form."""

    nargs = 1

    @staticmethod
    def elementary(arg: sp.Expr) -> sp.Expr:
        """The same function written with sympy's elementary functions."""
        raise NotImplementedError

    def _eval_evalf(self, prec: int) -> sp.Expr | None:
        return self.elementary(self.args[0])._eval_evalf(prec)

    def _eval_is_real(self) -> bool | None:
        return _fuzzy(self.args[0].is_real)


class _PositiveFunction(_RealFunction):
    """A function that is positive (so never zero) for every real argument."""

    def _eval_is_positive(self) -> bool | None:
        return _fuzzy(self.args[0].is_real)

    def _eval_is_zero(self) -> bool | None:
        return False if self.args[0].is_real else None

    def _eval_rewrite_as_exp(self, arg: sp.Expr, **_: Any) -> sp.Expr:
        return self.elementary(arg)


class sigmoid(_PositiveFunction):
    """The logistic function sigmoid(x) = 1/(1 + e^-x); sigmoid' = sigmoid·(1 - sigmoid)."""

    @classmethod
    def eval(cls, arg: sp.Expr) -> sp.Expr | None:  # safe: sympy's Function.eval hook, no text
        return sp.S.Half if arg.is_zero else None

    @staticmethod
    def elementary(arg: sp.Expr) -> sp.Expr:
        return 1 / (1 + sp.exp(-arg))

    def fdiff(self, argindex: int = 1) -> sp.Expr:
        s = sigmoid(self.args[0])
        return s * (1 - s)


class softplus(_PositiveFunction):
    """softplus(x) = ln(1 + e^x); softplus' = sigmoid."""

    @classmethod
    def eval(cls, arg: sp.Expr) -> sp.Expr | None:  # safe: sympy's Function.eval hook, no text
        return sp.log(2) if arg.is_zero else None

    @staticmethod
    def elementary(arg: sp.Expr) -> sp.Expr:
        return sp.log(1 + sp.exp(arg))

    def fdiff(self, argindex: int = 1) -> sp.Expr:
        return sigmoid(self.args[0])


class relu(_RealFunction):
    """relu(x) = max(0, x); relu' = heaviside(x), undefined at 0."""

    @classmethod
    def eval(cls, arg: sp.Expr) -> sp.Expr | None:  # safe: sympy's Function.eval hook, no text
        if arg.is_extended_nonnegative:
            return arg
        if arg.is_extended_nonpositive:
            return sp.S.Zero
        return None

    @staticmethod
    def elementary(arg: sp.Expr) -> sp.Expr:
        return sp.Piecewise((arg, arg > 0), (0, True))

    def fdiff(self, argindex: int = 1) -> sp.Expr:
        return sp.Heaviside(self.args[0])

    def _eval_rewrite_as_Piecewise(self, arg: sp.Expr, **_: Any) -> sp.Expr:
        return self.elementary(arg)

    def _eval_evalf(self, prec: int) -> sp.Expr | None:
        value = self.args[0]._eval_evalf(prec)
        if value is None or not value.is_real:
            return None
        return value if value > 0 else sp.Float(0, prec)

    def _eval_is_nonnegative(self) -> bool | None:
        return _fuzzy(self.args[0].is_real)


class cbrt(_RealFunction):
    """The real cube root: cbrt(-8) = -2; cbrt' = 1/(3·cbrt(x)^2)."""

    @classmethod
    def eval(cls, arg: sp.Expr) -> sp.Expr | None:  # safe: sympy's Function.eval hook, no text
        if arg.is_Rational:
            if arg.is_negative:
                return -cls(-arg)
            (p_root, p_exact), (q_root, q_exact) = (
                sp.integer_nthroot(arg.p, 3),
                sp.integer_nthroot(arg.q, 3),
            )
            if p_exact and q_exact:
                return sp.Rational(p_root, q_root)
        return None

    @staticmethod
    def elementary(arg: sp.Expr) -> sp.Expr:
        return sp.sign(arg) * sp.Abs(arg) ** sp.Rational(1, 3)

    def fdiff(self, argindex: int = 1) -> sp.Expr:
        return 1 / (3 * cbrt(self.args[0]) ** 2)

    def _eval_rewrite_as_Abs(self, arg: sp.Expr, **_: Any) -> sp.Expr:
        return self.elementary(arg)

    def _eval_is_positive(self) -> bool | None:
        return _fuzzy(self.args[0].is_positive)

    def _eval_is_negative(self) -> bool | None:
        return _fuzzy(self.args[0].is_negative)

    def _eval_is_zero(self) -> bool | None:
        return _fuzzy(self.args[0].is_zero)


CUSTOM_FUNCTIONS: tuple[type[_RealFunction], ...] = (sigmoid, softplus, relu, cbrt)


def to_elementary(expr: sp.Expr) -> sp.Expr:
    """Rewrite the custom functions into elementary sympy ones (for solvers and lambdify)."""
    return expr.replace(
        lambda e: isinstance(e, CUSTOM_FUNCTIONS),
        lambda e: e.elementary(e.args[0]),
    )
