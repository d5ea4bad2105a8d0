"""The SVG drawing: valid XML, words for screen readers, the curves, bands and markers asked for."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from service.plotting.picture import Band, Marker, Picture, Series
from service.plotting.svg import render

SVG = "{http://www.w3.org/2000/svg}"


def picture(**changes: object) -> Picture:
    base: dict[str, object] = {
        "title": "f(x) = x^3 - 3*x & co",
        "description": "The graph of f <and> its derivatives.",
        "variable": "x",
        "x_range": (-3.0, 3.0),
        "y_range": (-20.0, 20.0),
        "series": (
            Series("f(x)", 0, (((-3.0, -18.0), (0.0, 0.0), (3.0, 18.0)),)),
            Series("f′(x)", 1, (((-3.0, 24.0), (3.0, 24.0)),)),
        ),
        "bands": (Band(-3.0, 0.0, "concave down"), Band(0.0, 3.0, "concave up")),
        "markers": (Marker(0.0, 0.0, "inflection point"), Marker(1.0, -2.0, "local minimum")),
        "width": 640,
        "height": 400,
    }
    base.update(changes)
    return Picture(**base)  # type: ignore[arg-type]


def parsed(document: bytes) -> ET.Element:
    return ET.fromstring(document)  # noqa: S314 (our own output, not untrusted input)


def groups(root: ET.Element, prefix: str) -> list[str]:
    return [g.get("id", "") for g in root.iter(f"{SVG}g") if g.get("id", "").startswith(prefix)]


def test_the_document_is_svg_with_title_desc_and_pixel_size() -> None:
    root = parsed(render(picture()))
    assert root.tag == f"{SVG}svg"
    assert root.get("width") == "640"
    assert root.get("height") == "400"
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "f(x) = x^3 - 3*x & co"  # type: ignore[union-attr]
    desc = root.find(f"{SVG}desc")
    assert desc is not None
    assert desc.text == "The graph of f <and> its derivatives."


def test_each_segment_band_and_marker_kind_is_drawn_once() -> None:
    broken = Series("f(x)", 0, (((-3.0, 1.0), (-1.0, 2.0)), ((1.0, 2.0), (3.0, 1.0))))
    root = parsed(render(picture(series=(broken,))))
    assert sorted(groups(root, "curve-")) == ["curve-0-0", "curve-0-1"]
    assert sorted(groups(root, "band-")) == ["band-concave-down", "band-concave-up"]
    assert sorted(groups(root, "markers-")) == ["markers-inflection-point", "markers-local-minimum"]


def test_the_legend_names_every_curve_shading_and_marker() -> None:
    root = parsed(render(picture()))
    texts = {"".join(t.itertext()).strip() for t in root.iter(f"{SVG}text")}
    expected = {"f(x)", "f′(x)", "concave up", "concave down", "inflection point", "local minimum"}
    assert expected <= texts


def test_the_same_picture_always_gives_the_same_bytes() -> None:
    assert render(picture()) == render(picture())


@pytest.mark.parametrize(("width", "height"), [(320, 200), (1200, 800)])
def test_sizes_scale_the_drawing(width: int, height: int) -> None:
    root = parsed(render(picture(width=width, height=height)))
    assert (root.get("width"), root.get("height")) == (str(width), str(height))


def test_a_picture_without_curves_still_draws_axes() -> None:
    root = parsed(render(picture(series=(), bands=(), markers=())))
    assert groups(root, "curve-") == []
    assert root.find(f"{SVG}title") is not None
