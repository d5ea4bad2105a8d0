"""What a text was understood as, and what a learner should see before submitting it.

``read`` gives what POST /v1/parse shows: the parsed expression and the reading warnings of
its text (``language.readings``, SPEC §1.5), in order of position. ``absent_variables``
warns about a requested variable the parsed expression does not contain.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sympy as sp

from service.calculus.language.parser import parse_expression, read_warnings
from service.calculus.language.readings import ReadingWarning
from service.calculus.limits import Limits


@dataclass(frozen=True)
class Reading:
    """A text as understood: the parsed expression and the warnings, by position."""

    expression: sp.Expr
    warnings: tuple[ReadingWarning, ...]


def read(text: str, *, syntax: str, limits: Limits, field: str = "expression") -> Reading:
    """The expression ``text`` is read as, and its warnings (each naming ``field``)."""
    expr = parse_expression(text, syntax=syntax, field=field, limits=limits)
    warnings = read_warnings(text, syntax=syntax, field=field, limits=limits)
    return Reading(expression=expr, warnings=tuple(warnings))


def absent_variables(expr: sp.Expr, requested: Sequence[tuple[str, str]]) -> list[ReadingWarning]:
    """``variable_absent`` for each requested ``(field, name)`` that ``expr`` does not contain.

    A derivative with respect to a variable the expression lacks is 0 at every order, which
    is seldom what was meant (``variable: "t"`` on ``x^2``).
    """
    names = {symbol.name for symbol in expr.free_symbols}
    has = f"its symbols are {', '.join(sorted(names))}" if names else "it has no symbols"
    return [
        ReadingWarning(
            "variable_absent",
            field,
            f"The expression does not depend on the variable {variable} ({has}), so "
            f"every derivative with respect to {variable} is 0.",
        )
        for field, variable in requested
        if variable not in names
    ]
