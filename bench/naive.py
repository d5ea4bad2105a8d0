"""The naive baseline of `make bench`: Flask + sympy with no tidying, no MathML, no pool.

It reads text with the project's own parser (no library string parser, even in a
benchmark), differentiates with ``sympy.diff`` and prints str and LaTeX: what a first
Flask + sympy service does. Served by gunicorn with the same worker count as the service.
"""

from __future__ import annotations

import sympy as sp
from flask import Flask, request

from service.calculus.differentiation.derivative import choose_variable
from service.calculus.language.parser import parse_expression


def create_app() -> Flask:
    """The naive service: POST /v1/derivative and GET /healthz."""
    app = Flask(__name__)

    @app.post("/v1/derivative")
    def derivative() -> dict[str, object]:
        body = request.get_json()
        expr = parse_expression(body["expression"])
        var = choose_variable(expr, body.get("variable"))
        result = sp.diff(expr, var, body.get("order") or 1)
        return {"derivative": {"text": str(result), "latex": sp.latex(result)}}

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app
