"""Bar charts drawn with ReportLab graphics, readable in black-and-white print:
this year dark, last year light with an outline, the value printed beside every bar."""

from __future__ import annotations

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm

from .fonts import FONT
from .styles import FRAME_HEIGHT, FRAME_WIDTH, GREY_DARK, GREY_LIGHT

BAR_HEIGHT = 5.2 * mm


def score_bars(
    labels: list[str],
    current: list[float | None],
    previous: list[float | None] | None,
    *,
    legend: tuple[str, str],
    label_width: float = 48 * mm,
) -> Drawing:
    """Horizontal bars 0–100 for each label (top to bottom in the given order)."""
    n = max(len(labels), 1)
    series = 2 if previous is not None else 1
    # Bars shrink so that the chart (with its heading) always fits on one page.
    row = min(BAR_HEIGHT * series + 3 * mm, (FRAME_HEIGHT - 40 * mm) / n)
    plot_h = n * row
    height = plot_h + 16 * mm
    d = Drawing(FRAME_WIDTH, height)
    chart = HorizontalBarChart()
    chart.x = label_width
    chart.y = 8 * mm
    chart.width = FRAME_WIDTH - label_width - 16 * mm
    chart.height = plot_h
    # ReportLab draws the first category at the bottom: reverse to read top-down.
    rows = [list(reversed(list(current)))]
    if previous is not None:
        rows.append(list(reversed(list(previous))))  # None: no bar and no "0.0" (no data last year)
    chart.data = rows
    chart.categoryAxis.categoryNames = list(reversed(labels))
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 8
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -2
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = 100
    chart.valueAxis.valueStep = 20
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7.5
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.Color(0.8, 0.8, 0.8)
    chart.valueAxis.gridStrokeWidth = 0.3
    chart.barSpacing = 0.6
    chart.groupSpacing = min(3 * mm, row * 0.3)
    chart.bars[0].fillColor = GREY_DARK
    chart.bars[0].strokeColor = None
    if previous is not None:
        chart.bars[1].fillColor = GREY_LIGHT
        chart.bars[1].strokeColor = GREY_DARK
        chart.bars[1].strokeWidth = 0.4
    chart.barLabelFormat = "%.1f"
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 7
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 2
    d.add(chart)
    # Legend, top right: a dark and a light swatch with their meaning.
    x = FRAME_WIDTH - 70 * mm
    y = height - 5 * mm
    d.add(Rect(x, y, 4 * mm, 3 * mm, fillColor=GREY_DARK, strokeColor=None))
    d.add(String(x + 5.5 * mm, y + 0.3 * mm, legend[0], fontName=FONT, fontSize=8))
    if previous is not None:
        d.add(
            Rect(x + 32 * mm, y, 4 * mm, 3 * mm, fillColor=GREY_LIGHT, strokeColor=GREY_DARK, strokeWidth=0.4)
        )
        d.add(String(x + 37.5 * mm, y + 0.3 * mm, legend[1], fontName=FONT, fontSize=8))
    return d


def distribution_bars(bands: list[str], counts: list[int], label: str) -> Drawing:
    """How many departments fall in each score band (for very large organisations)."""
    height = len(bands) * 9 * mm + 14 * mm
    d = Drawing(FRAME_WIDTH, height)
    chart = HorizontalBarChart()
    chart.x = 30 * mm
    chart.y = 8 * mm
    chart.width = FRAME_WIDTH - 50 * mm
    chart.height = len(bands) * 9 * mm
    chart.data = [list(reversed(counts))]
    chart.categoryAxis.categoryNames = list(reversed(bands))
    for axis in (chart.categoryAxis.labels, chart.valueAxis.labels):
        axis.fontName = FONT
        axis.fontSize = 8
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = GREY_DARK
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 8
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 2
    d.add(chart)
    d.add(String(0, height - 5 * mm, label, fontName=FONT, fontSize=8))
    return d
