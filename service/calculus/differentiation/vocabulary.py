"""The rule vocabulary: every rule name a trace can contain, with its formula and meaning."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RuleEntry:
    """One rule of GET /v1/rules: its name in traces, title, general formula and meaning."""

    rule: str
    name: str
    formula: str
    description: str


VOCABULARY: tuple[RuleEntry, ...] = (
    RuleEntry(
        rule="constant",
        name="Constant rule",
        formula=r"\frac{d}{dx} c = 0",
        description="Anything that does not change with the variable has slope zero.",
    ),
    RuleEntry(
        rule="identity",
        name="Identity rule",
        formula=r"\frac{d}{dx} x = 1",
        description="The variable changes exactly as fast as itself.",
    ),
    RuleEntry(
        rule="parameter",
        name="Parameter rule",
        formula=r"\frac{d}{dx} a = 0",
        description="Another symbol is held fixed while the variable moves, so it acts "
        "like a number; this is how partial derivatives treat the other variables.",
    ),
    RuleEntry(
        rule="constant_multiple",
        name="Constant multiple rule",
        formula=r"\frac{d}{dx}\left(c f\right) = c f'",
        description="A constant factor (or a minus sign) waits outside while the rest is "
        "differentiated, then multiplies the result.",
    ),
    RuleEntry(
        rule="sum",
        name="Sum rule",
        formula=r"\frac{d}{dx}\left(f + g\right) = f' + g'",
        description="Sums and differences are differentiated term by term.",
    ),
    RuleEntry(
        rule="product",
        name="Product rule",
        formula=r"\left(u v\right)' = u' v + u v'",
        description="Differentiate one factor at a time while the others stay as they "
        "are, then add; with more factors every factor gets its turn.",
    ),
    RuleEntry(
        rule="quotient",
        name="Quotient rule",
        formula=r"\left(\frac{u}{v}\right)' = \frac{u' v - u v'}{v^{2}}",
        description='Low d-high minus high d-low, over low squared ("high" is the '
        'numerator u, "low" the denominator v); the order of the subtraction matters.',
    ),
    RuleEntry(
        rule="power",
        name="Power rule",
        formula=r"\frac{d}{dx} x^{n} = n x^{n - 1}",
        description="For the variable raised to a constant power: the exponent comes "
        "down as a factor and drops by one.",
    ),
    RuleEntry(
        rule="exponential",
        name="Exponential rule",
        formula=r"\frac{d}{dx} a^{x} = a^{x} \ln a",
        description="A constant base raised to the variable keeps its shape and gains "
        "the factor ln(a); for the base e that factor is 1.",
    ),
    RuleEntry(
        rule="logarithm",
        name="Logarithm rule",
        formula=r"\frac{d}{dx} \log_{b} x = \frac{1}{x \ln b}",
        description="The natural logarithm has derivative 1/x; another base b divides "
        "that by ln(b).",
    ),
    *(
        RuleEntry(
            rule=name,
            name=title,
            formula=formula,
            description=description,
        )
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
    RuleEntry(
        rule="chain",
        name="Chain rule",
        formula=r"\frac{d}{dx} f\left(g\left(x\right)\right) = f'\left(u\right) "
        r"g'\left(x\right), \quad u = g\left(x\right)",
        description="For a function of a function: differentiate the outer one with "
        "respect to u, the inner expression, then multiply by the inner derivative.",
    ),
    RuleEntry(
        rule="general_power",
        name="General power rule",
        formula=r"\frac{d}{dx} f^{g} = f^{g} \left(g' \ln f + \frac{g f'}{f}\right)",
        description="When the variable is in both base and exponent, differentiate "
        "logarithmically: for y = f^g, ln y = g ln f; differentiating both sides (a product) "
        "gives y'/y = (g ln f)', so y' = f^g (g ln f)'.",
    ),
    RuleEntry(
        rule="rewrite",
        name="Rewrite",
        formula=r"f = g \;\Rightarrow\; f' = g'",
        description="An equal expression that is easier to differentiate is used instead.",
    ),
)
"""The rule vocabulary of GET /v1/rules: every rule name a trace can contain."""

FORMULAS: dict[str, str] = {entry.rule: entry.formula for entry in VOCABULARY}

NARY_PRODUCT_FORMULA = (
    r"\left(f_{1} f_{2} \cdots f_{n}\right)' = f_{1}' f_{2} \cdots f_{n} + "
    r"f_{1} f_{2}' \cdots f_{n} + \cdots + f_{1} f_{2} \cdots f_{n}'"
)
E_FORMULA = r"\frac{d}{dx} e^{x} = e^{x}"
LN_FORMULA = r"\frac{d}{dx} \ln x = \frac{1}{x}"
