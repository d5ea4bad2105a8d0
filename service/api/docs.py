"""GET /openapi.yaml, GET /docs and the page's assets, all served by the service (no CDN).

The contract is ``service/api/static/openapi.yaml``, package data read through
importlib.resources, so an installed package (the container image) serves it too. The
browsable page is Swagger UI, whose script and stylesheet come from the ``flask-swagger-ui``
distribution on PyPI (it ships the Swagger UI 5 ``dist`` files, Apache-2.0); only the two
files the page needs are served, by name, so the page works with no internet access.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from flask import Blueprint, Response, abort, url_for

blueprint = Blueprint("docs", __name__)

SPEC_RESOURCE = ("service.api", "static/openapi.yaml")
"""The contract: package data of ``service.api`` (see pyproject's package-data)."""

SWAGGER_UI_FILES = {
    "swagger-ui.css": "text/css",
    "swagger-ui-bundle.js": "text/javascript",
}
"""The files of the Swagger UI distribution that the page loads, with their media types."""

ASSET_MAX_AGE = 24 * 3600
"""Seconds a browser may cache an asset: they change only with the installed package."""

INITIALIZER = """\
window.addEventListener("load", function () {
  var root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.dataset.specUrl,
    dom_id: "#swagger-ui",
    deepLinking: true,
    defaultModelsExpandDepth: 0,
    validatorUrl: null
  });
});
"""
"""Starts Swagger UI on the page's spec URL; served as a file so that no inline script runs."""

PAGE = """\
<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Deriv API</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="{css}">
</head>
<body>
  <div id="swagger-ui" data-spec-url="{spec}"></div>
  <script src="{bundle}"></script>
  <script src="{init}"></script>
</body>
</html>
"""

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'"
)
"""The page may load and call only this origin: a forgotten CDN link would fail loudly."""


@cache
def _spec_bytes() -> bytes:
    package, name = SPEC_RESOURCE
    return files(package).joinpath(name).read_bytes()


@blueprint.get("/openapi.yaml")
def openapi() -> Response:
    """The OpenAPI 3.1 contract."""
    return Response(_spec_bytes(), mimetype="application/yaml")


@blueprint.get("/docs")
def docs() -> Response:
    """The browsable API page."""
    page = PAGE.format(
        css=url_for("docs.docs_asset", name="swagger-ui.css"),
        bundle=url_for("docs.docs_asset", name="swagger-ui-bundle.js"),
        init=url_for("docs.docs_asset", name="docs.js"),
        spec=url_for("docs.openapi"),
    )
    response = Response(page, mimetype="text/html")
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    return response


@blueprint.get("/docs/assets/<name>")
def docs_asset(name: str) -> Response:
    """One script or stylesheet of the page, by name; any other name is a 404."""
    if name == "docs.js":
        body = INITIALIZER.encode()
        mimetype = "text/javascript"
    elif name in SWAGGER_UI_FILES:
        body = _swagger_ui_file(name)
        mimetype = SWAGGER_UI_FILES[name]
    else:
        abort(404)
    response = Response(body, mimetype=mimetype)
    response.cache_control.public = True
    response.cache_control.max_age = ASSET_MAX_AGE
    return response


@cache
def _swagger_ui_file(name: str) -> bytes:
    return files("flask_swagger_ui").joinpath("dist", name).read_bytes()
