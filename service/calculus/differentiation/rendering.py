"""Turning a rule tree into plain JSON-ready dicts, and the rule vocabulary.

A node is ``{rule, variable, expression, result, formula, explanation, substeps}``:
``formula`` is the general rule in LaTeX, ``explanation`` one plain sentence naming the
actual parts (written with the plain text syntax). The rule classes in ``rules.py`` hold no
wording; everything a reader sees is decided here.
"""

from __future__ import annotations

from functools import singledispatch
from typing import Any

import sympy as sp

from service.calculus.differentiation import rules
from service.calculus.errors import TooComplex
from service.calculus.language.printing import expression_object, to_text
from service.calculus.limits import Limits, check_result_size, tree_size

DETAILS = ("full", "brief")
"""``full`` shows every step; ``brief`` drops trivial leaves (constants, x itself, parameters)."""

TRIVIAL_RULES = frozenset({"constant", "identity", "parameter"})
"""Rules whose leaves ``brief`` leaves out (their parent's sentence already names them)."""

VOCABULARY: tuple[dict[str, str], ...] = (
    {
        "rule": "constant",
        "name": "Constant rule",
        "formula": r"\frac{d}{dx} c = 0",
        "description": "Anything that does not change with the variable has slope zero.",
    },
    {
        "rule": "identity",
        "name": "Identity rule",
        "formula": r"\frac{d}{dx} x = 1",
        "description": "The variable changes exactly as fast as itself.",
    },
    {
        "rule": "parameter",
        "name": "Parameter rule",
        "formula": r"\frac{d}{dx} a = 0",
        "description": "Another symbol is held fixed while the variable moves, so it acts "
        "like a number; this is how partial derivatives treat the other variables.",
    },
    {
        "rule": "constant_multiple",
        "name": "Constant multiple rule",
        "formula": r"\frac{d}{dx}\left(c f\right) = c f'",
        "description": "A constant factor (or a minus sign) waits outside while the rest is "
        "differentiated, then multiplies the result.",
    },
    {
        "rule": "sum",
        "name": "Sum rule",
        "formula": r"\frac{d}{dx}\left(f + g\right) = f' + g'",
        "description": "Sums and differences are differentiated term by term.",
    },
    {
        "rule": "product",
        "name": "Product rule",
        "formula": r"\left(u v\right)' = u' v + u v'",
        "description": "Differentiate one factor at a time while the others stay as they "
        "are, then add; with more factors every factor gets its turn.",
    },
    {
        "rule": "quotient",
        "name": "Quotient rule",
        "formula": r"\left(\frac{u}{v}\right)' = \frac{u' v - u v'}{v^{2}}",
        "description": 'Low d-high minus high d-low, over low squared ("high" is the '
        'numerator u, "low" the denominator v); the order of the subtraction matters.',
    },
    {
        "rule": "power",
        "name": "Power rule",
        "formula": r"\frac{d}{dx} x^{n} = n x^{n - 1}",
        "description": "For the variable raised to a constant power: the exponent comes "
        "down as a factor and drops by one.",
    },
    {
        "rule": "exponential",
        "name": "Exponential rule",
        "formula": r"\frac{d}{dx} a^{x} = a^{x} \ln a",
        "description": "A constant base raised to the variable keeps its shape and gains "
        "the factor ln(a); for the base e that factor is 1.",
    },
    {
        "rule": "logarithm",
        "name": "Logarithm rule",
        "formula": r"\frac{d}{dx} \log_{b} x = \frac{1}{x \ln b}",
        "description": "The natural logarithm has derivative 1/x; another base b divides "
        "that by ln(b).",
    },
    *(
        {
            "rule": name,
            "name": title,
            "formula": formula,
            "description": description,
        }
        for name, title, formula, description in (
            ("sin", "Sine", r"\frac{d}{dx} \sin x = \cos x", "The slope of sine is cosine."),
            (
                "cos",
                "Cosine",
                r"\frac{d}{dx} \cos x = -\sin x",
                "The slope of cosine is minus sine; the sign is easy to lose.",
            ),
            (
                "tan",
                "Tangent",
                r"\frac{d}{dx} \tan x = \sec^{2} x",
                "Tangent grows by the square of secant (also 1 + tan²x).",
            ),
            (
                "cot",
                "Cotangent",
                r"\frac{d}{dx} \cot x = -\csc^{2} x",
                "Cotangent falls by the square of cosecant.",
            ),
            ("sec", "Secant", r"\frac{d}{dx} \sec x = \sec x \tan x", "Secant times tangent."),
            (
                "csc",
                "Cosecant",
                r"\frac{d}{dx} \csc x = -\csc x \cot x",
                "Minus cosecant times cotangent.",
            ),
            (
                "asin",
                "Inverse sine",
                r"\frac{d}{dx} \arcsin x = \frac{1}{\sqrt{1 - x^{2}}}",
                "One over the root of one minus the square, for |x| < 1.",
            ),
            (
                "acos",
                "Inverse cosine",
                r"\frac{d}{dx} \arccos x = -\frac{1}{\sqrt{1 - x^{2}}}",
                "The negative of the inverse sine's derivative.",
            ),
            (
                "atan",
                "Inverse tangent",
                r"\frac{d}{dx} \arctan x = \frac{1}{1 + x^{2}}",
                "One over one plus the square, defined for every x.",
            ),
            (
                "sinh",
                "Hyperbolic sine",
                r"\frac{d}{dx} \sinh x = \cosh x",
                "Like sine, but without any sign change.",
            ),
            (
                "cosh",
                "Hyperbolic cosine",
                r"\frac{d}{dx} \cosh x = \sinh x",
                "Unlike cosine, no minus sign appears.",
            ),
            (
                "tanh",
                "Hyperbolic tangent",
                r"\frac{d}{dx} \tanh x = \frac{1}{\cosh^{2} x}",
                "One over cosh squared (sech² x, also 1 - tanh² x).",
            ),
            (
                "sqrt",
                "Square root",
                r"\frac{d}{dx} \sqrt{x} = \frac{1}{2 \sqrt{x}}",
                "The power rule with n = 1/2, written with the root.",
            ),
            (
                "cbrt",
                "Cube root",
                r"\frac{d}{dx} \sqrt[3]{x} = \frac{1}{3 \sqrt[3]{x}^{2}}",
                "The power rule with n = 1/3 for the real cube root; undefined at 0.",
            ),
            (
                "abs",
                "Absolute value",
                r"\frac{d}{dx} \left|x\right| = \operatorname{sign} x",
                "Slope -1 left of zero and +1 right of it; there is no derivative at 0.",
            ),
            (
                "sign",
                "Sign function",
                r"\frac{d}{dx} \operatorname{sign} x = 0 \quad (x \neq 0)",
                "Flat on both sides of 0, so the derivative is 0 there; at the jump at 0 "
                "there is no derivative.",
            ),
            (
                "heaviside",
                "Heaviside step",
                r"\frac{d}{dx} H\left(x\right) = 0 \quad (x \neq 0)",
                "Flat on both sides of 0, so the derivative is 0 there; at the step at 0 "
                "there is no derivative.",
            ),
            (
                "sigmoid",
                "Sigmoid",
                r"\frac{d}{dx} \sigma\left(x\right) = \sigma\left(x\right)\left(1 - "
                r"\sigma\left(x\right)\right)",
                "The logistic curve's slope is its value times one minus its value.",
            ),
            (
                "softplus",
                "Softplus",
                r"\frac{d}{dx} \operatorname{softplus} x = \sigma\left(x\right)",
                "The slope of softplus is the sigmoid.",
            ),
            (
                "relu",
                "ReLU",
                r"\frac{d}{dx} \operatorname{relu} x = H\left(x\right)",
                "Slope 0 for negative inputs and 1 for positive ones (a step); none at 0.",
            ),
        )
    ),
    {
        "rule": "chain",
        "name": "Chain rule",
        "formula": r"\frac{d}{dx} f\left(g\left(x\right)\right) = f'\left(u\right) "
        r"g'\left(x\right), \quad u = g\left(x\right)",
        "description": "For a function of a function: differentiate the outer one with "
        "respect to u, the inner expression, then multiply by the inner derivative.",
    },
    {
        "rule": "general_power",
        "name": "General power rule",
        "formula": r"\frac{d}{dx} f^{g} = f^{g} \left(g' \ln f + \frac{g f'}{f}\right)",
        "description": "When the variable is in both base and exponent, take logarithms "
        "first: ln(f^g) = g ln f, differentiate, and multiply back by f^g.",
    },
    {
        "rule": "rewrite",
        "name": "Rewrite",
        "formula": r"f = g \;\Rightarrow\; f' = g'",
        "description": "An equal expression that is easier to differentiate is used instead.",
    },
)
"""The rule vocabulary of GET /v1/rules: every rule name a trace can contain."""

