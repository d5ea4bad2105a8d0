"""How a learner's answer was read, and what it probably meant (SPEC §2.2).

``read_answer`` reads a learner's answer with its warnings (field ``answer``).
``check_answer_symbols`` refuses an answer that uses a symbol the function does not have,
with the likely intent (``sinx`` → ``sin(x)``, ``xe`` → ``x*e``, ``C`` → leave it out, ``X``
→ ``x``). ``other_reading`` reads an answer whose text has another plausible reading (a
warning in ``readings.AMBIGUOUS``) that way, and names it as ``ambiguous_notation`` when it
is right: the first of each warning's own reading, then all of them together.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

import sympy as sp

from service.calculus.errors import DerivError, UnknownSymbol
from service.calculus.language.parser import parse_expression, read_warnings
from service.calculus.language.printing import to_text
from service.calculus.language.readings import AMBIGUOUS, Edit, ReadingWarning, rewritten
from service.calculus.language.suggestions import split_name
from service.calculus.limits import Limits

AMBIGUOUS_NOTATION = "ambiguous_notation"
AMBIGUOUS_UNRESOLVED = (
    "This is not the derivative. The answer can be read in more than one way (see "
    "warnings), and no reading of it is the derivative: write it with brackets where the "
    "warning says, then check each step again."
)
_INTEGRATION_CONSTANTS = frozenset({"C", "K"})
_WHY = {
    "implicit_division": "after '/', an implicit product binds like '*', left to right, so a "
    "denominator of several factors needs brackets",
    "exponent_ends_early": "an exponent without brackets ends after its number, so an "
    "exponent of several parts needs brackets",
    "scientific_notation": "a number such as 2e-3 is scientific notation (0.002), so Euler's "
    "number to a power is written e^(…)",
    "implicit_power_argument": "a function without brackets takes the whole power, so a "
    "power of a function needs brackets around its argument",
}


@dataclass(frozen=True)
class WrittenAnswer:
    """A learner's answer: the text as written, its syntax, how it was read and its warnings."""

    text: str
    syntax: str
    expression: sp.Expr
    warnings: tuple[ReadingWarning, ...]


def read_answer(text: str, syntax: str, limits: Limits) -> WrittenAnswer:
    """``text`` read as an answer (a parse error names the field ``answer``)."""
    expression = parse_expression(text, syntax=syntax, field="answer", limits=limits)
    warnings = read_warnings(text, syntax=syntax, field="answer", limits=limits)
    return WrittenAnswer(text, syntax, expression, tuple(warnings))


def check_answer_symbols(answer: sp.Expr, allowed: Collection[sp.Symbol]) -> None:
    """Raise UnknownSymbol, with the likely intent, for a symbol the function does not have."""
    unknown = sorted(set(answer.free_symbols) - set(allowed), key=lambda s: s.name)
    if not unknown:
        return
    name = unknown[0].name
    message = f"The answer uses {name}, which the function does not have."
    split = split_name(name)
    data: dict[str, str] = {"field": "answer", "name": name}
    if split is not None:
        data["suggestion"] = split.meant
        message += f" It is read as one symbol named {name}: did you mean {split.meant}?"
    elif name in _INTEGRATION_CONSTANTS:
        data["suggestion"] = f"leave out {name}"
        message += (
            f" {name} looks like a constant of integration: a derivative has none, so leave it out."
        )
    else:
        names = {symbol.name.lower(): symbol.name for symbol in allowed}
        close = difflib.get_close_matches(name.lower(), sorted(names), n=1, cutoff=0.6)
        if close:
            data["suggestion"] = names[close[0]]
            message += f" Did you mean {names[close[0]]}?"
    raise UnknownSymbol(message, **data)


def other_reading(
    answer: WrittenAnswer, is_right: Callable[[sp.Expr], bool], limits: Limits
) -> str | None:
    """The ``ambiguous_notation`` message when another reading of the answer is right."""
    ambiguous = [w for w in answer.warnings if w.code in AMBIGUOUS and w.edits]
    candidates: list[tuple[Edit, ...]] = [warning.edits for warning in ambiguous]
    if len(ambiguous) > 1:
        candidates.append(tuple(edit for warning in ambiguous for edit in warning.edits))
    for edits in candidates:
        written = rewritten(answer.text, edits)
        try:
            reading = parse_expression(written, syntax=answer.syntax, field="answer", limits=limits)
        except DerivError:
            continue
        if is_right(reading):
            codes = [warning.code for warning in ambiguous if set(warning.edits) <= set(edits)]
            return _message(answer.expression, written, codes)
    return None


def _message(answer: sp.Expr, written: str, codes: Sequence[str]) -> str:
    why = "; ".join(_WHY[code] for code in dict.fromkeys(codes))
    return (
        f"Your answer was read as {to_text(answer)}, which is not the derivative; written "
        f"{written}, it would be right: {why}."
    )
