"""The rules for named functions applied to the variable itself: d/dx f(x) = f'(x).

One small typed class per catalogue entry that has a rule (``rules.Rule`` is their base),
made from the entry by ``function_rule``: its name is the entry's name and its derivative
the entry's ``derivative``. The dispatcher (``dispatch.py``) finds them by sympy class.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import ClassVar

import sympy as sp

from service.calculus.differentiation.rules import Rule
from service.calculus.language.catalogue import WHITELIST, active
from service.calculus.language.entries import Entry


@dataclass(frozen=True)
class FunctionRule(Rule):
    """A named function applied to the variable itself: d/dx f(x) = f'(x)."""

    entry: ClassVar[Entry]

    def _derivative(self) -> sp.Expr:
        return self.entry.derivative(self.variable)


@cache
def function_rule(entry: Entry) -> type[FunctionRule]:
    """The rule class of a catalogue entry (made once per entry)."""
    if entry.wording is None:
        raise TypeError(f"{entry.name} has no rule of its own.")
    namespace = {
        "__doc__": f"{entry.wording.title}: {entry.wording.formula}.",
        "__module__": __name__,
        "__qualname__": f"{entry.name.capitalize()}Rule",
        "name": entry.name,
        "entry": entry,
    }
    made = type(f"{entry.name.capitalize()}Rule", (FunctionRule,), namespace)
    return dataclass(frozen=True)(made)


def rule_for(node: sp.Basic) -> type[FunctionRule] | None:
    """The rule of a node's function in the active catalogue, None when it has none."""
    entry = active().of(node)
    return None if entry is None or not entry.has_rule else function_rule(entry)


def sqrt_rule() -> type[FunctionRule]:
    """The rule for sqrt(x), the power x^(1/2) (sympy has no sqrt class)."""
    return function_rule(active().entry("sqrt"))


FUNCTION_RULE_CLASSES: tuple[type[FunctionRule], ...] = tuple(
    function_rule(entry) for entry in WHITELIST.with_rules()
)
"""The rules of the whitelisted functions, in catalogue order."""
