"""Whether two expressions are the same function: symbolically, or at seeded random points.

``Comparison(reference, symbols, seed, deadline)`` compares one reference expression (a
learner's answer) with any number of others (the derivative, mistaken derivatives) and
returns a ``Verdict``:

1. Symbolic: the difference is zero as built, or after ``expand``, ``cancel`` or
   ``together`` (cheap rewrites; ``simplify`` is never called). Each rewrite runs under a
   soft budget (``PLAN.symbolic_rewrite`` of the time left) and is skipped when it does not
   finish. The rewrites are tried only when the numeric test has not already found a
   disagreeing point (``Comparison.against``).
2. Numeric: ``numeric.PointComparison``, at seeded points.
3. Undecided (``equal`` None, with a ``reason``) when too few points are usable, or when the
   deadline passes first.
"""

from __future__ import annotations

import sympy as sp

from service.calculus.budget import PLAN, BudgetExceeded, soft_budget
from service.calculus.numeric import PointComparison, Verdict


class Comparison(PointComparison):
    """Compares one reference expression with others (see the module docstring)."""

    def against(self, other: sp.Expr) -> Verdict:
        """Whether ``other`` is the same function as the reference.

        A difference that is zero as built is symbolic at once; otherwise the numeric test
        runs first (a different function is found at the first disagreeing point, without
        expanding anything), and only an equal or undecided numeric verdict is followed by
        the symbolic rewrites, which turn it into a symbolic one when they succeed.
        """
        difference = other - self.reference
        if difference == 0:
            return Verdict(True, "symbolic")
        numeric = self.numerically(other)
        if numeric.equal is not False and self._rewrites_to_zero(difference):
            return Verdict(True, "symbolic")
        return numeric

    def _rewrites_to_zero(self, difference: sp.Expr) -> bool:
        for rewrite in (sp.expand, sp.cancel, _together_numerator):
            seconds = self._remaining() * PLAN.symbolic_rewrite
            if seconds <= 0:
                return False
            try:
                with soft_budget(seconds):
                    if rewrite(difference) == 0:
                        return True
            except BudgetExceeded:
                continue
        return False


def _together_numerator(expr: sp.Expr) -> sp.Expr:
    numerator, _ = sp.fraction(sp.together(expr))
    return sp.expand(numerator)
