"""Turning a rule tree into the steps a reader sees (SPEC §2.1).

A ``Step`` is ``{rule, variable, expression, result, formula, explanation,
explanation_latex, assembled, substeps}``: ``result`` is tidy at every step
(``derivative.tidy``), not only at the root; ``assembled`` (product, quotient, chain,
general_power) is the formula with the actual parts put in, before simplifying;
``explanation`` one sentence naming the parts, and ``explanation_latex`` the same sentence
with its mathematics in ``$…$``. The rule classes in ``rules.py`` hold no wording; what a
reader sees is decided here and in ``vocabulary``, ``assembly`` and ``explanations``.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from service.calculus.differentiation import rules
from service.calculus.differentiation.assembly import assembled
from service.calculus.differentiation.derivative import tidy
from service.calculus.differentiation.explanations import Context, explanation, simplification
from service.calculus.differentiation.function_rules import FunctionRule
from service.calculus.differentiation.vocabulary import (
    E_FORMULA,
    FORMULAS,
    LN_FORMULA,
    NARY_PRODUCT_FORMULA,
)
from service.calculus.errors import TooComplex
from service.calculus.language.printing import to_text
from service.calculus.language.sentences import plain, with_latex
from service.calculus.language.written import Written, to_text_written, value
from service.calculus.limits import Limits, check_result_size, tree_size

DETAILS = ("full", "brief")
"""``full`` shows every step; ``brief`` only the steps where a rule of calculus was applied."""

BOOKKEEPING_RULES = frozenset(
    {"constant", "identity", "parameter", "sum", "constant_multiple", "rewrite"}
)
"""Rules that ``brief`` leaves out below the root (their parent's line already shows them)."""


@dataclass(frozen=True)
class Step:
    """One step of a trace as a reader sees it, with the steps it rests on."""

    rule: str
    variable: sp.Symbol
    expression: sp.Expr
    result: sp.Expr
    formula: str
    explanation: str
    explanation_latex: str
    assembled: Written | None
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
    if isinstance(rule, FunctionRule) and rule.entry.wording is not None:
        return rule.entry.wording.formula
    return FORMULAS[rule.name]


class TraceRenderer:
    """Renders the traces of one response, tidying and counting each distinct expression once.

    With ``limits``, each step's result is size-checked, and the expressions a response
    shows in all (``max_result_nodes`` terms and factors together) are bounded before
    anything is printed, which costs far more than differentiating.
    """

    def __init__(self, detail: str = "full", limits: Limits | None = None) -> None:
        self.detail = detail
        self.limits = limits
        self.tidied: dict[sp.Expr, sp.Expr] = {}
        self.counted: set[sp.Basic] = set()
        self.counted_nodes = 0

    def render(self, rule: rules.Rule, root_result: sp.Expr | None = None) -> Step:
        """The step tree of ``rule``; ``root_result`` replaces the root's shown result.

        Give ``root_result`` only when it is the same derivative in another (tidier) form.
        """
        if root_result is not None:
            self.tidied[rule.result] = root_result
        return self._step(rule)

    def shown(self, rule: rules.Rule) -> sp.Expr:
        """The tidy derivative shown for ``rule``."""
        raw = rule.result
        if raw not in self.tidied:
            limits = self.limits or Limits()
            self.tidied[raw] = tidy(check_result_size(raw, limits, "trace step"), limits)
        return self.tidied[raw]

    def _step(self, rule: rules.Rule) -> Step:
        result = self.shown(rule)
        line = assembled(rule, self.shown)
        sentence = explanation(rule, Context(self.shown, line))
        if line is not None:
            self._count(value(line))
            if to_text_written(line) != to_text(result):
                sentence = (*sentence, *simplification(rule, line, result))
        self._count(rule.expression)
        self._count(result)
        return Step(
            rule=rule.name,
            variable=rule.variable,
            expression=rule.expression,
            result=result,
            formula=formula(rule),
            explanation=plain(sentence),
            explanation_latex=with_latex(sentence),
            assembled=line,
            substeps=tuple(self._step(sub) for sub in self._shown_substeps(rule)),
        )

    def _shown_substeps(self, rule: rules.Rule) -> list[rules.Rule]:
        if self.detail == "full":
            return list(rule.substeps)
        shown: list[rules.Rule] = []
        for sub in rule.substeps:
            shown.extend(self._shown_substeps(sub) if sub.name in BOOKKEEPING_RULES else [sub])
        return shown

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
