"""The fixed request corpus of `make bench`: typical requests per endpoint."""

from __future__ import annotations

from typing import Any

DERIVATIVE: list[dict[str, Any]] = [
    {"expression": "3x^4 - 5x^2 + 7x - 2"},
    {"expression": "x^2 sin x"},
    {"expression": "(x^2+1)/(x-3)"},
    {"expression": "sin(x)/x"},
    {"expression": "tan(x)"},
    {"expression": "exp(-x^2)"},
    {"expression": "ln(x^2+1)"},
    {"expression": "sqrt(1 + cos(x)^2)"},
    {"expression": "sigmoid(w*x + b)", "variable": "w"},
    {"expression": "lam/2*w^2", "variable": "w"},
    {"expression": "(yhat - y)^2", "variable": "yhat"},
    {"expression": "x^3 - 3x", "order": 2},
    {"expression": "sin(x)", "order": 4},
    {"expression": "x^x"},
]

EVALUATE: list[dict[str, Any]] = [
    {"expression": "x^2*sin(x)", "at": ["1", "pi/2", 0], "orders": [0, 1, 2]},
    {
        "expression": "lam/2*w^2",
        "variable": "w",
        "at": "1/2",
        "orders": [1],
        "parameters": {"lam": "1/100"},
    },
    {"expression": "(x^2+1)/(x-3)", "at": [1, 2, 3], "orders": [0, 1]},
    {"expression": "abs(x) + sin(x)/x", "at": [0, 1, -2], "orders": [0, 1]},
]

GRADIENT: list[dict[str, Any]] = [
    {
        "expression": "lam/2*(w1^2 + w2^2)",
        "variables": ["w1", "w2"],
        "at": {"w1": 1, "w2": "1/2"},
        "parameters": {"lam": "1/10"},
        "hessian": True,
    },
    {
        "expression": "-(y*log(sigmoid(w*x+b)) + (1-y)*log(1-sigmoid(w*x+b)))",
        "variables": ["w", "b"],
        "at": {"w": 0.5, "b": -1},
        "parameters": {"x": 2, "y": 1},
    },
    {"expression": "(w*x + b - y)^2", "variables": ["w", "b"]},
]

CONCAVITY: list[dict[str, Any]] = [
    {"expression": "x^3 - 3x", "at": [-1, 1, 0]},
    {"expression": "sin(x)", "interval": [0, "2*pi"], "at": "pi/2"},
    {"expression": "x^4 - 2x^2"},
    {"expression": "cbrt(x)"},
]

CRITICAL_POINTS: list[dict[str, Any]] = [
    {"expression": "x^3 - 3x"},
    {"expression": "sin(x)", "interval": [0, "2*pi"]},
    {"expression": "abs(x)"},
    {"expression": "x^4"},
]

PARSE: list[dict[str, Any]] = [
    {"expression": "1/2x + sinx"},
    {"expression": "x^2 sin x^2 + E"},
    {"expression": "\\frac{1}{2}x^{2} + \\sin x", "syntax": "latex"},
]

CHECK: list[dict[str, Any]] = [
    {"expression": "x^2 sin x", "answer": "2x*sin(x) + x^2 cos x"},
    {"expression": "x^2 sin x", "answer": "2x cos x"},
    {"expression": "(x^2+1)/(x-3)", "answer": "(2x*(x-3) - (x^2+1))/(x-3)"},
]

BATCH: list[dict[str, Any]] = [
    {
        "requests": [
            {"op": "derivative", "expression": "x^2 sin x"},
            {"op": "evaluate", "expression": "1/x", "at": [0, 2]},
            {"op": "parse", "expression": "1/2x"},
            {"op": "gradient", "expression": "lam/2*(w1^2 + w2^2)", "variables": ["w1", "w2"]},
            {"op": "critical-points", "expression": "x^3 - 3x"},
        ]
    },
    {"requests": [{"op": "derivative", "expression": f"{n}x^2 + sin({n}x)"} for n in range(1, 21)]},
]

TRACE: list[dict[str, Any]] = [
    {"expression": "(x^2+1)/(x-3)"},
    {"expression": "x^2*sin(x)", "order": 4, "detail": "brief"},
    {"expression": "exp(-x^2)"},
    {"expression": "x^x"},
]

PLOT_SIZE = {"width": 640, "height": 400}
PLOT: list[dict[str, Any]] = [
    {"expression": "x^3 - 3x", "interval": [-3, 3], "orders": [0, 1, 2], "shade": "concavity"},
    {"expression": "x*exp(-x)", "interval": [-1, 5], "orders": [0, 1, 2], "shade": "concavity"},
    {"expression": "(x^2-1)/(x^2+1)", "interval": [-4, 4], "orders": [0, 1], "shade": "none"},
    {"expression": "tan(x)", "interval": [-3, 3], "orders": [0], "shade": "none"},
]
PLOT = [{**body, **PLOT_SIZE} for body in PLOT]

CORPUS: dict[str, list[dict[str, Any]]] = {
    "derivative": DERIVATIVE,
    "evaluate": EVALUATE,
    "gradient": GRADIENT,
    "concavity": CONCAVITY,
    "critical-points": CRITICAL_POINTS,
    "trace": TRACE,
    "parse": PARSE,
    "check": CHECK,
    "batch": BATCH,
    "plot": PLOT,
}
