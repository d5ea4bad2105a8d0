"""The types of the catalogue: an ``Entry`` per whitelisted function, and the ``Catalogue``.

An ``Entry`` says all the service knows about one function: the names the grammar reads
(``spellings``, each with its sympy builder), its derivative as a textbook writes it, the
wording of its rule in traces (``wording``; exp and log have none, their rules are the
exponential and logarithm rules of calculus), where its argument must lie (``domain``), its
poles, what happens where its argument is 0 (``at_zero``) and the misconceptions it takes
part in. The entries themselves, and the catalogue in use, are in ``catalogue.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Literal

import sympy as sp

AtZero = Literal["kink", "jump", "vertical tangent"]
"""What a function does where its argument is 0: a corner (abs, relu), a step (sign,
heaviside) — no derivative there either way — or a vertical tangent (cbrt)."""

TRIG_SIGN_ERROR = "trig_sign_error"
"""The misconception of losing the sign of a trigonometric derivative."""


@dataclass(frozen=True, eq=False)
class Spelling:
    """A name the grammar reads as the function, its arities and its sympy builder."""

    name: str
    build: Callable[..., sp.Expr]
    arities: tuple[int, ...] = (1,)
    misspellings: tuple[str, ...] = ()
    """Names a learner writes for it (``sine``, ``tg``), suggested in an unknown-name error."""
    latex: tuple[str, ...] = ()
    """Other LaTeX commands for it (``\\sgn``)."""


@dataclass(frozen=True)
class Interval:
    """Where the argument must lie for a real value: lower ≤ u ≤ upper (``<`` when open)."""

    lower: sp.Expr
    upper: sp.Expr
    open: bool = False

    def ends(self) -> tuple[sp.Expr, ...]:
        """The finite ends, upper first."""
        return tuple(end for end in (self.upper, self.lower) if end.is_finite)


@dataclass(frozen=True)
class Wording:
    """How GET /v1/rules and traces present the function's rule."""

    title: str
    formula: str
    description: str


@dataclass(frozen=True, eq=False)
class Entry:
    """Everything the service knows about one whitelisted function (module docstring).

    ``function`` is the sympy class the builders make (None for sqrt, a power of 1/2);
    ``derivative(u)`` is f'(u); with ``own_derivative`` it also replaces sympy's derivative
    (tan: sec², not 1 + tan²; sign: 0, not a δ); ``poles_where_zero(u)`` is 0 exactly at the
    poles (tan: cos u).
    """

    name: str
    function: type[sp.Function] | None
    spellings: tuple[Spelling, ...]
    derivative: Callable[[sp.Expr], sp.Expr]
    wording: Wording | None = None
    own_derivative: bool = False
    domain: Interval | None = None
    poles_where_zero: Callable[[sp.Expr], sp.Expr] | None = None
    at_zero: AtZero | None = None
    misconceptions: tuple[str, ...] = ()

    @property
    def has_rule(self) -> bool:
        """True when traces show the function's own rule (named ``name``)."""
        return self.wording is not None

    @property
    def no_derivative_at_zero(self) -> bool:
        """True for a kink or jump where the argument is 0."""
        return self.at_zero in ("kink", "jump")

    def boundaries(self, arg: sp.Expr) -> tuple[sp.Expr, ...]:
        """Expressions in the argument whose zeros bound the domain or mark a kink or pole."""
        found: list[sp.Expr] = []
        if self.domain is not None:
            found.extend(arg - end for end in self.domain.ends())
        if self.at_zero is not None:
            found.append(arg)
        if self.poles_where_zero is not None:
            found.append(self.poles_where_zero(arg))
        return tuple(found)


@dataclass(frozen=True, eq=False)
class Catalogue:
    """The whitelisted functions, looked up by spelling, sympy class or name."""

    entries: tuple[Entry, ...]

    _by_spelling: dict[str, Spelling] = field(init=False, repr=False)
    _latex: dict[str, str] = field(init=False, repr=False)
    _misspellings: dict[str, str] = field(init=False, repr=False)
    _by_class: dict[type, Entry] = field(init=False, repr=False)
    _by_name: dict[str, Entry] = field(init=False, repr=False)
    spellings: frozenset[str] = field(init=False, repr=False)
    """Every function name of the grammar (plain and LaTeX)."""
    classes: tuple[type[sp.Function], ...] = field(init=False, repr=False)
    """The sympy classes that text in the grammar can denote."""

    def __post_init__(self) -> None:
        spellings = [s for entry in self.entries for s in entry.spellings]
        indexes = {
            "_by_spelling": {s.name: s for s in spellings},
            "_latex": {alias: s.name for s in spellings for alias in s.latex},
            "_misspellings": {m: s.name for s in spellings for m in s.misspellings},
            "_by_class": {e.function: e for e in self.entries if e.function is not None},
            "_by_name": {e.name: e for e in self.entries},
        }
        for name, index in indexes.items():
            object.__setattr__(self, name, index)
        object.__setattr__(self, "spellings", frozenset(self._by_spelling))
        object.__setattr__(self, "classes", tuple(self._by_class))

    def with_entry(self, entry: Entry) -> Catalogue:
        """A copy with ``entry`` added (after the others)."""
        return replace(self, entries=(*self.entries, entry))

    def spelling(self, name: str) -> Spelling:
        """The spelling ``name`` (KeyError when it is not a function name)."""
        return self._by_spelling[name]

    def latex_function(self, command: str) -> str | None:
        """The spelling a LaTeX command or ``\\operatorname`` word denotes, if any."""
        return command if command in self._by_spelling else self._latex.get(command)

    def meant(self, misspelling: str) -> str | None:
        """The spelling a learner's name for a function (``sine``) stands for, if any."""
        return self._misspellings.get(misspelling)

    def entry(self, name: str) -> Entry:
        """The entry named ``name``."""
        return self._by_name[name]

    def of(self, node: sp.Basic) -> Entry | None:
        """The entry of a node's function, None for a node that is no whitelisted function."""
        return self._by_class.get(type(node))

    def with_rules(self) -> tuple[Entry, ...]:
        """The entries whose rule traces show, in catalogue order."""
        return tuple(e for e in self.entries if e.has_rule)

    def within_grammar(self, expr: sp.Expr) -> bool:
        """True when every function in ``expr`` is one the grammar can write (no re, atan2)."""
        classes = self.classes
        return all(isinstance(f, classes) for f in expr.atoms(sp.Function))
