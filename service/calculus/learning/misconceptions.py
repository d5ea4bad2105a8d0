"""Mistaken derivatives: what a learner gets by applying one wrong rule at one place.

``mistakes(chain, var, deadline, max_nodes)`` yields ``Mistake(code, derivative, message)``
for f = ``chain[0]`` and the order n = ``len(chain) - 1``. For each node of f that a
catalogue mistake applies to, the wrong derivative of that node is put in place of the
right one and the rest is differentiated correctly (the node is replaced by a placeholder
function T(x), the whole is differentiated, then T' becomes the wrong local derivative and
T the node again). ``message`` (a ``sentences.Sentence``) names the actual parts. At most
``MAX_PER_CODE`` mistakes per code; generation stops at the deadline (``time.monotonic()``).

Codes (``CODES``, in catalogue order): ``product_of_derivatives``, ``quotient_of_derivatives``,
``quotient_sign_error``, ``quotient_missing_square``, ``missing_chain_factor``,
``power_rule_exponent``, ``power_rule_on_exponential``, ``trig_sign_error``,
``constant_term_kept``, ``inner_function_as_chain_factor`` — first order only — and
``wrong_order`` (f itself, or the derivative of another order, up to ``ORDER_REACH`` away)
for any order.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import sympy as sp

from service.calculus.differentiation.derivative import classical_diff
from service.calculus.language.catalogue import active
from service.calculus.language.entries import TRIG_SIGN_ERROR
from service.calculus.language.sentences import Sentence, Tex, listing, math
from service.calculus.language.written import Product, Quotient, Sum
from service.calculus.limits import tree_size

CODES = (
    "product_of_derivatives",
    "quotient_of_derivatives",
    "quotient_sign_error",
    "quotient_missing_square",
    "missing_chain_factor",
    "power_rule_exponent",
    "power_rule_on_exponential",
    "trig_sign_error",
    "constant_term_kept",
    "inner_function_as_chain_factor",
    "wrong_order",
)
MAX_PER_CODE = 20
"""Mistaken derivatives generated per code at most."""
ORDER_REACH = 2
"""``wrong_order`` compares with the orders n - 2 … n + 2 (and f itself)."""

_U = sp.Symbol("u", real=True)
QUOTIENT_RULE: Sentence = (
    "the quotient rule is ",
    math(Tex("(u/v)' = (u'v - uv')/v^2", r"\left(\frac{u}{v}\right)' = \frac{u'v - uv'}{v^{2}}")),
)


@dataclass(frozen=True)
class Mistake:
    """The derivative a learner gets by making the mistake ``code``, and what to tell them."""

    code: str
    derivative: sp.Expr
    message: Sentence


@dataclass(frozen=True)
class _Local:
    """A wrong derivative of one node of the expression."""

    code: str
    node: sp.Expr
    derivative: sp.Expr
    message: Sentence


_Placeholder = sp.Function("_T", real=True)


def mistakes(
    chain: Sequence[sp.Expr], var: sp.Symbol, deadline: float, max_nodes: int
) -> Iterator[Mistake]:
    """Every mistaken derivative of order n of ``chain[0]`` (module docstring).

    ``chain`` is f, f', …, f^(n) (``differentiation.derivative_chain``); the orders above n are
    differentiated from f^(n) and skipped once larger than ``max_nodes``.
    """
    yield from _wrong_orders(chain, var, deadline, max_nodes)
    if len(chain) != 2:
        return
    expr = chain[0]
    counts = dict.fromkeys(CODES, 0)
    for local in _local_mistakes(expr, var):
        if time.monotonic() > deadline:
            return
        if counts[local.code] >= MAX_PER_CODE:
            continue
        counts[local.code] += 1
        derivative = _with_local(expr, var, local.node, local.derivative)
        yield Mistake(local.code, derivative, local.message)


def _wrong_orders(
    chain: Sequence[sp.Expr], var: sp.Symbol, deadline: float, max_nodes: int
) -> Iterator[Mistake]:
    order = len(chain) - 1
    for k in sorted({0, *range(max(order - ORDER_REACH, 0), order)}):
        yield Mistake("wrong_order", chain[k], _order_message(k, order))
    derivative = chain[-1]
    for k in range(order + 1, order + ORDER_REACH + 1):
        if time.monotonic() > deadline:
            return
        derivative = classical_diff(derivative, var)
        if tree_size(derivative, max_nodes) > max_nodes:
            return
        yield Mistake("wrong_order", derivative, _order_message(k, order))


def _order_message(found: int, asked: int) -> Sentence:
    if found == 0:
        return ("This is the function itself, not its derivative: differentiate it.",)
    return (
        f"This is the {_ordinal(found)} derivative, but the {_ordinal(asked)} was asked for: "
        "count how many times you differentiated.",
    )


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _with_local(expr: sp.Expr, var: sp.Symbol, node: sp.Expr, wrong: sp.Expr) -> sp.Expr:
    """The derivative of ``expr`` with ``wrong`` as the derivative of ``node``."""
    if node == expr:
        return wrong
    mark = _Placeholder(var)
    derivative = classical_diff(expr.xreplace({node: mark}), var)
    return derivative.xreplace({sp.Derivative(mark, var): wrong}).xreplace({mark: node})


def _local_mistakes(expr: sp.Expr, var: sp.Symbol) -> Iterator[_Local]:
    seen: set[sp.Expr] = set()
    for node in sp.preorder_traversal(expr):
        if node in seen or not node.has(var):
            continue
        seen.add(node)
        if isinstance(node, sp.Add):
            yield from _constant_terms(node, var)
        elif isinstance(node, sp.Mul):
            yield from _products_and_quotients(node, var)
        elif isinstance(node, sp.Pow):
            yield from _powers(node, var)
        elif isinstance(node, sp.exp):
            yield from _exponentials(node, sp.E, node.args[0], var)
        elif isinstance(node, sp.Function) and len(node.args) == 1:
            yield from _functions(node, var)


def _constant_terms(node: sp.Add, var: sp.Symbol) -> Iterator[_Local]:
    constants = [term for term in node.args if not term.has(var)]
    if constants:
        kept = sp.Add(*constants)
        yield _Local(
            "constant_term_kept",
            node,
            classical_diff(node, var) + kept,
            (
                "The constant term ",
                math(kept),
                " of ",
                math(node),
                " should disappear: the derivative of a constant is ",
                math(0),
                ".",
            ),
        )


def _products_and_quotients(node: sp.Mul, var: sp.Symbol) -> Iterator[_Local]:
    numerator, denominator = node.as_numer_denom()
    factors = [f for f in sp.Mul.make_args(numerator) if f.has(var)]
    coefficient = sp.Mul(*[f for f in sp.Mul.make_args(numerator) if not f.has(var)])
    if denominator.has(var):
        yield from _quotients(node, numerator, denominator, var)
        if len(factors) >= 2:
            wrong_top = coefficient * sp.Mul(*[classical_diff(f, var) for f in factors])
            g, dg = denominator, classical_diff(denominator, var)
            yield _Local(
                "product_of_derivatives",
                node,
                (wrong_top * g - numerator * dg) / g**2,
                _product_message(factors),
            )
    elif len(factors) >= 2:
        wrong = coefficient * sp.Mul(*[classical_diff(f, var) for f in factors]) / denominator
        yield _Local("product_of_derivatives", node, wrong, _product_message(factors))


def _product_message(factors: list[sp.Expr]) -> Sentence:
    return (
        "It looks like you multiplied the derivatives of ",
        *listing([math(f) for f in factors]),
        "; the product rule is ",
        math(Tex("(uv)' = u'v + uv'", "(uv)' = u'v + uv'")),
        ": differentiate one factor at a time and keep the others.",
    )


def _quotients(node: sp.Expr, f: sp.Expr, g: sp.Expr, var: sp.Symbol) -> Iterator[_Local]:
    df, dg = classical_diff(f, var), classical_diff(g, var)
    if f.has(var) and dg != 0:
        yield _Local(
            "quotient_of_derivatives",
            node,
            df / dg,
            (
                "It looks like you divided the derivative of ",
                math(f),
                " by the derivative of ",
                math(g),
                "; ",
                *QUOTIENT_RULE,
                ".",
            ),
        )
    yield _Local(
        "quotient_sign_error",
        node,
        (f * dg - df * g) / g**2,
        (
            "The numerator has the wrong sign: for ",
            math(Quotient(f, g)),
            " it is ",
            math(Sum(((1, Product((df, g))), (-1, Product((f, dg)))))),
            ", the derivative of the numerator first; ",
            *QUOTIENT_RULE,
            ".",
        ),
    )
    yield _Local(
        "quotient_missing_square",
        node,
        (df * g - f * dg) / g,
        (
            "The denominator should be the square ",
            math(sp.Pow(g, 2, evaluate=False)),
            ", not ",
            math(g),
            "; ",
            *QUOTIENT_RULE,
            ".",
        ),
    )


def _powers(node: sp.Pow, var: sp.Symbol) -> Iterator[_Local]:
    base, exponent = node.args
    if exponent.has(var):
        if not base.has(var):
            yield from _exponentials(node, base, exponent, var)
        return
    db = classical_diff(base, var)
    right = math(Product((exponent, base ** (exponent - 1))))
    yield _Local(
        "power_rule_exponent",
        node,
        exponent * base**exponent * db,
        (
            "For ",
            math(node),
            " the power rule gives ",
            right,
            ": you brought the exponent ",
            math(exponent),
            " down but did not lower it by one.",
        ),
    )
    yield _Local(
        "power_rule_exponent",
        node,
        base ** (exponent - 1) * db,
        (
            "For ",
            math(node),
            " the power rule gives ",
            right,
            ": you lowered the exponent but did not bring ",
            math(exponent),
            " down as a factor.",
        ),
    )
    if db != 1:
        yield from _chain_mistakes(node, base, exponent * base ** (exponent - 1), db)
    if exponent == -1 and base != var:
        yield from _quotients(node, sp.S.One, base, var)


def _exponentials(
    node: sp.Expr, base: sp.Expr, exponent: sp.Expr, var: sp.Symbol
) -> Iterator[_Local]:
    de = classical_diff(exponent, var)
    right = base**_U if base == sp.E else Product((base**_U, sp.log(base)))
    yield _Local(
        "power_rule_on_exponential",
        node,
        exponent * base ** (exponent - 1) * de,
        (
            math(node),
            " has the variable in the exponent, so the power rule does not apply: "
            "the derivative of ",
            math(base**_U),
            " is ",
            math(right),
            ".",
        ),
    )
    if de != 1:
        yield from _chain_mistakes(node, exponent, classical_diff(node, var) / de, de)


def _functions(node: sp.Function, var: sp.Symbol) -> Iterator[_Local]:
    inner = node.args[0]
    derivative, dg = classical_diff(node, var), classical_diff(inner, var)
    entry = active().of(node)
    if entry is not None and TRIG_SIGN_ERROR in entry.misconceptions:
        yield _Local(
            TRIG_SIGN_ERROR,
            node,
            -derivative,
            (
                "Check the sign for ",
                math(node),
                ": the derivative of ",
                math(type(node)(_U)),
                " is ",
                math(entry.derivative(_U)),
                ".",
            ),
        )
    if dg not in (0, 1):
        yield from _chain_mistakes(node, inner, derivative / dg, dg)


def _chain_mistakes(node: sp.Expr, inner: sp.Expr, outer: sp.Expr, dg: sp.Expr) -> Iterator[_Local]:
    """The chain rule without the inner derivative, and with the inner function instead."""
    yield _Local(
        "missing_chain_factor",
        node,
        outer,
        (
            "It looks like you left out the chain-rule factor: ",
            math(node),
            " has the inner function ",
            math(inner),
            ", so multiply by its derivative ",
            math(dg),
            ".",
        ),
    )
    if inner != dg:
        yield _Local(
            "inner_function_as_chain_factor",
            node,
            outer * inner,
            (
                "It looks like you multiplied by the inner function ",
                math(inner),
                " itself: the chain rule for ",
                math(node),
                " multiplies by its derivative ",
                math(dg),
                ".",
            ),
        )
