"""The rule vocabulary: every rule name a trace can contain, with its formula and meaning.

The rules of calculus are listed here; the rules of the whitelisted functions, with their
wording, come from the catalogue (``language/catalogue.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

from service.calculus.language.catalogue import WHITELIST


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
        RuleEntry(entry.name, entry.wording.title, entry.wording.formula, entry.wording.description)
        for entry in WHITELIST.with_rules()
        if entry.wording is not None
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
