"""What a text was understood as, and what a learner should see before submitting it.

``read`` gives what POST /v1/parse shows: the parsed expression and the reading warnings of
its text (``language.readings``, SPEC §1.5), in order of position.
"""

from __future__ import annotations

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
