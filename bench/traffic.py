"""The loadtest's traffic: a weighted mix over every endpoint, some of it hostile, and a
sample of answers checked against values sympy computes here, independently of the server.

Functions are made up at random (so the server has never seen them), each as its text in
Deriv's syntax and, built side by side, the same function as a sympy expression. The server's
answer is checked against ``sympy.diff`` of that expression evaluated with 30 digits.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import sympy as sp

from bench.corpus import CORPUS
from service.calculus.language.parser import parse_expression

Verify = Callable[[Any], str | None]
"""Given the answer's JSON, a complaint when it is wrong, else None."""


@dataclass(frozen=True)
class Call:
    """One request of the mix and what a right answer is."""

    endpoint: str
    method: str
    path: str
    json: Any = None
    data: bytes | None = None
    expected: tuple[int, str | None] = (200, None)
    verify: Verify | None = None
    headers: dict[str, str] = field(default_factory=dict)


TOLERANCE = 1e-9
POINTS = ("3/10", "-17/10")


def _term(rng: random.Random, name: str, symbol: sp.Symbol) -> tuple[str, sp.Expr]:
    a, k = rng.randint(1, 9), rng.randint(1, 9)
    choices: list[tuple[str, sp.Expr]] = [
        (f"{a}*{name}^{k}", a * symbol**k),
        (f"{a}*sin({k}*{name})", a * sp.sin(k * symbol)),
        (f"{a}*cos({k}*{name}^2)", a * sp.cos(k * symbol**2)),
        (f"{a}*exp({name}/{k})", a * sp.exp(symbol / k)),
        (f"{a}*atan({k}*{name})", a * sp.atan(k * symbol)),
        (f"{a}/({name}^2 + {k})", a / (symbol**2 + k)),
        (f"{a}*ln({name}^2 + {k})", a * sp.log(symbol**2 + k)),
    ]
    return rng.choice(choices)


def random_function(rng: random.Random, names: tuple[str, ...] = ("x",)) -> tuple[str, sp.Expr]:
    """A sum of two or three terms, one of them maybe a product, in the named variables."""
    texts: list[str] = []
    expr = sp.Integer(0)
    for _ in range(rng.randint(2, 3)):
        name = rng.choice(names)
        text, term = _term(rng, name, sp.Symbol(name, real=True))
        if rng.random() < 0.2:
            other = rng.choice(names)
            text2, term2 = _term(rng, other, sp.Symbol(other, real=True))
            text, term = f"({text})*({text2})", term * term2
        texts.append(text)
        expr += term
    return " + ".join(texts), expr


def _number(expr: sp.Expr, at: dict[str, str]) -> float:
    values = {symbol: sp.Rational(at[symbol.name]) for symbol in expr.free_symbols}
    return float(sp.N(expr.subs(values), 30))


def _close(got: float | None, want: float) -> bool:
    return got is not None and abs(got - want) <= TOLERANCE * max(1.0, abs(want))


def derivative_call(rng: random.Random) -> Call:
    text, expr = random_function(rng)
    order = rng.randint(1, 2)
    want = sp.diff(expr, sp.Symbol("x", real=True), order)

    def verify(answer: Any) -> str | None:
        got = parse_expression(answer["derivative"]["text"])
        for point in POINTS:
            if not _close(_number(got, {"x": point}), _number(want, {"x": point})):
                return f"d^{order}/dx^{order} {text} at x={point}: {answer['derivative']['text']}"
        return None

    body = {"expression": text, "order": order}
    return Call("derivative", "POST", "/v1/derivative", body, verify=verify)


def evaluate_call(rng: random.Random) -> Call:
    text, expr = random_function(rng)
    x = sp.Symbol("x", real=True)

    def verify(answer: Any) -> str | None:
        for point, entry in zip(POINTS, answer["points"], strict=True):
            for value in entry["values"]:
                want = _number(sp.diff(expr, x, value["order"]), {"x": point})
                if not _close(value["value"], want):
                    return f"order {value['order']} of {text} at {point}: {value['value']}"
        return None

    body = {"expression": text, "at": list(POINTS), "orders": [0, 1]}
    return Call("evaluate", "POST", "/v1/evaluate", body, verify=verify)


