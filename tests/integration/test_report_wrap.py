"""No character runs over its column: 。、）」ー・ and the others that may not start a line are passed
on to the next line, not hung past the cell border (issue 15)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.textsplit import ALL_CANNOT_START
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import SimpleDocTemplate

from natori_secaudit.reporting.fonts import FONT, register_fonts
from natori_secaudit.reporting.styles import STYLES, Grid, grid_style, para

# Each text, and how many characters fit before the one that may not start a line.
AT_THE_BREAK = [
    ("パスワードの管理ーを定める", 8),
    ("サーバーの更新", 3),
    ("情報資産台帳・持出し記録・廃棄記録", 6),
    ("重要度の高い情報。次に進む", 8),
    ("改善予定（来年度）を記入", 8),
    ("所属長の確認」を得る", 6),
    ("一部実施、未実施、わからない", 4),
    ("研修を受講しましょう", 8),  # small kana
    ("改善予定（来年度）」次の年度", 8),  # two in a row
]
STYLES_USED = ("cell", "cell_bold", "cell_right", "cell_center", "body", "note", "letter")


@pytest.fixture(scope="module", autouse=True)
def _fonts():
    register_fonts(None)


def _lines(p) -> list[str]:
    bl = p.blPara
    if bl.kind == 0:
        return ["".join(words) for _extra, words in bl.lines]
    return ["".join(getattr(f, "text", "") for f in line.words) for line in bl.lines]


@pytest.mark.parametrize("style", STYLES_USED)
@pytest.mark.parametrize(("text", "fits"), AT_THE_BREAK)
def test_every_wrapped_line_fits_in_the_width_given(text, fits, style):
    st = STYLES[style]
    width = fits * st.fontSize + 0.5  # the line breaks just before the character that may not start one
    assert text[fits] in ALL_CANNOT_START
    p = para(text, style)
    p.wrap(width, 10_000)
    lines = _lines(p)
    assert "".join(lines) == text  # nothing lost or doubled
    assert len(lines) > 1
    for line in lines:
        assert stringWidth(line, st.fontName, st.fontSize) <= width + 0.01, (line, lines)
    for line in lines[1:]:
        assert line[0] not in ALL_CANNOT_START, lines


# Each text, and how many characters fit: the last of them opens a bracket or a quote.
OPENS_AT_THE_BREAK = [
    ("令和9年3月11日（所属の予定の最終期限）", 10),
    ("「わからない」（件）", 8),
    ("所属長が「確認済み」とする", 5),
    ("対策基準【必須】の項目", 5),
    ("回答の区分『一部実施』を選ぶ", 6),
]


@pytest.mark.parametrize("style", ("cell", "cell_center", "body"))
@pytest.mark.parametrize(("text", "fits"), OPENS_AT_THE_BREAK)
def test_an_opening_bracket_never_ends_a_line(text, fits, style):
    st = STYLES[style]
    width = fits * st.fontSize + 0.5
    assert text[fits - 1] in "（「『【〈《"
    p = para(text, style)
    p.wrap(width, 10_000)
    lines = _lines(p)
    assert "".join(lines) == text and len(lines) > 1
    for line in lines[:-1]:
        assert line[-1] not in "（「『【〈《", lines
    for line in lines:
        assert stringWidth(line, st.fontName, st.fontSize) <= width + 0.01, (line, lines)


def test_a_paragraph_with_line_breaks_keeps_each_line_in_its_width():
    st = STYLES["cell"]
    width = 8 * st.fontSize + 0.5
    p = para("パスワードの管理ーを定める\n情報資産台帳・持出し記録", "cell")
    p.wrap(width, 10_000)
    for line in _lines(p):
        assert stringWidth(line, st.fontName, st.fontSize) <= width + 0.01, _lines(p)


def _glyph_runs(pdf: Path) -> list[tuple[str, float, float]]:
    """(text, x where it starts, font size) of every text run drawn on the first page."""
    runs: list[tuple[str, float, float]] = []

    def visit(text, cm, tm, _font, size):
        if text.strip():
            scale = tm[0] * cm[0]
            runs.append((text.strip(), tm[4] * cm[0] + tm[5] * cm[2] + cm[4], size * scale))

    PdfReader(str(pdf)).pages[0].extract_text(visitor_text=visit)
    return runs


def test_in_a_table_no_glyph_lands_on_the_border_or_in_the_next_column(tmp_path):
    em = STYLES["cell"].fontSize
    column = 8 * em + 0.5 + 6  # eight characters and the cell's padding (3 pt each side)
    texts = [text for text, fits in AT_THE_BREAK if fits == 8]
    rows = [[para(s, "cell"), para(s, "cell_right"), "右"] for s in texts]
    out = tmp_path / "table.pdf"
    doc = SimpleDocTemplate(str(out), leftMargin=50, rightMargin=50)
    table = Grid(rows, colWidths=[column, column, 30], style=grid_style(0))
    doc.build([table])
    left = 50 + (doc.width - (2 * column + 30)) / 2  # the table is centred in the frame
    borders = [left + column, left + 2 * column]
    runs = [(s, x, size) for s, x, size in _glyph_runs(out) if s != "右"]
    assert {s for s, _x, _size in runs} >= {"改善予定（来年", "度）を記入"}
    for s, x, size in runs:
        end = x + stringWidth(s, FONT, size)
        border = next(b for b in borders if x < b)
        assert end <= border - 3 + 0.05, (s, end, border)
    # right-aligned cells still end at the right padding
    for s, x, size in runs:
        if x > borders[0]:
            assert abs(x + stringWidth(s, FONT, size) - (borders[1] - 3)) < 0.05, s


def test_a_column_heading_is_never_broken_and_the_table_keeps_its_width():
    from natori_secaudit.reporting.styles import Grid, widths

    header = [para(h, "head") for h in ("重要度", "項目", "回答", "状況・理由", "改善の予定", "期限")]
    caption = [para("市民課 改善が必要な項目（28件・重要度の高い順）", "cell_bold"), "", "", "", "", ""]
    given = widths(0.3, 2.8, 0.9, 2, 2, 1.1)  # 重要度 far too narrow for its heading
    table = Grid(
        [caption, header, ["高", "x", "x", "x", "x", "x"]],
        colWidths=given,
        repeatRows=2,
        style=grid_style(2, [("SPAN", (0, 0), (-1, 0))]),
    )
    assert abs(sum(table._colWidths) - sum(given)) < 0.01
    for cell, width in zip(header, table._colWidths, strict=True):
        cell.wrap(width - 6, 1000)
        assert len(_lines(cell)) == 1, (cell.getPlainText(), _lines(cell))
    assert table._colWidths[0] < given[1]  # the caption spanning the row widened nothing
