"""Drawing a ``Picture`` as SVG with matplotlib's SVG backend (no pyplot, no display).

Colours are the Okabe-Ito palette, which stays distinguishable for colour-blind readers; each
curve also has its own dash pattern and each shading its own hatch, so the picture still reads
in greyscale. The output is deterministic: a fixed id salt, no date, text as text.
"""

from __future__ import annotations

import io
import re
from typing import Any
from xml.sax.saxutils import escape

from matplotlib import rc_context
from matplotlib.axes import Axes
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure

from .picture import Band, Marker, MarkerKind, Picture, Series, Shading

DPI = 96
Dashes = str | tuple[int, tuple[int, ...]]
CURVE_STYLES: tuple[tuple[str, Dashes], ...] = (
    ("#000000", "-"),
    ("#0072B2", "--"),
    ("#D55E00", ":"),
    ("#009E73", "-."),
    ("#CC79A7", (0, (5, 1, 1, 1, 1, 1))),
)
"""(colour, dash pattern) of the curve of each order; higher orders reuse the last."""
BAND_STYLES: dict[Shading, tuple[str, str]] = {
    "concave up": ("#56B4E9", "//"),
    "concave down": ("#E69F00", "\\\\"),
    "increasing": ("#009E73", ".."),
    "decreasing": ("#CC79A7", "xx"),
}
"""(colour, hatch) of each shading."""
MARKER_STYLES: dict[MarkerKind, tuple[str, str]] = {
    "inflection point": ("D", "#FFFFFF"),
    "local minimum": ("^", "#000000"),
    "local maximum": ("v", "#000000"),
    "critical point": ("o", "#000000"),
    "absolute extremum": ("*", "#F0E442"),
}
"""(marker shape, fill) of each kind of point; every marker has a black edge."""
MARGIN_PX = {"left": 58, "bottom": 44, "top": 30}
"""Room for the tick labels, the axis label and the title."""
LEGEND_PX = 200
"""Room right of the axes for the legend (at most 35% of the width)."""
Y_PAD = 0.05
"""Space above and below the y-range, as a share of it."""
METADATA = {"Date": None, "Creator": None}
"""No date and no version in the file: the same picture gives the same bytes."""
RC: dict[str, Any] = {
    "svg.hashsalt": "deriv",
    "svg.fonttype": "none",
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.titlesize": 11,
    "hatch.linewidth": 0.8,
}


def render(picture: Picture) -> bytes:
    """The SVG document of ``picture``."""
    with rc_context(RC):  # type: ignore[arg-type]
        figure = Figure(figsize=(picture.width / DPI, picture.height / DPI), dpi=DPI)
        _leave_margins(figure, picture.width, picture.height)
        axes = figure.add_subplot()
        _draw(axes, picture)
        buffer = io.BytesIO()
        canvas = FigureCanvasSVG(figure)
        canvas.print_svg(buffer, metadata=METADATA)  # type: ignore[no-untyped-call]
    return _with_words(buffer.getvalue().decode("utf-8"), picture).encode("utf-8")


def _leave_margins(figure: Figure, width: int, height: int) -> None:
    """Fixed margins in pixels (a layout engine would cost more than the drawing itself)."""
    legend = min(LEGEND_PX, width * 0.35)
    figure.subplots_adjust(
        left=MARGIN_PX["left"] / width,
        right=1 - legend / width,
        bottom=MARGIN_PX["bottom"] / height,
        top=1 - MARGIN_PX["top"] / height,
    )


def _draw(axes: Axes, picture: Picture) -> None:
    for band in picture.bands:
        _band(axes, band)
    for series in picture.series:
        _curve(axes, series)
    for kind in MARKER_STYLES:
        _markers(axes, kind, [m for m in picture.markers if m.kind == kind])
    axes.set_xlim(*picture.x_range)
    low, high = picture.y_range
    pad = (high - low) * Y_PAD
    axes.set_ylim(low - pad, high + pad)
    axes.axhline(0, color="#777777", linewidth=0.8, zorder=1)
    if picture.x_range[0] < 0 < picture.x_range[1]:
        axes.axvline(0, color="#777777", linewidth=0.8, zorder=1)
    axes.set_xlabel(picture.variable)
    axes.set_title(picture.title)
    axes.grid(True, color="#DDDDDD", linewidth=0.6)
    if axes.get_legend_handles_labels()[1]:
        axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=9)


def _curve(axes: Axes, series: Series) -> None:
    colour, dashes = CURVE_STYLES[min(series.order, len(CURVE_STYLES) - 1)]
    for index, segment in enumerate(series.segments):
        axes.plot(
            [x for x, _ in segment],
            [y for _, y in segment],
            color=colour,
            linestyle=dashes,
            linewidth=2.0 if series.order == 0 else 1.6,
            label=series.label if index == 0 else "_nolegend_",
            zorder=3,
            gid=f"curve-{series.order}-{index}",
        )


def _band(axes: Axes, band: Band) -> None:
    """A tinted stretch with a hatch over it (the hatch tells the shadings apart in greyscale).

    Tint and hatch are two artists: matplotlib's SVG applies a face's alpha to its hatch too.
    """
    colour, hatch = BAND_STYLES[band.shading]
    labels = set(axes.get_legend_handles_labels()[1])
    gid = f"band-{band.shading.replace(' ', '-')}"
    axes.axvspan(band.start, band.end, facecolor=to_rgba(colour, 0.16), linewidth=0, zorder=0)
    axes.axvspan(
        band.start,
        band.end,
        facecolor="none",
        hatch=hatch,
        edgecolor=to_rgba(colour, 0.55),
        linewidth=0,
        label=band.shading if band.shading not in labels else "_nolegend_",
        zorder=0,
        gid=gid,
    )


def _markers(axes: Axes, kind: MarkerKind, markers: list[Marker]) -> None:
    if not markers:
        return
    shape, fill = MARKER_STYLES[kind]
    axes.plot(
        [m.x for m in markers],
        [m.y for m in markers],
        linestyle="none",
        marker=shape,
        markersize=8,
        markerfacecolor=fill,
        markeredgecolor="#000000",
        label=kind,
        zorder=4,
        gid=f"markers-{kind.replace(' ', '-')}",
    )


def _with_words(document: str, picture: Picture) -> str:
    """Pixel size, ``role="img"``, and the picture's ``<title>`` and ``<desc>``."""
    opening = re.search(r"<svg [^>]*>", document)
    if opening is None:
        raise ValueError("matplotlib wrote no <svg> element")
    tag = re.sub(r'width="[^"]*"', f'width="{picture.width}"', opening.group(0), count=1)
    tag = re.sub(r'height="[^"]*"', f'height="{picture.height}"', tag, count=1)
    tag = tag.replace("<svg ", '<svg role="img" ', 1)
    title, desc = escape(picture.title), escape(picture.description)
    words = f"\n <title>{title}</title>\n <desc>{desc}</desc>"
    return document[: opening.start()] + tag + words + document[opening.end() :]
