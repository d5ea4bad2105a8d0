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

CORPUS: dict[str, list[dict[str, Any]]] = {
    "derivative": DERIVATIVE,
}
