"""symengine as the fast path of differentiation, built from our own expression tree.

symengine (the SymPy project's C++ core) differentiates our typical expressions in a
fraction of sympy's time, and the sympy form it converts back to tidies faster too. The
symengine objects are built node by node from the sympy tree the grammar made (a
whitelist of node types; no text ever reaches symengine), and the result comes back
through symengine's own structural conversion, with our real symbols put back. An
expression with any other node (``abs``, ``sign``, ``heaviside``, the ML activations,
``cbrt``) is left to sympy: ``fast_diff`` answers None.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import symengine as se
import sympy as sp

_FUNCTIONS: dict[type, Callable[[Any], Any]] = {
    sp.sin: se.sin,
    sp.cos: se.cos,
    sp.tan: se.tan,
    sp.cot: se.cot,
    sp.sec: se.sec,
    sp.csc: se.csc,
    sp.asin: se.asin,
    sp.acos: se.acos,
    sp.atan: se.atan,
    sp.sinh: se.sinh,
    sp.cosh: se.cosh,
    sp.tanh: se.tanh,
    sp.exp: se.exp,
    sp.log: se.log,
}
"""The sympy functions of the fast path and their symengine counterparts (one argument)."""


class _Outside(Exception):
    """A node outside the fast path."""


def fast_diff(expr: sp.Expr, var: sp.Symbol) -> sp.Expr | None:
    """d(expr)/d(var) computed by symengine, or None when ``expr`` has a node outside the
    fast path."""
    try:
        converted = _Converter().convert(expr)
    except _Outside:
        return None
    derivative = se.diff(converted, se.Symbol(var.name))
    ours = {sp.Symbol(s.name): s for s in expr.free_symbols}
    result: sp.Expr = derivative._sympy_().xreplace(ours)
    return result


class _Converter:
    """sympy → symengine, node by node, each shared subtree converted once."""

    def __init__(self) -> None:
        self.memo: dict[sp.Basic, Any] = {}

    def convert(self, e: sp.Basic) -> Any:
        done = self.memo.get(e)
        if done is None:
            done = self.memo[e] = self._node(e)
        return done

    def _node(self, e: sp.Basic) -> Any:
        if e.is_Symbol:
            return se.Symbol(e.name)
        if e.is_Integer:
            return se.Integer(int(e))
        if e.is_Rational:
            return se.Rational(int(e.p), int(e.q))
        if e is sp.pi:
            return se.pi
        if e is sp.E:
            return se.E
        if e.is_Add:
            return se.Add(*(self.convert(a) for a in e.args))
        if e.is_Mul:
            return se.Mul(*(self.convert(a) for a in e.args))
        if e.is_Pow:
            return se.Pow(self.convert(e.base), self.convert(e.exp))
        function = _FUNCTIONS.get(type(e))
        if function is None:
            raise _Outside
        return function(self.convert(e.args[0]))
