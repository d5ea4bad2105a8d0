"""What a misspelt or run-together name most likely meant.

``suggest_function`` names the whitelisted function closest to an unknown function name
(``sinn`` → sin, ``sgn`` → sign); ``unknown_function`` builds the error for a name written
before "(" that is not a function. ``split_name`` reads a symbol glued together from function
names, constants and letters the way a learner meant it: ``sinx`` → ``sin(x)``, ``xlnx`` →
``x*ln(x)``, ``xe`` → ``x*e``, ``pix`` → ``pi*x`` (None when the name is an ordinary one).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import cache

from service.calculus.errors import UnknownFunction
from service.calculus.language import building
from service.calculus.language.catalogue import active

_MAX_PREFIX = 2
"""Letters before the first function name of a glued symbol (``xsinx``, not ``constant``)."""
_GLUED_CONSTANT = re.compile(
    r"(?P<before>[A-Za-z]{1,2})pi|pi(?P<after>[A-Za-z0-9]{1,2})|(?P<e>[A-Za-z])e"
)
"""A symbol glued from pi or e and a letter or two: ``xpi``, ``pix``, ``xe``."""


def suggest_function(name: str) -> str | None:
    """The whitelisted function a misspelt name most likely meant, if any is close."""
    lowered = name.lower()
    if building.is_function(lowered):
        return lowered
    meant = active().meant(lowered)
    if meant is not None:
        return meant
    close = difflib.get_close_matches(lowered, sorted(active().spellings), n=1, cutoff=0.75)
    return close[0] if close else None


def unknown_function(name: str, *, field: str, position: int, latex: bool) -> UnknownFunction:
    """The error for ``name(`` when ``name`` is not a function, with a suggestion if any."""
    split = split_name(name)
    glued = split.meant[: -len("(…)")] if split and split.meant.endswith("(…)") else None
    suggestion = glued or suggest_function(name.lstrip("\\"))
    data: dict[str, object] = {"field": field, "name": name, "position": position}
    if suggestion:
        data["suggestion"] = suggestion
        backslash = "\\" if latex else ""
        hint = f" Did you mean {backslash}{suggestion}{'(...)' if glued else ''}?"
    else:
        hint = "" if latex else f" To multiply, write {name}*(...)."
    return UnknownFunction(f"Unknown function '{name}' at position {position}.{hint}", **data)


@dataclass(frozen=True)
class Split:
    """How a glued symbol was probably meant: ``meant`` as text, the function it hides."""

    meant: str
    function: str | None
    complete: bool
    """``meant`` is a whole expression (``x*sin(x)``), not a pattern (``x*sin(…)``)."""


def split_name(name: str) -> Split | None:
    """The reading of a symbol glued from functions, constants and letters (module docstring)."""
    if building.is_reserved(name):
        return None
    pieces = _function_pieces(active().spellings).split(name)
    if len(pieces) > 1:
        return _split_functions(pieces)
    match = _GLUED_CONSTANT.fullmatch(name)
    if match is None:
        return None
    if match.group("e"):
        return Split(f"{match.group('e')}*e", None, True)
    if match.group("before"):
        return Split(f"{match.group('before')}*pi", None, True)
    return Split(f"pi*{match.group('after')}", None, True)


@cache
def _function_pieces(names: frozenset[str]) -> re.Pattern[str]:
    """Splits a name at every function name of ``names``, longest first (sinh before sin)."""
    return re.compile("(" + "|".join(sorted(names, key=len, reverse=True)) + ")")


def _split_functions(pieces: list[str]) -> Split | None:
    """``pieces`` alternate letters and function names: ["x", "sin", "x"]."""
    prefix, functions, arguments = pieces[0], pieces[1::2], pieces[2::2]
    if len(prefix) > _MAX_PREFIX and arguments[-1]:
        return None
    factors = [prefix] if prefix else []
    for function, argument in zip(functions, arguments, strict=True):
        factors.append(f"{function}({argument or '…'})")
    return Split("*".join(factors), functions[0], all(arguments))
