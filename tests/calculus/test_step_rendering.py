"""Rule trees as the steps a reader sees: formulas, explanations, brief detail (rendering.py)."""

from __future__ import annotations

import pytest
import sympy as sp

from service.calculus.differentiation import rendering, rules, vocabulary
from service.calculus.differentiation.rendering import Step
from service.calculus.errors import TooComplex
from service.calculus.limits import Limits

x = sp.Symbol("x", real=True)
w = sp.Symbol("w", real=True)
lam = sp.Symbol("lam", real=True)
FORMULA_VARIANTS = {
    vocabulary.NARY_PRODUCT_FORMULA,
    vocabulary.E_FORMULA,
    vocabulary.LN_FORMULA,
}


def render(expr: sp.Expr, var: sp.Symbol = x, detail: str = "full") -> Step:
    return rendering.render_trace(rules.derivative_steps(expr, var), detail=detail)


def nodes(node: Step) -> list[Step]:
    found = [node]
    for sub in node.substeps:
        found.extend(nodes(sub))
    return found


def test_a_product_node_is_rendered_whole() -> None:
    assert render(x**2 * sp.sin(x)) == Step(
        rule="product",
        variable=x,
        expression=x**2 * sp.sin(x),
        result=2 * x * sp.sin(x) + x**2 * sp.cos(x),
        formula=r"\left(u v\right)' = u' v + u v'",
        explanation="Product rule with u = x^2 and v = sin(x).",
        substeps=(
            Step(
                rule="power",
                variable=x,
                expression=x**2,
                result=2 * x,
                formula=r"\frac{d}{dx} x^{n} = n x^{n - 1}",
                explanation="Power rule with n = 2: bring the exponent down and lower it by one.",
                substeps=(),
            ),
            Step(
                rule="sin",
                variable=x,
                expression=sp.sin(x),
                result=sp.cos(x),
                formula=r"\frac{d}{dx} \sin x = \cos x",
                explanation="The derivative of sin(x) with respect to x is cos(x).",
                substeps=(),
            ),
        ),
    )


@pytest.mark.parametrize(
    ("expr", "var", "sentence"),
    [
        (sp.exp(-(x**2)), x, "Chain rule with outer function exp(u) and inner function u = -x^2."),
        (sp.sin(x) ** 2, x, "Chain rule with outer function u^2 and inner function u = sin(x)."),
        ((x**2 + 1) / (x - 3), x, "Quotient rule with u = x^2 + 1 over v = x - 3: low d-high "
         "minus high d-low, over low squared."),
        (lam / 2 * w**2, w, "Constant multiple rule: the factor lam/2 stays and multiplies the "
         "derivative of w^2."),
        (-sp.cos(x), x, "Negation: the derivative of -cos(x) is minus the derivative of cos(x)."),
        (lam, w, "lam is a parameter, held constant while w varies, so its derivative is 0."),
        (sp.Integer(7), x, "The derivative of the constant 7 is 0."),
        (x**x, x, "General power rule (logarithmic differentiation) with base f = x and "
         "exponent g = x, since both depend on x."),
        (2**x, x, "Exponential rule with base a = 2: 2^x keeps its form and gains the factor "
         "log(2)."),
        (sp.log(x, 2), x, "Logarithm with base b = 2: the derivative is 1/(x*log(2)), the "
         "natural logarithm's 1/x divided by ln(b)."),
        (x * sp.exp(x) * sp.sin(x), x, "Product rule for the 3 factors x, exp(x) and sin(x): "
         "differentiate one factor at a time, keep the others, and add the results."),
        (3 * x**4 - 5 * x**2 + 7 * x - 2, x, "Sum rule: differentiate the terms 3*x^4, -5*x^2, "
         "7*x and -2 one by one and add the results."),
        (sp.Abs(x), x, "The derivative of abs(x) with respect to x is sign(x)."),
        (sp.atan(x), x, "The derivative of atan(x) with respect to x is 1/(x^2 + 1)."),
    ],
)  # fmt: skip
def test_each_explanation_names_the_actual_parts(
    expr: sp.Expr, var: sp.Symbol, sentence: str
) -> None:
    assert render(expr, var).explanation == sentence


def test_the_outer_step_of_a_chain_differentiates_with_respect_to_u() -> None:
    outer, inner = render(sp.sin(x**2)).substeps
    u = outer.variable
    assert (u.name, outer.expression, outer.result) == ("u", sp.sin(u), sp.cos(u))
    assert (inner.variable, inner.expression) == (x, x**2)


def test_brief_detail_drops_constants_identity_and_parameters() -> None:
    expr = (x**2 + lam) / (x - 3)
    full = {node.rule for node in nodes(render(expr))}
    brief = {node.rule for node in nodes(render(expr, detail="brief"))}
    assert {"constant", "identity", "parameter"} <= full
    assert brief == full - {"constant", "identity", "parameter"}


def test_brief_detail_keeps_a_trivial_root() -> None:
    assert render(sp.Integer(7), detail="brief").rule == "constant"


def test_the_root_can_show_a_tidier_form_of_the_same_derivative() -> None:
    tidy = (x**2 - 6 * x - 1) / (x - 3) ** 2
    node = rendering.render_trace(rules.derivative_steps((x**2 + 1) / (x - 3), x), root_result=tidy)
    assert node.result == tidy
    assert node.substeps[0].result == 2 * x


def test_a_step_result_over_the_size_limit_is_too_complex() -> None:
    tree = rules.derivative_steps(sp.Add(*(sp.sin(k * x) for k in range(1, 40))), x)
    with pytest.raises(TooComplex) as caught:
        rendering.render_trace(tree, limits=Limits(max_result_nodes=50))
    assert caught.value.data == {"limit": "max_result_nodes"}


@pytest.mark.parametrize("expr", [x**2 * sp.sin(x), sp.exp(-(x**2)), x**x, sp.log(x, 2), sp.exp(x)])
def test_every_formula_is_the_vocabulary_one_or_a_named_variant(expr: sp.Expr) -> None:
    for node in nodes(render(expr)):
        assert node.formula in set(vocabulary.FORMULAS.values()) | FORMULA_VARIANTS


def test_the_vocabulary_lists_every_rule_once_with_words_and_a_formula() -> None:
    entries = vocabulary.VOCABULARY
    assert [entry.rule for entry in entries] == [rule.name for rule in rules.RULE_CLASSES]
    for entry in entries:
        assert entry.name and entry.formula and entry.description.endswith(".")


def test_the_quotient_rule_description_gives_the_mnemonic() -> None:
    quotient = next(e for e in vocabulary.VOCABULARY if e.rule == "quotient")
    assert quotient.description.startswith("Low d-high minus high d-low, over low squared")
    assert quotient.formula == r"\left(\frac{u}{v}\right)' = \frac{u' v - u v'}{v^{2}}"
