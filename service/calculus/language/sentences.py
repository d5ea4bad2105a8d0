"""Sentences with mathematics in them, written once and rendered twice.

A sentence is a sequence of parts: prose (``str``) and ``Math``. ``plain`` writes the
mathematics in the plain text syntax; ``with_latex`` puts it in ``$…$`` as LaTeX, ready for
MathJax/KaTeX auto-rendering. A ``Math`` holds expressions and ``Tex`` tokens (``u'``,
``=``) that have a text and a LaTeX spelling.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import sympy as sp

from service.calculus.language.written import Written, to_latex_written, to_text_written


@dataclass(frozen=True)
class Tex:
    """A token of mathematics that is not an expression: its text and its LaTeX."""

    text: str
    latex: str


EQUALS = Tex(" = ", " = ")
PRIME_U = Tex("u'", "u'")
PRIME_V = Tex("v'", "v'")


@dataclass(frozen=True)
class Math:
    """A stretch of mathematics inside a sentence."""

    items: tuple[Written | Tex, ...]


Part = str | Math
Sentence = tuple[Part, ...]


def math(*items: Written | Tex | str | int) -> Math:
    """``Math`` of expressions and tokens; a ``str`` item is a token spelled alike in both."""
    return Math(tuple(_item(item) for item in items))


def _item(item: Written | Tex | str | int) -> Written | Tex:
    if isinstance(item, str):
        return Tex(item, item)
    if isinstance(item, int):
        return sp.Integer(item)
    return item


def listing(items: Sequence[Part]) -> list[Part]:
    """``a``, ``a and b``, ``a, b and c``."""
    parts: list[Part] = []
    for i, item in enumerate(items):
        if i:
            parts.append(" and " if i == len(items) - 1 else ", ")
        parts.append(item)
    return parts


def plain(sentence: Sentence) -> str:
    """The sentence with its mathematics in the plain text syntax."""
    return "".join(_render(part, to_text_written, "text", "{}") for part in sentence)


def with_latex(sentence: Sentence) -> str:
    """The sentence with its mathematics as ``$…$`` LaTeX."""
    return "".join(_render(part, to_latex_written, "latex", "${}$") for part in sentence)


def _render(part: Part, printer: Callable[[Written], str], spelling: str, wrap: str) -> str:
    if isinstance(part, str):
        return part
    return wrap.format(
        "".join(
            getattr(item, spelling) if isinstance(item, Tex) else printer(item)
            for item in part.items
        )
    )
