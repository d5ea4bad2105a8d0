"""The reading warnings of a request (SPEC §1.5): what /v1/parse would say about each field read.

``request_warnings(body, expr, limits)`` reads every text field an endpoint reads —
``expression`` (in ``syntax``), ``answer`` (in ``answer_syntax``), and the points ``at``,
``parameters`` and ``interval`` (plain syntax) — after the operation parsed them, and adds
``variable_absent`` for a requested ``variable`` (or each of ``variables``) that ``expr``,
the expression the operation parsed, does not contain. Fields come in request order,
warnings by position in each.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import sympy as sp

from service.calculus.language.parser import read_warnings
from service.calculus.language.readings import ReadingWarning
from service.calculus.learning.reading_warnings import absent_variables
from service.calculus.limits import Limits

from .shapes import warning_object


def request_warnings(
    body: Mapping[str, Any], expr: sp.Expr, limits: Limits
) -> list[dict[str, Any]]:
    """Every reading warning of ``body``, whose expression was parsed as ``expr``, as
    responses show them."""
    syntax = body.get("syntax") or "plain"
    found: list[ReadingWarning] = []
    for field, text, text_syntax in _texts(body, syntax):
        if isinstance(text, str):
            found.extend(read_warnings(text, syntax=text_syntax, field=field, limits=limits))
    requested = [("variable", body["variable"])] if body.get("variable") else []
    requested += [("variables", name) for name in body.get("variables") or ()]
    found.extend(absent_variables(expr, requested))
    return [warning_object(warning) for warning in found]


def _texts(body: Mapping[str, Any], syntax: str) -> Iterator[tuple[str, Any, str]]:
    """``(field, value, syntax)`` of every text or point in the request."""
    yield "expression", body["expression"], syntax
    if isinstance(body.get("answer"), str):
        yield "answer", body["answer"], body.get("answer_syntax") or syntax
    at = body.get("at")
    if isinstance(at, list):
        yield from ((f"at[{i}]", point, "plain") for i, point in enumerate(at))
    elif isinstance(at, dict):
        yield from ((f"at.{name}", point, "plain") for name, point in at.items())
    elif at is not None:
        yield "at", at, "plain"
    for name, point in (body.get("parameters") or {}).items():
        yield f"parameters.{name}", point, "plain"
    for point in body.get("interval") or ():
        yield "interval", point, "plain"
