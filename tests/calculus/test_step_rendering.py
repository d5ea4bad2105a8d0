"""Rule trees as the steps a reader sees: formulas, assembled lines, explanations, brief detail."""

from __future__ import annotations

import pytest
import sympy as sp

from service.calculus.differentiation import dispatch, rendering, vocabulary
from service.calculus.differentiation.rendering import Step
from service.calculus.errors import TooComplex
from service.calculus.language.written import Product, Sum, to_text_written
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
    return rendering.render_trace(dispatch.derivative_steps(expr, var), detail=detail)


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
        explanation="Product rule with u = x^2 and v = sin(x): u'*v + u*v' = "
        "2*x*sin(x) + x^2*cos(x). Written in the usual order, this is "
        "x^2*cos(x) + 2*x*sin(x).",
        explanation_latex=r"Product rule with $u = x^{2}$ and $v = \sin{\left(x \right)}$: "
        r"$u'v + uv' = 2 x \sin{\left(x \right)} + x^{2} \cos{\left(x \right)}$. Written in "
        r"the usual order, this is $x^{2} \cos{\left(x \right)} + 2 x \sin{\left(x "
        r"\right)}$.",
        assembled=Sum(((1, Product((2 * x, sp.sin(x)))), (1, Product((x**2, sp.cos(x)))))),
        substeps=(
            Step(
                rule="power",
                variable=x,
                expression=x**2,
                result=2 * x,
                formula=r"\frac{d}{dx} x^{n} = n x^{n - 1}",
                explanation="Power rule with n = 2: bring the exponent down and lower it by one, "
                "which gives 2*x.",
                explanation_latex="Power rule with $n = 2$: bring the exponent down and lower it "
                "by one, which gives $2 x$.",
                assembled=None,
                substeps=(),
            ),
            Step(
                rule="sin",
                variable=x,
                expression=sp.sin(x),
                result=sp.cos(x),
                formula=r"\frac{d}{dx} \sin x = \cos x",
                explanation="The derivative of sin(x) with respect to x is cos(x).",
                explanation_latex=r"The derivative of $\sin{\left(x \right)}$ with respect to "
                r"$x$ is $\cos{\left(x \right)}$.",
                assembled=None,
                substeps=(),
            ),
        ),
    )


