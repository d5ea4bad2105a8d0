"""Hypothesis strategies of random whitelisted expressions, shared by every test module.

- ``expressions(variables=("x",))``: sympy expressions built directly with sympy from the
  whitelist (never through the parser), free of zoo/nan, with real symbols.
- ``expression_cases(variables=("x",))``: pairs ``(text, expected)`` of a plain-syntax text
  using every construct of SPEC §1.1 (implicit products, ``sin x``, ``|x|``, ``x²``, ``√``,
  ``π``, decimals...) and the sympy expression it must parse to, built in parallel.
- ``expression_texts(variables=("x",))``: just the texts.
- ``constants()``: real constant sympy expressions (points), ``constant_texts()`` their texts.

Sizes are kept small (``max_leaves``) so that sympy builds them in milliseconds.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import sympy as sp
from hypothesis import strategies as st

from service.calculus.language import functions
from service.calculus.language.catalogue import active, within_grammar

Case = tuple[str, sp.Expr]


def absolute(expr: sp.Expr) -> sp.Expr:
    """|expr| as the grammar builds it: sympy's Abs, put in the canonical form its printed
    text parses back to (sympy's own evaluation of |...| can leave Abs(Abs(u)), Abs(1/x))."""
    return active().spelling("abs").build(expr)


SMOOTH_FUNCTIONS: dict[str, Callable[[sp.Expr], sp.Expr]] = {
    "sin": sp.sin,
    "cos": sp.cos,
    "atan": sp.atan,
    "sinh": sp.sinh,
    "cosh": sp.cosh,
    "tanh": sp.tanh,
    "exp": sp.exp,
    "sigmoid": functions.sigmoid,
    "softplus": functions.softplus,
}
"""Whitelisted functions defined and differentiable on the whole real line."""

ALL_FUNCTIONS: dict[str, Callable[[sp.Expr], sp.Expr]] = {
    **SMOOTH_FUNCTIONS,
    "tan": sp.tan,
    "cot": sp.cot,
    "sec": sp.sec,
    "csc": sp.csc,
    "asin": sp.asin,
    "acos": sp.acos,
    "log": sp.log,
    "sqrt": sp.sqrt,
    "cbrt": functions.cbrt,
    "abs": absolute,
    "sign": sp.sign,
    "heaviside": sp.Heaviside,
    "relu": functions.relu,
}
"""Every one-argument function of the whitelist, by its plain-syntax name."""

_BAD = (sp.S.ComplexInfinity, sp.S.NaN, sp.S.Infinity, sp.S.NegativeInfinity, sp.AccumBounds)


def _defined(expr: sp.Expr) -> bool:
    """No zoo/nan, nothing complex, no function outside the grammar (arg, atan2...)."""
    return (
        not expr.has(*_BAD, sp.I)
        and within_grammar(expr)
        and not any(  # the grammar refuses non-real constants such as asin(2)
            not part.free_symbols and part.is_extended_real is False
            for part in sp.preorder_traversal(expr)
        )
    )


def symbols(variables: Sequence[str] = ("x",)) -> st.SearchStrategy[sp.Symbol]:
    """One of the given names as a real symbol."""
    return st.sampled_from([sp.Symbol(name, real=True) for name in variables])


def _numbers() -> st.SearchStrategy[sp.Expr]:
    return st.one_of(
        st.integers(-6, 9).map(sp.Integer),
        st.sampled_from([sp.Rational(1, 2), sp.Rational(-3, 4), sp.Rational(5, 3)]),
        st.sampled_from([sp.pi, sp.E]),
    )


def _built(build: Callable[[tuple[Any, Any]], sp.Expr]) -> Callable[[tuple[Any, Any]], sp.Expr]:
    """``build``, giving nan (filtered out) where sympy refuses the result.

    sympy raises while evaluating some combinations, e.g. heaviside of the non-real asin(2).
    """

    def safe(parts: tuple[Any, Any]) -> sp.Expr:
        try:
            return build(parts)
        except (ValueError, TypeError):
            return sp.nan

    return safe


def expressions(
    variables: Sequence[str] = ("x",),
    *,
    functions: Sequence[str] = tuple(SMOOTH_FUNCTIONS),
    max_leaves: int = 10,
) -> st.SearchStrategy[sp.Expr]:
    """Random sympy expressions in ``variables`` built from whitelisted ``functions``.

    Quotients divide by never-zero expressions; powers use small exponents; results that
    sympy evaluates to zoo, nan or a complex number are filtered out.
    """
    chosen = [ALL_FUNCTIONS[name] for name in functions]
    leaves = st.one_of(symbols(variables), symbols(variables), _numbers())

    def extend(children: st.SearchStrategy[sp.Expr]) -> st.SearchStrategy[sp.Expr]:
        positive = st.one_of(
            children.map(lambda e: e**2 + 1),
            children.map(sp.exp),
            st.integers(1, 5).map(sp.Integer),
        )
        return st.one_of(
            st.tuples(children, children).map(_built(lambda p: p[0] + p[1])),
            st.tuples(children, children).map(_built(lambda p: p[0] - p[1])),
            st.tuples(children, children).map(_built(lambda p: p[0] * p[1])),
            st.tuples(children, positive).map(_built(lambda p: p[0] / p[1])),
            st.tuples(symbols(variables), st.integers(-3, 5)).map(_built(lambda p: p[0] ** p[1])),
            st.tuples(positive, st.sampled_from([sp.Rational(1, 2), sp.Rational(-1, 3)])).map(
                _built(lambda p: p[0] ** p[1])
            ),
            st.tuples(st.sampled_from(chosen), children).map(_built(lambda p: p[0](p[1]))),
        )

    return st.recursive(leaves, extend, max_leaves=max_leaves).filter(_defined)


def constants() -> st.SearchStrategy[sp.Expr]:
    """Real constant expressions such as 3, -3/4, pi/2, sqrt(2), e^2 (points)."""
    return st.one_of(
        st.integers(-50, 50).map(sp.Integer),
        st.tuples(st.integers(-20, 20), st.integers(1, 12)).map(lambda p: sp.Rational(*p)),
        st.tuples(st.integers(-4, 4), st.integers(1, 6)).map(lambda p: p[0] * sp.pi / p[1]),
        st.integers(2, 30).map(sp.sqrt),
        st.integers(-3, 3).map(sp.exp),
    )


# -- plain-syntax texts with their expected expressions ---------------------------------


def _atom(text: str, expr: sp.Expr) -> Case:
    return (text, expr)


def _wrap(case: Case, brackets: str = "()") -> Case:
    return (f"{brackets[0]}{case[0]}{brackets[1]}", case[1])


def _leaf_cases(variables: Sequence[str]) -> st.SearchStrategy[Case]:
    names = st.sampled_from(list(variables)).map(lambda n: _atom(n, sp.Symbol(n, real=True)))
    numbers = st.sampled_from(
        [
            ("3", sp.Integer(3)),
            ("12", sp.Integer(12)),
            ("0.5", sp.Rational(1, 2)),
            (".25", sp.Rational(1, 4)),
            ("1e-3", sp.Rational(1, 1000)),
            ("2.5e1", sp.Integer(25)),
            ("pi", sp.pi),
            ("π", sp.pi),
            ("e", sp.E),
        ]
    )
    return st.one_of(names, names, numbers)


def _name_arguments(variables: Sequence[str]) -> st.SearchStrategy[Case]:
    """Arguments that are never a pole: 2x, x^2, x, 3 x."""
    x = st.sampled_from(list(variables))
    return st.one_of(
        x.map(lambda n: (n, sp.Symbol(n, real=True))),
        x.map(lambda n: (f"2{n}", 2 * sp.Symbol(n, real=True))),
        x.map(lambda n: (f"3 {n}", 3 * sp.Symbol(n, real=True))),
        x.map(lambda n: (f"{n}^2", sp.Symbol(n, real=True) ** 2)),
        x.map(lambda n: (f"{n}²", sp.Symbol(n, real=True) ** 2)),
    )


def expression_cases(
    variables: Sequence[str] = ("x",), *, max_leaves: int = 8
) -> st.SearchStrategy[Case]:
    """Pairs (plain text, the sympy expression it means) covering the plain syntax."""
    leaves = _leaf_cases(variables)
    arguments = _name_arguments(variables)
    x = st.sampled_from(list(variables))

    def extend(children: st.SearchStrategy[Case]) -> st.SearchStrategy[Case]:
        atoms = children.map(lambda c: _wrap(c) if not _is_atom(c[0]) else c)
        nonzero = st.one_of(
            x.map(lambda n: (n, sp.Symbol(n, real=True))),
            x.map(lambda n: (f"({n}^2 + 1)", sp.Symbol(n, real=True) ** 2 + 1)),
            children.map(lambda c: (f"exp({c[0]})", sp.exp(c[1]))),
            st.sampled_from([("2", sp.Integer(2)), ("0.5", sp.Rational(1, 2))]),
        )
        calls = st.sampled_from(sorted(SMOOTH_FUNCTIONS)).flatmap(
            lambda f: children.map(lambda c: (f"{f}({c[0]})", SMOOTH_FUNCTIONS[f](c[1])))
        )
        applications = st.sampled_from(sorted(_APPLIED)).flatmap(
            lambda f: arguments.map(lambda a: (f"{f} {a[0]}", _APPLIED[f](a[1])))
        )
        return st.one_of(
            st.tuples(children, atoms, st.sampled_from([" + ", "+", " - "])).map(_sum),
            st.tuples(atoms, atoms, st.sampled_from(["*", " * ", "·", "×", " "])).map(_product),
            st.tuples(atoms, nonzero, st.sampled_from(["/", " / ", "÷"])).map(_quotient),
            st.tuples(atoms, st.sampled_from(["^2", "^3", "**2", "²", "³", "^(1/2)"])).map(
                _small_power
            ),
            nonzero.map(lambda c: (f"{_as_atom(c[0])}^-1", 1 / c[1])),
            atoms.map(lambda c: (f"-{c[0]}", -c[1])),
            atoms.map(
                lambda c: (f"|{c[0]}|" if "|" not in c[0] else f"abs({c[0]})", absolute(c[1]))
            ),
            atoms.map(_twice),
            children.map(lambda c: (f"e^({c[0]})", sp.exp(c[1]))),
            children.map(lambda c: (f"sin^2({c[0]})", sp.sin(c[1]) ** 2)),
            children.map(lambda c: (f"[{c[0]}]", c[1])),
            nonzero.map(lambda c: (f"log({c[0]}, 2)", sp.log(c[1], 2))),
            calls,
            applications,
        )

    return st.recursive(leaves, extend, max_leaves=max_leaves).filter(
        lambda c: _defined(c[1]) and _small_numbers(c[1])
    )


def expression_texts(
    variables: Sequence[str] = ("x",), *, max_leaves: int = 8
) -> st.SearchStrategy[str]:
    """Random texts in the plain syntax that parse (see ``expression_cases``)."""
    return expression_cases(variables, max_leaves=max_leaves).map(lambda c: c[0])


def constant_texts() -> st.SearchStrategy[Case]:
    """Pairs (text, value) of constant points written in the plain syntax."""
    return st.one_of(
        st.integers(-50, 50).map(lambda n: (str(n), sp.Integer(n))),
        st.tuples(st.integers(-4, 4), st.integers(1, 6)).map(
            lambda p: (f"{p[0]}pi/{p[1]}", p[0] * sp.pi / p[1])
        ),
        st.integers(2, 30).map(lambda n: (f"-sqrt({n})", -sp.sqrt(n))),
        st.integers(-3, 3).map(lambda n: (f"e^({n})", sp.exp(n))),
    )


_APPLIED: dict[str, Callable[[sp.Expr], sp.Expr]] = {
    "sin": sp.sin,
    "cos": sp.cos,
    "tan": sp.tan,
    "sec": sp.sec,
    "ln": sp.log,
    "sqrt": sp.sqrt,
}
"""Functions written without parentheses in the texts (``sin 2x``)."""


def _twice(case: Case) -> Case:
    text, expr = case
    if text[0] in "(|":
        return (f"2{text}", 2 * expr)
    return (f"2*{text}" if text[0].isdigit() or text[0] == "." else f"2 {text}", 2 * expr)


def _small_numbers(expr: sp.Expr) -> bool:
    return all(abs(r.p) < 10**40 and r.q < 10**40 for r in expr.atoms(sp.Rational))


def _is_atom(text: str) -> bool:
    if text.isascii() and text.isalnum() and not text[0].isdigit():
        return True
    if text.replace(".", "", 1).isdigit():
        return True
    return text in ("π",)


def _as_atom(text: str) -> str:
    return text if _is_atom(text) or (text.startswith("(") and text.endswith(")")) else f"({text})"


def _sum(parts: tuple[Case, Case, str]) -> Case:
    (left, a), (right, b), op = parts
    return (f"{left}{op}{right}", a + b if "+" in op else a - b)


def _product(parts: tuple[Case, Case, str]) -> Case:
    (left, a), (right, b), op = parts
    if op == " " and (right[0].isdigit() or right[0] == "."):
        op = "*"
    return (f"{left}{op}{right}", a * b)


def _quotient(parts: tuple[Case, Case, str]) -> Case:
    (left, a), (right, b), op = parts
    return (f"{left}{op}{_as_atom(right)}", a / b)


def _small_power(parts: tuple[Case, str]) -> Case:
    (base, a), op = parts
    exponent = {"^2": 2, "^3": 3, "**2": 2, "²": 2, "³": 3}.get(op, sp.Rational(1, 2))
    return (f"{base}{op}", a**exponent)


SMOOTH_ATOMS = (
    "x",
    "x^2",
    "x^3",
    "sin(x)",
    "cos(2x)",
    "exp(x/3)",
    "atan(x)",
    "sqrt(x^2 + 1)",
    "ln(x^2 + 1)",
    "sigmoid(x)",
    "softplus(x)",
    "1/(x^2 + 2)",
    "x*sin(x)",
)
"""Plain-syntax terms defined and smooth on the whole real line."""


def sums_of_atoms(atoms: Sequence[str] = SMOOTH_ATOMS) -> st.SearchStrategy[str]:
    """Texts ``(c1)*a1 + (c2)*a2 + ...``: one to three atoms with small nonzero integer factors."""
    return st.lists(
        st.tuples(st.integers(-3, 3).filter(bool), st.sampled_from(list(atoms))),
        min_size=1,
        max_size=3,
    ).map(lambda terms: " + ".join(f"({c})*{atom}" for c, atom in terms))
