"""The catalogue of whitelisted functions: one ``entries.Entry`` per function.

Every part of the core reads what it knows about a function from here: the grammar its
names and builders, the dispatcher and the traces its derivative and wording, evaluation
and sign analysis its domain, poles and kinks, the misconceptions their variants.
``active()`` is the catalogue in use; ``using(catalogue)`` swaps it inside a block (a test
adds a throwaway function to a copy: ``active().with_entry(...)``).

To add a function, add one ``Entry`` to ``WHITELIST``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import sympy as sp

from service.calculus.language import functions
from service.calculus.language.entries import (
    TRIG_SIGN_ERROR,
    Catalogue,
    Entry,
    Interval,
    Spelling,
    Wording,
)


def active() -> Catalogue:
    """The catalogue in use."""
    return _active[-1]


@contextmanager
def using(catalogue: Catalogue) -> Iterator[Catalogue]:
    """Use ``catalogue`` inside the block (for tests: the process's catalogue, not a thread's)."""
    _active.append(catalogue)
    try:
        yield catalogue
    finally:
        _active.pop()


def within_grammar(expr: sp.Expr) -> bool:
    """True when every function in ``expr`` is one the grammar can write (no re, arg, atan2)."""
    return active().within_grammar(expr)


def evaluated(build: Callable[..., sp.Expr]) -> Callable[[sp.Expr], sp.Expr]:
    """``build(arg)`` as sympy evaluates it, unless that brings in functions outside the
    grammar (|e^(-sqrt x)| becomes exp(-cos(atan2(0, x)/2)*sqrt(|x|)) for real x): then
    the unevaluated ``build(arg, evaluate=False)``, which prints and parses back as written."""

    def evaluated_build(arg: sp.Expr) -> sp.Expr:
        result = build(arg)
        if within_grammar(result) or not within_grammar(arg):
            return result
        return build(arg, evaluate=False)

    return evaluated_build


_absolute_value = evaluated(sp.Abs)
"""``Abs`` built with evaluation (made once: it is used for every absolute value)."""


def _abs(arg: sp.Expr) -> sp.Expr:
    """|arg| in the canonical form its printed text parses to.

    When sympy evaluates |arg| into something else it can leave non-canonical pieces:
    Abs(Abs(u)) after pulling a factor out of |c*|u||, or exp(-(3 + pi)) from |e^-(3 + pi)|;
    such a result is rebuilt bottom-up, so they become Abs(u) and exp(-pi - 3).
    """
    result = _absolute_value(arg)
    if isinstance(result, sp.Abs) and result.args[0] == arg:
        return result
    return _rebuilt(result)


def _rebuilt(expr: sp.Expr) -> sp.Expr:
    """``expr`` rebuilt from its leaves with sympy's evaluation, Abs(Abs(u)) as Abs(u)."""
    if not expr.args:
        return expr
    args = [_rebuilt(arg) for arg in expr.args]
    if isinstance(expr, sp.Abs):
        return args[0] if isinstance(args[0], sp.Abs) else _absolute_value(args[0])
    return expr.func(*args)


def _log(arg: sp.Expr, base: sp.Expr | None = None) -> sp.Expr:
    return sp.log(arg) if base is None else sp.log(arg, base)


def _named(*names: str, build: Callable[..., sp.Expr]) -> tuple[Spelling, ...]:
    """One-argument spellings built with sympy's evaluation (``evaluated``)."""
    return tuple(Spelling(name, evaluated(build)) for name in names)


def _function(
    function: type[sp.Function],
    derivative: Callable[[sp.Expr], sp.Expr],
    wording: Wording,
    *aliases: str,
    misspellings: tuple[str, ...] = (),
    latex: tuple[str, ...] = (),
    **details: Any,
) -> Entry:
    """The entry of a sympy function spelt by its own name (and ``aliases``), built with
    evaluation; ``misspellings`` and ``latex`` belong to its own name."""
    name = function.__name__.lower()
    own = Spelling(name, evaluated(function), (1,), misspellings, latex)
    spellings = (own, *_named(*aliases, build=function))
    return Entry(name, function, spellings, derivative, wording, **details)


