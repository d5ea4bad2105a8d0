"""One sentence per step, naming the actual parts (SPEC §2.1), with its mathematics marked.

Each explanation is a ``sentences.Sentence``, rendered as plain text (``explanation``) and
with ``$…$`` LaTeX (``explanation_latex``). Steps with an assembled line say it; when the
shown result differs, ``simplification`` says what the line simplifies to, naming the
cancelled factor or the identity used when there is one.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import singledispatch

import sympy as sp

from service.calculus.differentiation import function_rules, rules
from service.calculus.differentiation.assembly import Shown, outer_at_inner
from service.calculus.differentiation.textbook import uses_pythagoras
from service.calculus.language.printing import to_latex, to_text
from service.calculus.language.sentences import (
    EQUALS,
    Math,
    Sentence,
    Tex,
    listing,
    math,
)
from service.calculus.language.written import Product, Quotient, Sum, Written, value
from service.calculus.limits import tree_size

SIMPLIFICATION_SIZE = 80
"""Largest line (terms and factors) whose simplification is explained by name."""

TIMES = Tex("*", r" \cdot ")


@dataclass(frozen=True)
class Context:
    """What a sentence may name besides the rule: shown derivatives and the assembled line."""

    shown: Shown
    assembled: Written | None

    @property
    def line(self) -> Written:
        """The assembled line of a rule that has one."""
        if self.assembled is None:
            raise TypeError("This rule has no assembled line.")
        return self.assembled


@singledispatch
def explanation(rule: rules.Rule, context: Context) -> Sentence:
    """One sentence naming the actual parts of this step."""
    return (
        "The derivative of ",
        math(rule.expression),
        " with respect to ",
        math(rule.variable),
        " is ",
        math(context.shown(rule)),
        ".",
    )


def simplification(rule: rules.Rule, line: Written, result: sp.Expr) -> Sentence:
    """`` This simplifies to …`` with the reason when there is a nameable one."""
    if _parts(line) == _parts(result):
        if not isinstance(line, Quotient) and sp.fraction(result, exact=True)[1] != 1:
            return (" As one fraction, this is ", math(result), ".")
        return (" Written in the usual order, this is ", math(result), ".")
    evaluated = value(line)
    reason: Sentence = ()
    if tree_size(evaluated, SIMPLIFICATION_SIZE) <= SIMPLIFICATION_SIZE:
        reason = _reason(rule, evaluated, result)
    return (" This simplifies to ", math(result), *reason, ".")


def _reason(rule: rules.Rule, evaluated: sp.Expr, result: sp.Expr) -> Sentence:
    if isinstance(rule, rules.QuotientRule):
        square = rule.denominator.expression**2
        denominator = sp.fraction(result)[1]
        if denominator != square:
            factor = sp.cancel(square / denominator)
            if not factor.is_number and sp.fraction(factor)[1] == 1:
                return (" once the common factor ", math(factor), " cancels")
    multiplier = _common_multiplier(evaluated, result)
    if multiplier is not None:
        return (" once the numerator and the denominator are multiplied by ", math(multiplier))
    if uses_pythagoras(evaluated):
        return (
            ", since ",
            math(Tex("sin(a)^2 + cos(a)^2 = 1", r"\sin^{2} a + \cos^{2} a = 1")),
        )
    return ()


def _common_multiplier(evaluated: sp.Expr, result: sp.Expr) -> sp.Expr | None:
    """k when ``result`` is ``evaluated`` with numerator and denominator multiplied by k.

    Looked for only when ``evaluated`` has an exponential with a negative exponent that
    ``result`` lacks, as e^(-x)/(1 + e^(-x))^2 becoming e^x/(e^x + 1)^2 (k = e^(2x)).
    """
    if not (_negative_exponentials(evaluated) and not _negative_exponentials(result)):
        return None
    numerator, denominator = sp.fraction(evaluated, exact=True)
    new_numerator, new_denominator = sp.fraction(result, exact=True)
    multiplier = sp.powsimp(new_numerator / sp.expand(numerator))
    if multiplier.is_number or sp.fraction(multiplier, exact=True)[1] != 1:
        return None
    if sp.expand(denominator * multiplier) != sp.expand(new_denominator):
        return None
    return multiplier


def _negative_exponentials(expr: sp.Expr) -> bool:
    return any(power.exp.could_extract_minus_sign() for power in expr.atoms(sp.exp))


def _parts(written: Written) -> object:
    """What a line is made of regardless of order: a sum's terms, a product's factors.

    Factors of 1 do not count; other numbers do, so 1/2*6*x is not 3*x written otherwise.
    """
    if isinstance(written, Sum):
        return ("+", sorted((_parts(_signed(sign, term)) for sign, term in written.terms), key=str))
    if isinstance(written, Quotient):
        return ("/", _parts(written.numerator), _parts(written.denominator))
    if isinstance(written, Product) or written.is_Mul:
        keys = [_parts(factor) for factor in _factors(written) if factor != 1]
        if len(keys) == 1:
            return keys[0]
        return ("*", sorted(keys, key=str))
    if written.is_Add:
        return ("+", sorted((_parts(term) for term in written.args), key=str))
    return sp.srepr(written)


def _signed(sign: int, term: Written) -> Written:
    return term if sign > 0 else Product((sp.S.NegativeOne, term))


def _factors(written: Written) -> list[Written]:
    """The factors of a product, nested products and sympy products opened up."""
    if isinstance(written, Product):
        return [f for factor in written.factors for f in _factors(factor)]
    if isinstance(written, Sum | Quotient):
        return [written]
    return list(sp.Mul.make_args(written))


@explanation.register
def _explain_constant(rule: rules.ConstantRule, context: Context) -> Sentence:
    if rule.expression.is_number:
        return ("The derivative of the constant ", math(rule.expression), " is ", math(0), ".")
    return (
        math(rule.expression),
        " does not depend on ",
        math(rule.variable),
        ", so its derivative is ",
        math(0),
        ".",
    )


@explanation.register
def _explain_parameter(rule: rules.ParameterRule, context: Context) -> Sentence:
    return (
        math(rule.expression),
        " is a parameter, held constant while ",
        math(rule.variable),
        " varies, so its derivative is ",
        math(0),
        ".",
    )


@explanation.register
def _explain_constant_multiple(rule: rules.ConstantMultipleRule, context: Context) -> Sentence:
    inner = math(rule.inner.expression)
    if rule.constant == -1:
        return (
            "Negation: the derivative of ",
            math(rule.expression),
            " is minus the derivative of ",
            inner,
            ".",
        )
    return (
        "Constant multiple rule: the factor ",
        math(rule.constant),
        " stays and multiplies the derivative of ",
        inner,
        ".",
    )


@explanation.register
def _explain_sum(rule: rules.SumRule, context: Context) -> Sentence:
    terms = listing([math(term.expression) for term in rule.terms])
    return ("Sum rule: differentiate the terms ", *terms, " one by one and add the results.")


@explanation.register
def _explain_product(rule: rules.ProductRule, context: Context) -> Sentence:
    if len(rule.factors) == 2:
        u, v = (
            _named(name, step, role)
            for name, step, role in zip("uv", rule.factors, _roles(rule), strict=True)
        )
        line = math(Tex("u'*v + u*v'", "u'v + uv'"), EQUALS, context.line)
        return ("Product rule with ", u, " and ", v, ": ", line, ".")
    parts = listing([math(factor.expression) for factor in rule.factors])
    return (
        f"Product rule for the {len(rule.factors)} factors ",
        *parts,
        ": differentiate one factor at a time, keep the others, and add: ",
        math(context.line),
        ".",
    )


def _roles(rule: rules.ProductRule) -> tuple[str, ...]:
    return rule.roles or ("", "")


def _named(name: str, step: rules.Rule, role: str) -> Math:
    role_tex = {"ln f": Tex("ln(f)", r"\ln f")}.get(role, Tex(role, role))
    if role:
        return math(f"{name} = ", role_tex, EQUALS, step.expression)
    return math(f"{name} = ", step.expression)


@explanation.register
def _explain_quotient(rule: rules.QuotientRule, context: Context) -> Sentence:
    return (
        "Quotient rule with ",
        math("u = ", rule.numerator.expression),
        " over ",
        math("v = ", rule.denominator.expression),
        " (low d-high minus high d-low, over low squared): ",
        math(Tex("(u'*v - u*v')/v^2", r"\frac{u'v - uv'}{v^{2}}"), EQUALS, context.line),
        ".",
    )


@explanation.register
def _explain_power(rule: rules.PowerRule, context: Context) -> Sentence:
    return (
        "Power rule with ",
        math("n = ", rule.exponent),
        *_as_power(rule),
        ": bring the exponent down and lower it by one, which gives ",
        math(context.shown(rule)),
        ".",
    )


def _as_power(rule: rules.PowerRule) -> Sentence:
    """``, writing 1/sqrt(x) as x^(-1/2)`` when the power is printed as a fraction or root."""
    n, x = rule.exponent, rule.variable
    if not (n.is_negative or "^" not in to_text(rule.expression)):
        return ()
    power = Tex(f"{x.name}^({to_text(n)})", f"{to_latex(x)}^{{{to_latex(n)}}}")
    return (", writing ", math(rule.expression), " as ", math(power))


@explanation.register
def _explain_exponential(rule: rules.ExponentialRule, context: Context) -> Sentence:
    if rule.base == sp.E:
        return ("The exponential ", math(rule.expression), " is its own derivative.")
    return (
        "Exponential rule with base ",
        math("a = ", rule.base),
        ": ",
        math(rule.expression),
        " keeps its form and gains the factor ",
        math(sp.log(rule.base)),
        ".",
    )


@explanation.register
def _explain_logarithm(rule: rules.LogarithmRule, context: Context) -> Sentence:
    x = rule.variable
    if rule.base == sp.E:
        return (
            "The derivative of the natural logarithm ",
            math(sp.log(x)),
            " is ",
            math(1 / x),
            ".",
        )
    return (
        "Logarithm to the base ",
        math("b = ", rule.base),
        ": the derivative is ",
        math(context.shown(rule)),
        ", the natural logarithm's ",
        math(1 / x),
        " divided by ",
        math(sp.log(rule.base)),
        ".",
    )


@explanation.register
def _explain_chain(rule: rules.ChainRule, context: Context) -> Sentence:
    u, inner = rule.placeholder, rule.inner.expression
    return (
        "Chain rule with outer function ",
        math(rule.outer.expression),
        " and inner function ",
        math(u, EQUALS, inner),
        ": the outer derivative ",
        math(context.shown(rule.outer)),
        " with ",
        math(u),
        " put back is ",
        math(outer_at_inner(rule, context.shown)),
        "; times the inner derivative ",
        math(context.shown(rule.inner)),
        " it gives ",
        math(context.line),
        ".",
    )


@explanation.register
def _explain_general_power(rule: rules.GeneralPowerRule, context: Context) -> Sentence:
    x, product = rule.variable, rule.logarithm.expression
    return (
        "Logarithmic differentiation, since both the base ",
        math("f = ", rule.base),
        " and the exponent ",
        math("g = ", rule.exponent),
        " depend on ",
        math(x),
        ": write ",
        math("y = ", rule.expression),
        ", so ",
        math(Tex("ln(y)", r"\ln y"), EQUALS, product),
        "; differentiating both sides gives ",
        math(
            Tex("y'/y", r"\frac{y'}{y}"),
            EQUALS,
            Tex("(", r"\left("),
            product,
            Tex(")'", r"\right)'"),
        ),
        ", so ",
        math(Tex("y'", "y'"), EQUALS, context.line),
        ".",
    )


@explanation.register
def _explain_rewrite(rule: rules.RewriteRule, context: Context) -> Sentence:
    return (
        "Rewrite ",
        math(rule.expression),
        " as ",
        math(rule.rewritten.expression),
        " and differentiate that instead.",
    )


@explanation.register
def _explain_function(rule: function_rules.FunctionRule, context: Context) -> Sentence:
    if rule.entry.at_zero != "jump":
        return explanation.dispatch(rules.Rule)(rule, context)
    x = rule.variable
    return (
        math(rule.expression),
        " is constant on each side of ",
        math(x, EQUALS, 0),
        ", so its derivative is ",
        math(0),
        " there; at ",
        math(x, EQUALS, 0),
        " it jumps and has no derivative.",
    )
