"""GET / (the playground page) and its script and stylesheet, served from the package.

The page calls the public API of the same origin and nothing else; its Content-Security-Policy
allows only this origin (plus ``blob:`` images, the plot it fetched), so a stray link to a CDN
would fail loudly in the browser test.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from flask import Blueprint, Response, abort

blueprint = Blueprint("playground", __name__)

ASSETS = {
    "index.html": "text/html",
    "playground.js": "text/javascript",
    "playground.css": "text/css",
}
"""The page's files in ``service/api/static/playground``, with their media types."""

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
"""Only this origin; ``blob:`` for the plot image the page fetched itself, ``data:`` for the
empty icon."""

ASSET_MAX_AGE = 3600
"""Seconds a browser may cache the script and stylesheet."""


@cache
def _asset(name: str) -> bytes:
    return files("service.api").joinpath("static", "playground", name).read_bytes()


def _respond(name: str) -> Response:
    response = Response(_asset(name), mimetype=ASSETS[name])
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@blueprint.get("/")
def page() -> Response:
    """The playground page."""
    return _respond("index.html")


@blueprint.get("/playground/<name>")
def asset(name: str) -> Response:
    """The page's script or stylesheet, by name; any other name is a 404."""
    if name not in ASSETS or name == "index.html":
        abort(404)
    response = _respond(name)
    response.cache_control.public = True
    response.cache_control.max_age = ASSET_MAX_AGE
    return response
