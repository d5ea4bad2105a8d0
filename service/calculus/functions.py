"""Functions of the grammar that sympy lacks: the ML activations and the real cube root.

Each is a small ``sympy.Function`` with its derivative (``fdiff``), numeric evaluation and a
rewrite into elementary sympy functions (``to_elementary``) for solvers that do not know them.
"""

from __future__ import annotations

from typing import Any

import sympy as sp


class sigmoid(sp.Function):
    """The logistic function sigmoid(x) = 1/(1 + e^-x); sigmoid' = sigmoid·(1 - sigmoid)."""

    nargs = 1

    @classmethod
    def eval(cls, arg: sp.Expr) -> sp.Expr | None:
        if arg.is_zero:
            return sp.S.Half
        return None

    def fdiff(self, argindex: int = 1) -> sp.Expr:
        s = sigmoid(self.args[0])
        return s * (1 - s)

    def _eval_rewrite_as_exp(self, arg: sp.Expr, **_: Any) -> sp.Expr:
        return 1 / (1 + sp.exp(-arg))

    def _eval_evalf(self, prec: int) -> sp.Expr:
        return self._eval_rewrite_as_exp(self.args[0])._eval_evalf(prec)

    def _eval_is_real(self) -> bool | None:
        return self.args[0].is_real

    def _eval_is_positive(self) -> bool | None:
        return self.args[0].is_real

    def _eval_is_zero(self) -> bool | None:
        return False if self.args[0].is_real else None


class softplus(sp.Function):
    """softplus(x) = ln(1 + e^x); softplus' = sigmoid."""

    nargs = 1

    @classmethod
    def eval(cls, arg: sp.Expr) -> sp.Expr | None:
        if arg.is_zero:
            return sp.log(2)
        return None

    def fdiff(self, argindex: int = 1) -> sp.Expr:
        return sigmoid(self.args[0])

    def _eval_rewrite_as_exp(self, arg: sp.Expr, **_: Any) -> sp.Expr:
        return sp.log(1 + sp.exp(arg))

    def _eval_evalf(self, prec: int) -> sp.Expr:
        return self._eval_rewrite_as_exp(self.args[0])._eval_evalf(prec)

    def _eval_is_real(self) -> bool | None:
        return self.args[0].is_real

    def _eval_is_positive(self) -> bool | None:
        return self.args[0].is_real

    def _eval_is_zero(self) -> bool | None:
        return False if self.args[0].is_real else None


class relu(sp.Function):
    """relu(x) = max(0, x); relu' = heaviside(x), undefined at 0."""

    nargs = 1

    @classmethod
    def eval(cls, arg: sp.Expr) -> sp.Expr | None:
        if arg.is_extended_nonnegative:
            return arg
        if arg.is_extended_nonpositive:
            return sp.S.Zero
        return None

    def fdiff(self, argindex: int = 1) -> sp.Expr:
        return sp.Heaviside(self.args[0])

    def _eval_rewrite_as_Max(self, arg: sp.Expr, **_: Any) -> sp.Expr:
        return sp.Max(0, arg)

    def _eval_rewrite_as_Piecewise(self, arg: sp.Expr, **_: Any) -> sp.Expr:
        return sp.Piecewise((arg, arg > 0), (0, True))

    def _eval_evalf(self, prec: int) -> sp.Expr | None:
        value = self.args[0]._eval_evalf(prec)
        if value is None or not value.is_real:
            return None
        return value if value > 0 else sp.Float(0, prec)

    def _eval_is_real(self) -> bool | None:
        return self.args[0].is_real

    def _eval_is_nonnegative(self) -> bool | None:
        return self.args[0].is_real


class cbrt(sp.Function):
    """The real cube root: cbrt(-8) = -2; cbrt' = 1/(3·cbrt(x)^2)."""

    nargs = 1

    @classmethod
    def eval(cls, arg: sp.Expr) -> sp.Expr | None:
        if arg.is_Rational:
            if arg.is_negative:
                return -cls(-arg)
            root = sp.integer_nthroot(arg.p, 3), sp.integer_nthroot(arg.q, 3)
            (p_root, p_exact), (q_root, q_exact) = root
            if p_exact and q_exact:
                return sp.Rational(p_root, q_root)
        return None

    def fdiff(self, argindex: int = 1) -> sp.Expr:
        return 1 / (3 * cbrt(self.args[0]) ** 2)

    def _eval_rewrite_as_Abs(self, arg: sp.Expr, **_: Any) -> sp.Expr:
        return sp.sign(arg) * sp.Abs(arg) ** sp.Rational(1, 3)

    def _eval_evalf(self, prec: int) -> sp.Expr:
        return self._eval_rewrite_as_Abs(self.args[0])._eval_evalf(prec)

    def _eval_is_real(self) -> bool | None:
        return self.args[0].is_real

    def _eval_is_positive(self) -> bool | None:
        return self.args[0].is_positive

    def _eval_is_negative(self) -> bool | None:
        return self.args[0].is_negative

    def _eval_is_zero(self) -> bool | None:
        return self.args[0].is_zero


CUSTOM_FUNCTIONS: tuple[type[sp.Function], ...] = (sigmoid, softplus, relu, cbrt)


def to_elementary(expr: sp.Expr) -> sp.Expr:
    """Rewrite the custom functions into elementary sympy ones (for solvers and lambdify)."""
    return expr.replace(
        lambda e: isinstance(e, CUSTOM_FUNCTIONS),
        _elementary_form,
    )


def _elementary_form(e: sp.Expr) -> sp.Expr:
    arg = e.args[0]
    if isinstance(e, sigmoid):
        return 1 / (1 + sp.exp(-arg))
    if isinstance(e, softplus):
        return sp.log(1 + sp.exp(arg))
    if isinstance(e, relu):
        return sp.Piecewise((arg, arg > 0), (0, True))
    return sp.sign(arg) * sp.Abs(arg) ** sp.Rational(1, 3)
