"""Composing a ``Picture`` from sampled curves and the shape analysis, with its words.

The words matter as much as the drawing: ``<title>`` names the function and the interval, and
``<desc>`` says, in sentences, which curve is drawn how, where f is shaded as what, and which
points are marked, so a screen reader (or an LMS that cannot show images) conveys the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from service.calculus.analysis.sampling import Curve

from .picture import Band, Marker, Picture, Series

PRIMES = {0: "", 1: "′", 2: "″", 3: "‴"}
LINE_WORDS = (
    "solid black line",
    "dashed blue line",
    "dotted orange line",
    "dash-dot green line",
    "dash-dot-dot pink line",
)
"""How the curve of each order is drawn, in words (matching ``svg.CURVE_STYLES``)."""
MAX_LABEL = 16
WIDEN = 0.5
"""How far other curves may widen the first curve's y-range, as a share of its height."""
MAX_TITLE = 60
"""Characters of the function's formula in the title."""
ZERO = 1e-12
"""A coordinate this small is written as 0 (floating-point noise, as sin(pi))."""
"""Characters of a formula in a legend label; longer ones are cut with an ellipsis."""


@dataclass(frozen=True)
class Canvas:
    """What frames a picture: the function's text, its variable, [a, b] and the pixel size.

    ``ends`` are a and b as written (``"2*pi"``); ``start`` and ``end`` their values.
    """

    function: str
    variable: str
    ends: tuple[str, str]
    start: float
    end: float
    width: int
    height: int


def function_name(order: int, variable: str) -> str:
    """``f(x)``, ``f′(x)``, ``f″(x)``, ``f‴(x)``, ``f⁽⁴⁾(x)``."""
    prime = PRIMES.get(order, f"⁽{_superscript(order)}⁾")
    return f"f{prime}({variable})"


def compose(
    canvas: Canvas,
    curves: Sequence[tuple[int, str, Curve]],
    bands: Sequence[Band],
    markers: Sequence[Marker],
    notes: Sequence[str] = (),
) -> Picture:
    """The picture of ``curves`` ((order, formula, curve)), shaded ``bands`` and ``markers``.

    ``notes`` are sentences added to the description (e.g. why the analysis is incomplete).
    """
    series = tuple(
        Series(_label(order, formula, canvas.variable), order, curve.segments)
        for order, formula, curve in curves
    )
    return Picture(
        title=f"f({canvas.variable}) = {_cut(canvas.function, MAX_TITLE)} on "
        f"[{canvas.ends[0]}, {canvas.ends[1]}]",
        description=_description(canvas, curves, bands, markers, notes),
        variable=canvas.variable,
        x_range=(canvas.start, canvas.end),
        y_range=_y_range(curves, markers),
        series=series,
        bands=tuple(bands),
        markers=tuple(markers),
        width=canvas.width,
        height=canvas.height,
    )


def _label(order: int, formula: str, variable: str) -> str:
    return f"{function_name(order, variable)} = {_cut(formula)}"


def _cut(text: str, limit: int = MAX_LABEL) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _y_range(
    curves: Sequence[tuple[int, str, Curve]], markers: Sequence[Marker]
) -> tuple[float, float]:
    """The first curve's robust range, widened for the others by at most ``WIDEN`` of it.

    f is what the picture is about: a steeper derivative may leave the picture rather than
    flatten f. Every marker is shown.
    """
    ranges = [curve.y_range for _, _, curve in curves if curve.y_range is not None]
    ys = [m.y for m in markers]
    if not ranges:
        return (min([-1.0, *ys]), max([1.0, *ys]))
    low, high = ranges[0]
    allowed = (high - low) * WIDEN
    for other_low, other_high in ranges[1:]:
        low = min(low, max(other_low, ranges[0][0] - allowed))
        high = max(high, min(other_high, ranges[0][1] + allowed))
    return (min([low, *ys]), max([high, *ys]))


def _description(
    canvas: Canvas,
    curves: Sequence[tuple[int, str, Curve]],
    bands: Sequence[Band],
    markers: Sequence[Marker],
    notes: Sequence[str],
) -> str:
    drawn = [
        f"{function_name(order, canvas.variable)} = {formula} "
        f"({LINE_WORDS[min(order, len(LINE_WORDS) - 1)]})"
        for order, formula, _ in curves
    ]
    sentences = [
        f"Graph of {_listed(drawn)} for {canvas.variable} from {canvas.ends[0]} "
        f"to {canvas.ends[1]}."
    ]
    name = canvas.variable
    broken = [function_name(order, name) for order, _, c in curves if len(c.segments) > 1]
    if broken:
        sentences.append(
            f"{_listed(broken)} {'is' if len(broken) == 1 else 'are'} drawn in pieces: no line "
            "joins a curve across a point where it is undefined or jumps."
        )
    missing = [function_name(order, canvas.variable) for order, _, c in curves if not c.segments]
    if missing:
        sentences.append(f"{_listed(missing)} is undefined on the whole interval.")
    if bands:
        stretches = [
            f"{band.shading} on ({_number(band.start)}, {_number(band.end)})" for band in bands
        ]
        sentences.append(f"Shaded: f is {_listed(stretches)}.")
    if markers:
        marked = [f"{m.kind} at ({_number(m.x)}, {_number(m.y)})" for m in markers]
        sentences.append(f"Marked: {_listed(marked)}.")
    return " ".join([*sentences, *notes])


def _listed(items: Sequence[str]) -> str:
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _number(value: float) -> str:
    return "0" if abs(value) < ZERO else f"{value:.4g}"


def _superscript(number: int) -> str:
    return str(number).translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))