def gradient_call(rng: random.Random) -> Call:
    text, expr = random_function(rng, ("w1", "w2"))
    at = {"w1": rng.choice(POINTS), "w2": rng.choice(POINTS)}
    symbols = [sp.Symbol(name, real=True) for name in ("w1", "w2")]

    def verify(answer: Any) -> str | None:
        for symbol, got in zip(symbols, answer["values"]["gradient"], strict=True):
            if not _close(got, _number(sp.diff(expr, symbol), at)):
                return f"d/d{symbol.name} {text} at {at}: {got}"
        return None

    body = {"expression": text, "variables": ["w1", "w2"], "at": at}
    return Call("gradient", "POST", "/v1/gradient", body, verify=verify)


def check_call(rng: random.Random) -> Call:
    """An answer sympy computed (right) or that plus one (wrong): the verdict is known."""
    text, expr = random_function(rng)
    right = rng.random() < 0.5
    answer_expr = sp.diff(expr, sp.Symbol("x", real=True)) + (0 if right else 1)

    def verify(answer: Any) -> str | None:
        if answer["correct"] is not right:
            return f"check of {text}: correct={answer['correct']}, expected {right}"
        return None

    body = {"expression": text, "answer": sp.sstr(answer_expr)}
    return Call("check", "POST", "/v1/check", body, verify=verify)


def corpus_call(rng: random.Random, operation: str) -> Call:
    """A typical request from `make bench`'s corpus (answers checked by the test suite)."""
    return Call(operation, "POST", f"/v1/{operation}", rng.choice(CORPUS[operation]))


def healthz_call(rng: random.Random) -> Call:
    return Call("healthz", "GET", "/healthz")


def deadline_call(rng: random.Random) -> Call:
    """A request that runs into the compute deadline."""
    body = {"expression": f"exp(sin({rng.randint(2, 999)}*x))*tan(x)^x", "order": 50}
    return Call("hostile: deadline", "POST", "/v1/derivative", body, expected=(422, "too_complex"))


def exponent_call(rng: random.Random) -> Call:
    """A huge exponent or power tower, refused before any arithmetic."""
    text = rng.choice([f"x^{10**12 + rng.randint(1, 999)}", "9^9^9", "10^10^10 * x"])
    return Call(
        "hostile: exponent",
        "POST",
        "/v1/derivative",
        {"expression": text},
        expected=(422, "too_complex"),
    )


def malformed_call(rng: random.Random) -> Call:
    """Broken JSON."""
    raw = rng.choice([b'{"expression": "x^2",', b'{"expression": NaN}', b"\xff\xfe{}"])
    return Call(
        "hostile: bad json",
        "POST",
        "/v1/derivative",
        data=raw,
        expected=(400, "invalid_json"),
        headers={"Content-Type": "application/json"},
    )


def oversized_call(rng: random.Random) -> Call:
    """A body over the 64 KiB limit."""
    raw = json.dumps({"expression": "x+" * 40_000 + "x"}).encode()
    return Call(
        "hostile: oversized",
        "POST",
        "/v1/trace",
        data=raw,
        expected=(413, "payload_too_large"),
        headers={"Content-Type": "application/json"},
    )


def _corpus(operation: str) -> Callable[[random.Random], Call]:
    return lambda rng: corpus_call(rng, operation)


MIX: list[tuple[float, Callable[[random.Random], Call]]] = [
    (14, derivative_call),
    (8, evaluate_call),
    (6, gradient_call),
    (6, check_call),
    (6, _corpus("derivative")),
    (6, _corpus("concavity")),
    (6, _corpus("critical-points")),
    (6, _corpus("trace")),
    (6, _corpus("parse")),
    (3, _corpus("plot")),
    (2, _corpus("batch")),
    (10, healthz_call),
    (0.6, deadline_call),
    (3, exponent_call),
    (3, malformed_call),
    (2, oversized_call),
]
"""Relative weights: mostly ordinary work, about a tenth hostile; deadline-busting requests
are rare because each holds a compute process for the whole deadline."""

VERIFIERS = (derivative_call, evaluate_call, gradient_call, check_call)
"""The makers whose answers carry known values (the final sample uses only these)."""


def next_call(rng: random.Random) -> Call:
    """One call drawn from the mix."""
    makers = [maker for _, maker in MIX]
    weights = [weight for weight, _ in MIX]
    return rng.choices(makers, weights)[0](rng)
