"""GET /v1/rules: the rule vocabulary (no input, so it runs without a compute worker)."""

from __future__ import annotations

from dataclasses import asdict

from service.calculus.differentiation.vocabulary import VOCABULARY


def vocabulary() -> list[dict[str, str]]:
    """``[{rule, name, formula, description}]`` in the vocabulary's order."""
    return [asdict(entry) for entry in VOCABULARY]