@pytest.mark.parametrize(
    ("expr", "var", "sentence"),
    [
        (sp.exp(-(x**2)), x, "Chain rule with outer function exp(u) and inner function "
         "u = -x^2: the outer derivative exp(u) with u put back is exp(-x^2); times the inner "
         "derivative -2*x it gives exp(-x^2)*(-2*x). Written in the usual order, this is "
         "-2*x*exp(-x^2)."),
        (sp.sin(x) ** 2, x, "Chain rule with outer function u^2 and inner function u = sin(x): "
         "the outer derivative 2*u with u put back is 2*sin(x); times the inner derivative "
         "cos(x) it gives 2*sin(x)*cos(x)."),
        ((x**2 + 1) / (x - 3), x, "Quotient rule with u = x^2 + 1 over v = x - 3 (low d-high "
         "minus high d-low, over low squared): (u'*v - u*v')/v^2 = (2*x*(x - 3) - (x^2 + 1)*1)"
         "/(x - 3)^2. This simplifies to (x^2 - 6*x - 1)/(x - 3)^2."),
        (sp.exp(x) / x**2, x, "Quotient rule with u = exp(x) over v = x^2 (low d-high minus "
         "high d-low, over low squared): (u'*v - u*v')/v^2 = (exp(x)*x^2 - exp(x)*2*x)/(x^2)^2. "
         "This simplifies to (x - 2)*exp(x)/x^3 once the common factor x cancels."),
        (sp.sin(x) / sp.cos(x), x, "Quotient rule with u = sin(x) over v = cos(x) (low d-high "
         "minus high d-low, over low squared): (u'*v - u*v')/v^2 = (cos(x)*cos(x) - "
         "sin(x)*(-sin(x)))/cos(x)^2. This simplifies to 1/cos(x)^2, since "
         "sin(a)^2 + cos(a)^2 = 1."),
        (lam / 2 * w**2, w, "Constant multiple rule: the factor lam/2 stays and multiplies the "
         "derivative of w^2."),
        (sp.log(sp.cos(x)), x, "Chain rule with outer function ln(u) and inner function "
         "u = cos(x): the outer derivative 1/u with u put back is 1/cos(x); times the inner "
         "derivative -sin(x) it gives (1/cos(x))*(-sin(x)). As one fraction, this is "
         "-sin(x)/cos(x)."),
        (-sp.cos(x), x, "Negation: the derivative of -cos(x) is minus the derivative of cos(x)."),
        (lam, w, "lam is a parameter, held constant while w varies, so its derivative is 0."),
        (sp.Integer(7), x, "The derivative of the constant 7 is 0."),
        (x**x, x, "Logarithmic differentiation, since both the base f = x and the exponent "
         "g = x depend on x: write y = x^x, so ln(y) = x*ln(x); differentiating both sides "
         "gives y'/y = (x*ln(x))', so y' = x^x*(1*ln(x) + x*(1/x)). This simplifies to "
         "x^x*(ln(x) + 1)."),
        (2**x, x, "Exponential rule with base a = 2: 2^x keeps its form and gains the factor "
         "ln(2)."),
        (sp.log(x, 10), x, "Logarithm to the base b = 10: the derivative is 1/(x*ln(10)), the "
         "natural logarithm's 1/x divided by ln(10)."),
        (x * sp.exp(x) * sp.sin(x), x, "Product rule for the 3 factors x, exp(x) and sin(x): "
         "differentiate one factor at a time, keep the others, and add: 1*exp(x)*sin(x) + "
         "x*exp(x)*sin(x) + x*exp(x)*cos(x). Written in the usual order, this is "
         "x*exp(x)*sin(x) + x*exp(x)*cos(x) + exp(x)*sin(x)."),
        (3 * x**4 - 5 * x**2 + 7 * x - 2, x, "Sum rule: differentiate the terms 3*x^4, -5*x^2, "
         "7*x and -2 one by one and add the results."),
        (sp.Abs(x), x, "The derivative of abs(x) with respect to x is sign(x)."),
        (sp.atan(x), x, "The derivative of atan(x) with respect to x is 1/(x^2 + 1)."),
        (sp.sqrt(x), x, "The derivative of sqrt(x) with respect to x is 1/(2*sqrt(x))."),
        (x**sp.pi, x, "Power rule with n = pi: bring the exponent down and lower it by one, "
         "which gives pi*x^(pi - 1)."),
        (1 / sp.sqrt(x), x, "Power rule with n = -1/2, writing 1/sqrt(x) as x^(-1/2): bring the "
         "exponent down and lower it by one, which gives -1/(2*x^(3/2))."),
        (1 / (1 + sp.exp(-x)), x, "Chain rule with outer function 1/u and inner function "
         "u = 1 + exp(-x): the outer derivative -1/u^2 with u put back is -1/(1 + exp(-x))^2; "
         "times the inner derivative -exp(-x) it gives (-1/(1 + exp(-x))^2)*(-exp(-x)). This "
         "simplifies to exp(x)/(exp(x) + 1)^2 once the numerator and the denominator are "
         "multiplied by exp(2*x)."),
    ],
)  # fmt: skip
def test_each_explanation_names_the_actual_parts(
    expr: sp.Expr, var: sp.Symbol, sentence: str
) -> None:
    assert render(expr, var).explanation == sentence


@pytest.mark.parametrize(
    ("expr", "sentence"),
    [
        (sp.log(x, 10), r"Logarithm to the base $b = 10$: the derivative is $\frac{1}{x "
         r"\ln{\left(10 \right)}}$, the natural logarithm's $\frac{1}{x}$ divided by "
         r"$\ln{\left(10 \right)}$."),
        (sp.exp(-(x**2)), r"Chain rule with outer function $e^{u}$ and inner function "
         r"$u = - x^{2}$: the outer derivative $e^{u}$ with $u$ put back is $e^{- x^{2}}$; "
         r"times the inner derivative $- 2 x$ it gives $e^{- x^{2}} \left(- 2 x\right)$. "
         r"Written in the usual order, this is $- 2 x e^{- x^{2}}$."),
    ],
)  # fmt: skip
def test_explanation_latex_is_the_same_sentence_with_its_mathematics_in_dollars(
    expr: sp.Expr, sentence: str
) -> None:
    assert render(expr).explanation_latex == sentence