FORMULAS: dict[str, str] = {entry["rule"]: entry["formula"] for entry in VOCABULARY}

NARY_PRODUCT_FORMULA = (
    r"\left(f_{1} \cdots f_{n}\right)' = \sum_{i=1}^{n} f_{i}' \prod_{j \ne i} f_{j}"
)
E_FORMULA = r"\frac{d}{dx} e^{x} = e^{x}"
LN_FORMULA = r"\frac{d}{dx} \ln x = \frac{1}{x}"


def rule_vocabulary() -> list[dict[str, str]]:
    """GET /v1/rules: ``[{rule, name, formula, description}]``."""
    return [dict(entry) for entry in VOCABULARY]


def render_trace(
    rule: rules.Rule,
    *,
    detail: str = "full",
    root_result: sp.Expr | None = None,
    limits: Limits | None = None,
) -> dict[str, Any]:
    """The JSON-ready tree of ``rule`` (see ``TraceRenderer.render``)."""
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
    """Renders the traces of one response, printing each distinct expression once.

    With ``limits``, each step's result is size-checked, and the expressions printed in
    all (``max_result_nodes`` terms and factors together) are bounded before printing,
    which costs far more than differentiating.
    """

    def __init__(self, detail: str = "full", limits: Limits | None = None) -> None:
        self.detail = detail
        self.limits = limits
        self.printed: dict[sp.Basic, dict[str, str]] = {}
        self.printed_nodes = 0

    def render(self, rule: rules.Rule, root_result: sp.Expr | None = None) -> dict[str, Any]:
        """The JSON-ready tree of ``rule``; ``root_result`` replaces the root's shown result.

        Give ``root_result`` only when it is the same derivative in another (tidier) form.
        """
        return self._node(rule, root_result)

    def _node(self, rule: rules.Rule, shown_result: sp.Expr | None = None) -> dict[str, Any]:
        result = rule.result if shown_result is None else shown_result
        if self.limits is not None:
            check_result_size(result, self.limits, "trace step")
        shown = [
            sub for sub in rule.substeps if self.detail == "full" or sub.name not in TRIVIAL_RULES
        ]
        return {
            "rule": rule.name,
            "variable": rule.variable.name,
            "expression": self._expression(rule.expression),
            "result": self._expression(result),
            "formula": formula(rule),
            "explanation": explanation(rule),
            "substeps": [self._node(sub) for sub in shown],
        }

    def _expression(self, expr: sp.Basic) -> dict[str, str]:
        if expr not in self.printed:
            self._count(expr)
            self.printed[expr] = expression_object(expr)
        return self.printed[expr]

    def _count(self, expr: sp.Basic) -> None:
        if self.limits is None:
            return
        cap = self.limits.max_result_nodes
        self.printed_nodes += tree_size(expr, cap)
        if self.printed_nodes > cap:
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
