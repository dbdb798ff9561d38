"""The dashboard's figures drawn as SVG on the server (pygal), for an <img> beside the table.

pygal writes a <script> into every chart (its tooltips' configuration) even with `js=[]`:
it is taken out of the tree, so the file is plain drawing and styles. Served as an image, an
SVG runs no script anyway; the view gives it a policy that allows only its own styles.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from xml.etree import ElementTree

import pygal
from django.conf import settings
from django.utils import formats
from pygal.style import Style

from localiste.moderation.dashboard import Figure

SVG = "http://www.w3.org/2000/svg"
CHARTS = {"bar": pygal.Bar, "hbar": pygal.HorizontalBar, "line": pygal.Line}
GREYS = ("#6b6b6b", "#a0522d")
WIDTH = 720


def _style() -> Style:
    return Style(
        background="#ffffff",
        plot_background="#ffffff",
        foreground="#1a1a1a",
        foreground_strong="#1a1a1a",
        foreground_subtle="#d0d0d0",
        font_family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
        label_font_size=13,
        major_label_font_size=13,
        legend_font_size=13,
        value_font_size=12,
        colors=(settings.SITE_COLOR_PRIMARY, settings.SITE_COLOR_ACCENT, *GREYS),
    )


def _label(value) -> str:
    if isinstance(value, datetime.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


@dataclass(frozen=True)
class ChartSize:
    width: int
    height: int


def chart_size(figure: Figure) -> ChartSize:
    """The size `figure_svg` draws `figure` at, for its <img> (a bar per row grows it)."""
    if figure.chart == "hbar":
        return ChartSize(WIDTH, max(320, 28 * len(figure.rows) + 80))
    return ChartSize(WIDTH, 360)


def figure_svg(figure: Figure) -> bytes:
    """`figure` as a standalone SVG document (no script, no outside resource)."""
    rows = list(figure.rows)
    if figure.chart == "hbar":
        rows.reverse()  # pygal draws the first bar at the bottom; the table reads top down
    size = chart_size(figure)
    chart = CHARTS[figure.chart](
        js=[],
        style=_style(),
        width=size.width,
        height=size.height,
        show_legend=len(figure.plotted) > 1,
        legend_at_bottom=True,
        print_values=figure.chart == "hbar" and len(figure.plotted) == 1,
        x_label_rotation=30 if figure.chart != "hbar" else 0,
        truncate_label=40,
        margin=16,
        include_x_axis=True,
        show_minor_x_labels=True,
        no_data_text="",
    )
    chart.x_labels = [_label(row[0]) for row in rows]
    values = [row[column] for row in rows for column in figure.plotted if row[column] is not None]
    if values and all(isinstance(value, int) for value in values):
        # Counts: whole numbers on the axis, never "0.2 listings".
        step = max(1, math.ceil(max(values) / 10))
        chart.y_labels = list(range(0, max(values) + step, step))
    for column in figure.plotted:
        chart.add(str(figure.columns[column]), [row[column] for row in rows])
    tree = chart.render_tree()
    for parent in list(tree.iter()):
        for child in list(parent):
            # Its script, and the comments that advertise pygal's web site.
            if child.tag in {"script", f"{{{SVG}}}script", ElementTree.Comment}:
                parent.remove(child)
    return ElementTree.tostring(tree, encoding="utf-8", xml_declaration=True)