@pytest.mark.parametrize(
    ("expr", "assembled"),
    [
        (x**2 * sp.sin(x), "2*x*sin(x) + x^2*cos(x)"),
        ((x**2 + 1) / (x - 3), "(2*x*(x - 3) - (x^2 + 1)*1)/(x - 3)^2"),
        (sp.sin(x**2), "cos(x^2)*2*x"),
        (x**x, "x^x*(1*ln(x) + x*(1/x))"),
        (sp.sin(x) ** x, "sin(x)^x*(1*ln(sin(x)) + x*(cos(x)/sin(x)))"),
        (sp.sqrt(x**2 + 1), "(1/(2*sqrt(x^2 + 1)))*2*x"),
        (x * sp.exp(-x), "1*exp(-x) + x*(-exp(-x))"),
    ],
)
def test_the_assembled_line_is_the_formula_with_the_parts_put_in(
    expr: sp.Expr, assembled: str
) -> None:
    line = render(expr).assembled
    assert line is not None
    assert to_text_written(line) == assembled


def test_general_power_says_which_factor_is_g_and_which_is_ln_f() -> None:
    (product,) = render(x**x).substeps
    assert product.rule == "product"
    assert product.explanation.startswith(
        "Product rule with u = g = x and v = ln(f) = ln(x): u'*v + u*v' = 1*ln(x) + x*(1/x)."
    )


def test_the_outer_step_of_a_chain_differentiates_with_respect_to_u() -> None:
    outer, inner = render(sp.sin(x**2)).substeps
    u = outer.variable
    assert (u.name, outer.expression, outer.result) == ("u", sp.sin(u), sp.cos(u))
    assert (inner.variable, inner.expression) == (x, x**2)


def test_brief_detail_keeps_only_the_rules_of_calculus_with_their_lines() -> None:
    brief = render((x**2 + lam) / (x - 3), detail="brief")
    assert [node.rule for node in nodes(brief)] == ["quotient", "power"]
    assert brief.assembled is not None
    assert to_text_written(brief.assembled) == "(2*x*(x - 3) - (lam + x^2)*1)/(x - 3)^2"


def test_brief_detail_lifts_the_steps_under_a_sum_to_its_parent() -> None:
    brief = render(sp.sin(3 * x**2 + 1), detail="brief")
    assert [node.rule for node in nodes(brief)] == ["chain", "sin", "power"]


def test_brief_detail_keeps_a_trivial_root() -> None:
    assert render(sp.Integer(7), detail="brief").rule == "constant"


def test_the_root_can_show_a_tidier_form_of_the_same_derivative() -> None:
    tidy = (x**2 - 6 * x - 1) / (x - 3) ** 2
    node = rendering.render_trace(
        dispatch.derivative_steps((x**2 + 1) / (x - 3), x), root_result=tidy
    )
    assert node.result == tidy
    assert node.substeps[0].result == 2 * x


def test_a_step_result_over_the_size_limit_is_too_complex() -> None:
    tree = dispatch.derivative_steps(sp.Add(*(sp.sin(k * x) for k in range(1, 40))), x)
    with pytest.raises(TooComplex) as caught:
        rendering.render_trace(tree, limits=Limits(max_result_nodes=50))
    assert caught.value.data == {"limit": "max_result_nodes"}


@pytest.mark.parametrize("expr", [x**2 * sp.sin(x), sp.exp(-(x**2)), x**x, sp.log(x, 2), sp.exp(x)])
def test_every_formula_is_the_vocabulary_one_or_a_named_variant(expr: sp.Expr) -> None:
    for node in nodes(render(expr)):
        assert node.formula in set(vocabulary.FORMULAS.values()) | FORMULA_VARIANTS


def test_the_vocabulary_lists_every_rule_once_with_words_and_a_formula() -> None:
    entries = vocabulary.VOCABULARY
    assert [entry.rule for entry in entries] == [rule.name for rule in dispatch.RULE_CLASSES]
    for entry in entries:
        assert entry.name and entry.formula and entry.description.endswith(".")


def test_the_quotient_rule_description_gives_the_mnemonic() -> None:
    quotient = next(e for e in vocabulary.VOCABULARY if e.rule == "quotient")
    assert quotient.description.startswith("Low d-high minus high d-low, over low squared")
    assert quotient.formula == r"\left(\frac{u}{v}\right)' = \frac{u' v - u v'}{v^{2}}"
