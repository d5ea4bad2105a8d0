"""Turning a rule tree into the steps a reader sees.

A ``Step`` is ``{rule, variable, expression, result, formula, explanation, substeps}``:
``formula`` is the general rule in LaTeX, ``explanation`` one plain sentence naming the
actual parts (written with the plain text syntax). The rule classes in ``rules.py`` hold no
wording; everything a reader sees is decided here (the formulas live in ``vocabulary.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import singledispatch

import sympy as sp

from service.calculus.differentiation import rules
from service.calculus.differentiation.vocabulary import (
    E_FORMULA,
    FORMULAS,
    LN_FORMULA,
    NARY_PRODUCT_FORMULA,
)
from service.calculus.errors import TooComplex
from service.calculus.language.printing import to_text
from service.calculus.limits import Limits, check_result_size, tree_size

DETAILS = ("full", "brief")
"""``full`` shows every step; ``brief`` drops trivial leaves (constants, x itself, parameters)."""

TRIVIAL_RULES = frozenset({"constant", "identity", "parameter"})
"""Rules whose leaves ``brief`` leaves out (their parent's sentence already names them)."""


@dataclass(frozen=True)
class Step:
    """One step of a trace as a reader sees it, with the steps it rests on."""

    rule: str
    variable: sp.Symbol
    expression: sp.Expr
    result: sp.Expr
    formula: str
    explanation: str
    substeps: tuple[Step, ...]


def render_trace(
    rule: rules.Rule,
    *,
    detail: str = "full",
    root_result: sp.Expr | None = None,
    limits: Limits | None = None,
) -> Step:
    """The step tree of ``rule`` (see ``TraceRenderer.render``)."""
    return TraceRenderer(detail, limits).render(rule, root_result)


def formula(rule: rules.Rule) -> str:
    """The general rule in LaTeX, in the variant this step uses."""
    if isinstance(rule, rules.ProductRule) and len(rule.factors) > 2:
        return NARY_PRODUCT_FORMULA
    if isinstance(rule, rules.ExponentialRule) and rule.base == sp.E:
        return E_FORMULA
    if isinstance(rule, rules.LogarithmRule) and rule.base == sp.E:
        return LN_FORMULA
    return FORMULAS[rule.name]


@singledispatch
def explanation(rule: rules.Rule) -> str:
    """One plain sentence naming the actual parts of this step."""
    return (
        f"The derivative of {to_text(rule.expression)} with respect to "
        f"{rule.variable.name} is {to_text(rule.result)}."
    )


class TraceRenderer:
    """Renders the traces of one response, counting each distinct expression once.

    With ``limits``, each step's result is size-checked, and the expressions a response
    shows in all (``max_result_nodes`` terms and factors together) are bounded before
    anything is printed, which costs far more than differentiating.
    """

    def __init__(self, detail: str = "full", limits: Limits | None = None) -> None:
        self.detail = detail
        self.limits = limits
        self.counted: set[sp.Basic] = set()
        self.counted_nodes = 0

    def render(self, rule: rules.Rule, root_result: sp.Expr | None = None) -> Step:
        """The step tree of ``rule``; ``root_result`` replaces the root's shown result.

        Give ``root_result`` only when it is the same derivative in another (tidier) form.
        """
        return self._step(rule, root_result)

    def _step(self, rule: rules.Rule, shown_result: sp.Expr | None = None) -> Step:
        result = rule.result if shown_result is None else shown_result
        if self.limits is not None:
            check_result_size(result, self.limits, "trace step")
        shown = [
            sub for sub in rule.substeps if self.detail == "full" or sub.name not in TRIVIAL_RULES
        ]
        self._count(rule.expression)
        self._count(result)
        return Step(
            rule=rule.name,
            variable=rule.variable,
            expression=rule.expression,
            result=result,
            formula=formula(rule),
            explanation=explanation(rule),
            substeps=tuple(self._step(sub) for sub in shown),
        )

    def _count(self, expr: sp.Basic) -> None:
        if self.limits is None or expr in self.counted:
            return
        self.counted.add(expr)
        cap = self.limits.max_result_nodes
        self.counted_nodes += tree_size(expr, cap)
        if self.counted_nodes > cap:
            raise TooComplex(
                f"The trace would print more than {cap} terms and factors in all.",
                limit="max_result_nodes",
            )


def _listing(items: list[str]) -> str:
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " and " + items[-1]


@explanation.register
def _explain_constant(rule: rules.ConstantRule) -> str:
    if rule.expression.is_number:
        return f"The derivative of the constant {to_text(rule.expression)} is 0."
    return (
        f"{to_text(rule.expression)} does not depend on {rule.variable.name}, "
        "so its derivative is 0."
    )


@explanation.register
def _explain_identity(rule: rules.IdentityRule) -> str:
    name = rule.variable.name
    return f"The derivative of {name} with respect to {name} is 1."


@explanation.register
def _explain_parameter(rule: rules.ParameterRule) -> str:
    return (
        f"{to_text(rule.expression)} is a parameter, held constant while "
        f"{rule.variable.name} varies, so its derivative is 0."
    )


@explanation.register
def _explain_constant_multiple(rule: rules.ConstantMultipleRule) -> str:
    inner = to_text(rule.inner.expression)
    if rule.constant == -1:
        return (
            f"Negation: the derivative of {to_text(rule.expression)} is minus the "
            f"derivative of {inner}."
        )
    return (
        f"Constant multiple rule: the factor {to_text(rule.constant)} stays and multiplies "
        f"the derivative of {inner}."
    )


@explanation.register
def _explain_sum(rule: rules.SumRule) -> str:
    terms = _listing([to_text(term.expression) for term in rule.terms])
    return f"Sum rule: differentiate the terms {terms} one by one and add the results."


@explanation.register
def _explain_product(rule: rules.ProductRule) -> str:
    parts = [to_text(factor.expression) for factor in rule.factors]
    if len(parts) == 2:
        return f"Product rule with u = {parts[0]} and v = {parts[1]}."
    return (
        f"Product rule for the {len(parts)} factors {_listing(parts)}: differentiate one "
        "factor at a time, keep the others, and add the results."
    )


@explanation.register
def _explain_quotient(rule: rules.QuotientRule) -> str:
    u, v = to_text(rule.numerator.expression), to_text(rule.denominator.expression)
    return (
        f"Quotient rule with u = {u} over v = {v}: low d-high minus high d-low, over low squared."
    )


@explanation.register
def _explain_power(rule: rules.PowerRule) -> str:
    return (
        f"Power rule with n = {to_text(rule.exponent)}: bring the exponent down and "
        "lower it by one."
    )


@explanation.register
def _explain_exponential(rule: rules.ExponentialRule) -> str:
    if rule.base == sp.E:
        return f"The exponential {to_text(rule.expression)} is its own derivative."
    return (
        f"Exponential rule with base a = {to_text(rule.base)}: "
        f"{to_text(rule.expression)} keeps its form and gains the factor "
        f"{to_text(sp.log(rule.base))}."
    )


@explanation.register
def _explain_logarithm(rule: rules.LogarithmRule) -> str:
    name = rule.variable.name
    if rule.base == sp.E:
        return f"The derivative of the natural logarithm of {name} is 1/{name}."
    return (
        f"Logarithm with base b = {to_text(rule.base)}: the derivative is "
        f"{to_text(rule.result)}, the natural logarithm's 1/{name} divided by ln(b)."
    )


@explanation.register
def _explain_chain(rule: rules.ChainRule) -> str:
    u = rule.placeholder.name
    return (
        f"Chain rule with outer function {to_text(rule.outer.expression)} and inner "
        f"function {u} = {to_text(rule.inner.expression)}."
    )


@explanation.register
def _explain_general_power(rule: rules.GeneralPowerRule) -> str:
    return (
        f"General power rule (logarithmic differentiation) with base f = "
        f"{to_text(rule.base.expression)} and exponent g = "
        f"{to_text(rule.exponent.expression)}, since both depend on {rule.variable.name}."
    )


@explanation.register
def _explain_rewrite(rule: rules.RewriteRule) -> str:
    return (
        f"Rewrite {to_text(rule.expression)} as {to_text(rule.rewritten.expression)} "
        "and differentiate that instead."
    )


@explanation.register(rules.SignRule)
@explanation.register(rules.HeavisideRule)
def _explain_jump(rule: rules.FunctionRule) -> str:
    return (
        f"{to_text(rule.expression)} is constant on each side of {rule.variable.name} = 0, "
        f"so its derivative is 0 there; at {rule.variable.name} = 0 it jumps and has no "
        "derivative."
    )
