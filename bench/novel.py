"""Novel derivative requests for `make bench`: typical course expressions never seen before.

Each body is a template a course sends (polynomials, products, quotients, chains, sigmoid,
ML losses; orders 1-2) with fresh random coefficients, so neither the result cache nor
sympy's own caches have seen it.
"""

from __future__ import annotations

import random
from typing import Any

TEMPLATES: tuple[tuple[str, str | None, int], ...] = (
    ("{a}x^4 - {b}x^2 + {c}x - {d}", None, 1),
    ("x^{a} sin({b}x)", None, 1),
    ("(x^2 + {a})/(x - {b})", None, 1),
    ("sin({a}x)/x", None, 1),
    ("tan({a}x + {b})", None, 1),
    ("exp(-{a}x^2)", None, 1),
    ("ln(x^2 + {a})", None, 1),
    ("sqrt({a} + cos(x)^2)", None, 1),
    ("sigmoid({a}w*x + b)", "w", 1),
    ("lam/{a}*w^2 + {b}w", "w", 1),
    ("({a}yhat - y)^2", "yhat", 1),
    ("x^3 - {a}x", None, 2),
    ("cos({a}x) e^({b}x)", None, 2),
    ("x^{a} ln x", None, 1),
)


def novel_bodies(count: int, seed: int = 9) -> list[dict[str, Any]]:
    """``count`` distinct derivative request bodies."""
    rng = random.Random(seed)
    bodies: dict[str, dict[str, Any]] = {}
    while len(bodies) < count:
        template, variable, order = rng.choice(TEMPLATES)
        numbers = {name: rng.randint(2, 99) for name in "abcd"}
        body: dict[str, Any] = {"expression": template.format(**numbers), "order": order}
        if variable is not None:
            body["variable"] = variable
        bodies[str(body)] = body
    return list(bodies.values())
