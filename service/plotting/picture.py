"""What a plot shows, as plain data: curves, shaded stretches, marked points, and its words.

The operations layer fills a ``Picture`` from the core's results; ``svg.render`` draws it. The
same picture always draws the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Point = tuple[float, float]
Shading = Literal["concave up", "concave down", "increasing", "decreasing"]
MarkerKind = Literal[
    "inflection point", "local minimum", "local maximum", "critical point", "absolute extremum"
]


@dataclass(frozen=True)
class Series:
    """One curve: its legend ``label``, its derivative ``order`` and its unbroken segments."""

    label: str
    order: int
    segments: tuple[tuple[Point, ...], ...]


@dataclass(frozen=True)
class Band:
    """A shaded stretch of the x-axis from ``start`` to ``end``."""

    start: float
    end: float
    shading: Shading


@dataclass(frozen=True)
class Marker:
    """A marked point of f."""

    x: float
    y: float
    kind: MarkerKind


@dataclass(frozen=True)
class Picture:
    """Everything a plot shows; ``title`` and ``description`` say it in words."""

    title: str
    description: str
    variable: str
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    series: tuple[Series, ...]
    bands: tuple[Band, ...]
    markers: tuple[Marker, ...]
    width: int
    height: int
