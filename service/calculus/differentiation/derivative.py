"""Derivatives of any order, the variable of differentiation, and tidy results."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

import sympy as sp

from service.calculus.budget import PLAN, BudgetExceeded, share, soft_budget
from service.calculus.differentiation.direct import direct_diff
from service.calculus.differentiation.textbook import textbook_form
from service.calculus.errors import AmbiguousVariable
from service.calculus.language.catalogue import active
from service.calculus.language.entries import Catalogue, Entry
from service.calculus.language.parser import parse_symbol
from service.calculus.limits import Limits, check_order, check_result_size


def choose_variable(expr: sp.Expr, variable: str | None, *, field: str = "variable") -> sp.Symbol:
    """The symbol to differentiate by: the named one, the only free symbol, or ``x``."""
    if variable is not None:
        return parse_symbol(variable, field=field)
    candidates = sorted(expr.free_symbols, key=lambda s: s.name)
    if len(candidates) > 1:
        names = [s.name for s in candidates]
        raise AmbiguousVariable(
            f"The expression has several symbols ({', '.join(names)}); say which is the variable.",
            candidates=names,
            field=field,
        )
    return candidates[0] if candidates else parse_symbol("x", field=field)


def differentiate(expr: sp.Expr, var: sp.Symbol, order: int, limits: Limits) -> sp.Expr:
    """The tidy ``order``-th derivative, each order differentiating the previous tidy one."""
    return derivative_chain(expr, var, order, limits)[-1]


def derivative_chain(f: sp.Expr, var: sp.Symbol, order: int, limits: Limits) -> tuple[sp.Expr, ...]:
    """``(f, f', …, f^(order))``, each the tidy derivative of the previous one."""
    check_order(order, limits)
    chain = [f]
    for _ in range(order):
        chain.append(derivative_step(chain[-1], var, limits))
    return tuple(chain)


def derivative_step(expr: sp.Expr, var: sp.Symbol, limits: Limits) -> sp.Expr:
    """One tidy classical derivative of ``expr`` with respect to ``var``, size-checked."""
    raw = check_result_size(classical_diff(expr, var), limits, "derivative")
    return tidy(raw, limits)


def classical_diff(expr: sp.Expr, var: sp.Symbol) -> sp.Expr:
    """The derivative as calculus defines it, for real-valued functions of real variables.

    Before differentiating, each function whose catalogue entry has ``own_derivative`` is
    swapped for a stand-in differentiated by the entry's ``derivative``: so sympy takes
    neither its complex-number route for ``abs`` (``re``, ``im``, ``arg``, ``atan2`` for
    ``abs(sqrt(x))``) nor its distributional one (a δ for ``sign``): |u|' = sign(u)·u', and
    ``sign`` and ``heaviside`` are flat wherever they are differentiable. Where they are not
    (an argument at 0), evaluation says so. ``tan`` and ``cot`` differentiate to ``sec(u)^2``
    and ``-csc(u)^2`` as a textbook writes them, not sympy's ``tan(u)^2 + 1``.
    """
    catalogue = active()
    surrogates = _surrogates(catalogue)
    if not expr.has(*surrogates):
        return direct_diff(expr, var)
    return _swap(direct_diff(_swap(expr, surrogates), var), _originals(catalogue))


def tidy(expr: sp.Expr, limits: Limits) -> sp.Expr:
    """The simplest of a few cheap equivalent forms, as a teacher would write it.

    Candidates: the expression as differentiated; the same over a common denominator with the
    numerator expanded and the denominator factored (``(x^2 - 6x - 1)/(x - 3)^2``); and that
    numerator with its common factor taken out (``(x - 3)*exp(x)/x^4``), each tried only if
    the one before it won. All in textbook form (``textbook.textbook_form``). The one with
    fewer operations wins (ties: the shorter tree, then the first). Full ``simplify()`` is
    avoided: it is slow and can hang. Tidying gives up after a quarter of the deadline and
    keeps the best form found so far. The result is rebuilt with sympy's ordinary evaluation,
    so it is exactly what the parser makes of its text.
    """
    best = textbook_form(canonical(expr))
    try:
        with soft_budget(share(limits, PLAN.tidy)):
            for rewritten in _over_common_denominator(expr):
                candidate = textbook_form(canonical(rewritten))
                if not _simpler(candidate, best):
                    break
                best = candidate
    except BudgetExceeded:
        pass
    return best


def canonical(expr: sp.Expr) -> sp.Expr:
    """Rebuild ``expr`` bottom-up with evaluation, e.g. ``-(x + 1)`` becomes ``-x - 1``."""
    if not expr.args:
        return expr
    return expr.func(*(canonical(arg) for arg in expr.args))


def _over_common_denominator(expr: sp.Expr) -> Iterator[sp.Expr]:
    """``expr`` expanded; then, over a denominator, its numerator's common factor taken out.

    Each form is tried only if the one before it won: a quotient written as one fraction,
    ``(x*exp(x) - 3*exp(x))/x^4``, is offered as ``(x - 3)*exp(x)/x^4``, as a textbook writes
    it; a sum that reads better term by term stays so (``2*x*sin(x) + x^2*cos(x)``,
    ``2*x*exp(x^2)*ln(x) + exp(x^2)/x``), and a factor that is only a number stays inside
    (``(-2*x^2 - 2*x + 2)/(x^2 + 1)^2``).
    """
    if not may_have_denominator(expr):  # together would find none: skip it
        yield sp.expand(expr)
        return
    numerator, denominator = sp.fraction(sp.together(expr))
    if denominator == 1:
        yield sp.expand(expr)
        return
    expanded, below = sp.expand(numerator), sp.factor(denominator)
    yield expanded / below
    factored = sp.factor_terms(expanded)
    if not factored.as_coeff_Mul()[1].is_Add:
        yield factored / below


def may_have_denominator(expr: sp.Expr) -> bool:
    """False when ``fraction(together(expr))`` surely has denominator 1.

    Only the sums, products and powers above any function call can bring a denominator
    (``together`` does not look into function arguments): a fraction, a power whose
    exponent is not a positive number, or ``exp`` of a negative-looking argument
    (``exp(-x)`` is ``1/exp(x)``, as ``fraction`` reads it) may.
    """
    if expr.is_Rational:
        return not expr.is_Integer
    if expr.is_Atom:
        return False
    if expr.is_Add or expr.is_Mul:
        return any(may_have_denominator(arg) for arg in expr.args)
    if expr.is_Pow:
        exp = expr.exp
        return not (exp.is_Rational and exp.is_positive) or may_have_denominator(expr.base)
    if isinstance(expr, sp.exp):
        return bool(expr.exp.is_negative or expr.exp.could_extract_minus_sign())
    return not isinstance(expr, sp.Function)


def _simpler(candidate: sp.Expr, best: sp.Expr) -> bool:
    """Fewer operations, then (a tie) the shorter tree; the same tree is never simpler."""
    if candidate == best:
        return False
    operations = sp.count_ops(candidate), sp.count_ops(best)
    if operations[0] != operations[1]:
        return bool(operations[0] < operations[1])
    return len(sp.srepr(candidate)) < len(sp.srepr(best))


@cache
def _surrogate(entry: Entry) -> type[sp.Function]:
    """A stand-in for the entry's function whose derivative is the entry's ``derivative``."""

    def fdiff(self: sp.Function, argindex: int = 1) -> sp.Expr:
        return entry.derivative(self.args[0])

    namespace = {"nargs": 1, "fdiff": fdiff, "__doc__": f"{entry.name}, differentiated as taught."}
    return type(f"_Textbook_{entry.name}", (sp.Function,), namespace)


@cache
def _surrogates(catalogue: Catalogue) -> dict[type, type]:
    """Each function whose entry has ``own_derivative``, mapped to its stand-in."""
    return {
        entry.function: _surrogate(entry)
        for entry in catalogue.entries
        if entry.own_derivative and entry.function is not None
    }


@cache
def _originals(catalogue: Catalogue) -> dict[type, type]:
    return {v: k for k, v in _surrogates(catalogue).items()}


def _swap(expr: sp.Expr, table: dict[type, type]) -> sp.Expr:
    return expr.replace(lambda e: type(e) in table, lambda e: table[type(e)](e.args[0]))