_UNIT = Interval(sp.S.NegativeOne, sp.S.One)
"""[-1, 1], where asin and acos are real."""

WHITELIST = Catalogue(
    (
        Entry("exp", sp.exp, _named("exp", build=sp.exp), sp.exp),
        Entry(
            "log",
            sp.log,
            (
                *_named("ln", build=sp.log),
                Spelling("log", _log, (1, 2)),
                Spelling("log2", lambda arg: sp.log(arg, 2), misspellings=("lb",)),
                Spelling("log10", lambda arg: sp.log(arg, 10), misspellings=("lg",)),
            ),
            lambda u: 1 / u,
            domain=Interval(sp.S.Zero, sp.oo, open=True),
        ),
        _function(
            sp.sin,
            sp.cos,
            Wording("Sine", r"\frac{d}{dx} \sin x = \cos x", "The slope of sine is cosine."),
            misspellings=("sine",),
            misconceptions=(TRIG_SIGN_ERROR,),
        ),
        _function(
            sp.cos,
            lambda u: -sp.sin(u),
            Wording(
                "Cosine",
                r"\frac{d}{dx} \cos x = -\sin x",
                "The slope of cosine is minus sine; the sign is easy to lose.",
            ),
            misspellings=("cosine",),
            misconceptions=(TRIG_SIGN_ERROR,),
        ),
        _function(
            sp.tan,
            lambda u: sp.sec(u) ** 2,
            Wording(
                "Tangent",
                r"\frac{d}{dx} \tan x = \sec^{2} x",
                "Tangent grows by the square of secant (also 1 + tan²x).",
            ),
            misspellings=("tangent", "tg"),
            own_derivative=True,
            poles_where_zero=sp.cos,
            misconceptions=(TRIG_SIGN_ERROR,),
        ),
        _function(
            sp.cot,
            lambda u: -(sp.csc(u) ** 2),
            Wording(
                "Cotangent",
                r"\frac{d}{dx} \cot x = -\csc^{2} x",
                "Cotangent falls by the square of cosecant.",
            ),
            misspellings=("ctg", "cotan"),
            own_derivative=True,
            poles_where_zero=sp.sin,
            misconceptions=(TRIG_SIGN_ERROR,),
        ),
        _function(
            sp.sec,
            lambda u: sp.sec(u) * sp.tan(u),
            Wording("Secant", r"\frac{d}{dx} \sec x = \sec x \tan x", "Secant times tangent."),
            poles_where_zero=sp.cos,
            misconceptions=(TRIG_SIGN_ERROR,),
        ),
        _function(
            sp.csc,
            lambda u: -sp.csc(u) * sp.cot(u),
            Wording(
                "Cosecant",
                r"\frac{d}{dx} \csc x = -\csc x \cot x",
                "Minus cosecant times cotangent.",
            ),
            misspellings=("cosec",),
            poles_where_zero=sp.sin,
            misconceptions=(TRIG_SIGN_ERROR,),
        ),
        _function(
            sp.asin,
            lambda u: 1 / sp.sqrt(1 - u**2),
            Wording(
                "Inverse sine",
                r"\frac{d}{dx} \arcsin x = \frac{1}{\sqrt{1 - x^{2}}}",
                "One over the root of one minus the square, for |x| < 1.",
            ),
            "arcsin",
            domain=_UNIT,
            misconceptions=(TRIG_SIGN_ERROR,),
        ),
        _function(
            sp.acos,
            lambda u: -1 / sp.sqrt(1 - u**2),
            Wording(
                "Inverse cosine",
                r"\frac{d}{dx} \arccos x = -\frac{1}{\sqrt{1 - x^{2}}}",
                "The negative of the inverse sine's derivative.",
            ),
            "arccos",
            domain=_UNIT,
            misconceptions=(TRIG_SIGN_ERROR,),
        ),
        _function(
            sp.atan,
            lambda u: 1 / (1 + u**2),
            Wording(
                "Inverse tangent",
                r"\frac{d}{dx} \arctan x = \frac{1}{1 + x^{2}}",
                "One over one plus the square, defined for every x.",
            ),
            "arctan",
        ),
        _function(
            sp.sinh,
            sp.cosh,
            Wording(
                "Hyperbolic sine",
                r"\frac{d}{dx} \sinh x = \cosh x",
                "Like sine, but without any sign change.",
            ),
        ),
        _function(
            sp.cosh,
            sp.sinh,
            Wording(
                "Hyperbolic cosine",
                r"\frac{d}{dx} \cosh x = \sinh x",
                "Unlike cosine, no minus sign appears.",
            ),
        ),
        _function(
            sp.tanh,
            lambda u: 1 / sp.cosh(u) ** 2,
            Wording(
                "Hyperbolic tangent",
                r"\frac{d}{dx} \tanh x = \frac{1}{\cosh^{2} x}",
                "One over cosh squared (sech² x, also 1 - tanh² x).",
            ),
        ),
        Entry(
            "sqrt",
            None,
            _named("sqrt", build=sp.sqrt),
            lambda u: 1 / (2 * sp.sqrt(u)),
            Wording(
                "Square root",
                r"\frac{d}{dx} \sqrt{x} = \frac{1}{2 \sqrt{x}}",
                "The power rule with n = 1/2, written with the root.",
            ),
        ),
        _function(
            functions.cbrt,
            lambda u: 1 / (3 * functions.cbrt(u) ** 2),
            Wording(
                "Cube root",
                r"\frac{d}{dx} \sqrt[3]{x} = \frac{1}{3 \sqrt[3]{x}^{2}}",
                "The power rule with n = 1/3 for the real cube root; undefined at 0.",
            ),
            at_zero="vertical tangent",
        ),
        Entry(
            "abs",
            sp.Abs,
            (Spelling("abs", _abs),),
            sp.sign,
            Wording(
                "Absolute value",
                r"\frac{d}{dx} \left|x\right| = \operatorname{sign} x",
                "Slope -1 left of zero and +1 right of it; there is no derivative at 0.",
            ),
            own_derivative=True,
            at_zero="kink",
        ),
        _function(
            sp.sign,
            lambda u: sp.S.Zero,
            Wording(
                "Sign function",
                r"\frac{d}{dx} \operatorname{sign} x = 0 \quad (x \neq 0)",
                "Flat on both sides of 0, so the derivative is 0 there; at the jump at 0 "
                "there is no derivative.",
            ),
            misspellings=("sgn",),
            latex=("sgn",),
            own_derivative=True,
            at_zero="jump",
        ),
        _function(
            sp.Heaviside,
            lambda u: sp.S.Zero,
            Wording(
                "Heaviside step",
                r"\frac{d}{dx} H\left(x\right) = 0 \quad (x \neq 0)",
                "Flat on both sides of 0, so the derivative is 0 there; at the step at 0 "
                "there is no derivative.",
            ),
            misspellings=("step",),
            own_derivative=True,
            at_zero="jump",
        ),
        _function(
            functions.sigmoid,
            lambda u: functions.sigmoid(u) * (1 - functions.sigmoid(u)),
            Wording(
                "Sigmoid",
                r"\frac{d}{dx} \sigma\left(x\right) = \sigma\left(x\right)\left(1 - "
                r"\sigma\left(x\right)\right)",
                "The logistic curve's slope is its value times one minus its value.",
            ),
        ),
        _function(
            functions.softplus,
            functions.sigmoid,
            Wording(
                "Softplus",
                r"\frac{d}{dx} \operatorname{softplus} x = \sigma\left(x\right)",
                "The slope of softplus is the sigmoid.",
            ),
        ),
        _function(
            functions.relu,
            sp.Heaviside,
            Wording(
                "ReLU",
                r"\frac{d}{dx} \operatorname{relu} x = H\left(x\right)",
                "Slope 0 for negative inputs and 1 for positive ones (a step); none at 0.",
            ),
            at_zero="kink",
        ),
    )
)
"""The whitelisted functions (exp and log first: their rules are rules of calculus)."""

_active: list[Catalogue] = [WHITELIST]
