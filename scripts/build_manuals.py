"""Build the manuals (docs/manual/*.md) to A4 PDFs with ReportLab and the shipped Japanese font.

    .venv/bin/python scripts/build_manuals.py [--out DIR] [FILE.md ...]

Writes ``<name>.pdf`` next to each Markdown file (or into DIR) and prints one line per PDF.
Only the Markdown the manuals use is understood: ``#``/``##``/``###`` headings, paragraphs,
numbered (``1.``) and bulleted (``-``) lists, pipe tables, fenced code blocks, images on a line of
their own (``![caption](path)``, relative to the Markdown file, scaled to the page width), and
``**bold**`` and ```code``` inside text. Anything else stops the build with the file and line.
The PDFs are build outputs (.gitignore); the manuals are public, so no 機密性 marking.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
MANUALS = ROOT / "docs" / "manual"

from reportlab.lib import colors  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.lib.units import mm  # noqa: E402
from reportlab.pdfgen import canvas as rl_canvas  # noqa: E402
from reportlab.platypus import (  # noqa: E402
    Image,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from natori_secaudit.errors import AppError  # noqa: E402
from natori_secaudit.reporting.fonts import FONT, FONT_BOLD, check_glyphs, register_fonts  # noqa: E402

MARGIN = 18 * mm
FRAME_WIDTH = A4[0] - 2 * MARGIN
FRAME_HEIGHT = A4[1] - 2 * MARGIN - 8 * mm
IMAGE_MAX_HEIGHT = FRAME_HEIGHT * 0.55


class ManualError(Exception):
    """A construct the builder does not understand, or a missing image: file and line in the message."""


@dataclass
class Block:
    kind: str  # h1 h2 h3 p ol ul table code img
    line: int
    text: str = ""
    items: list[tuple[str, str]] = field(default_factory=list)  # (marker, text) of a list
    rows: list[list[str]] = field(default_factory=list)  # a table, header first


_HEADING = re.compile(r"^(#{1,3}) (.+)$")
_NUMBERED = re.compile(r"^(\d+)\. (.+)$")
_BULLET = re.compile(r"^- (.+)$")
_IMAGE = re.compile(r"^!\[([^\]]*)\]\(([^)]+)\)$")
_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")


def parse(text: str, where: str) -> list[Block]:
    """The blocks of a manual; ManualError naming ``where:line`` for what is not supported."""
    lines = text.splitlines()
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        raw = lines[i]
        line = raw.strip()
        n = i + 1
        if not line:
            i += 1
            continue
        if line.startswith("```"):
            end = next((j for j in range(i + 1, len(lines)) if lines[j].strip().startswith("```")), None)
            if end is None:
                raise ManualError(f"{where}:{n}: コードの囲み（```）が閉じていません")
            blocks.append(Block("code", n, "\n".join(lines[i + 1 : end])))
            i = end + 1
            continue
        m = _HEADING.match(line)
        if m:
            blocks.append(Block(f"h{len(m.group(1))}", n, m.group(2).strip()))
            i += 1
            continue
        if line.startswith("#"):
            raise ManualError(f"{where}:{n}: 見出しは # ・## ・### の3段階だけです: {line[:40]}")
        m = _IMAGE.match(line)
        if m:
            blocks.append(Block("img", n, m.group(1), rows=[[m.group(2)]]))
            i += 1
            continue
        if line.startswith("|"):
            rows: list[list[str]] = []
            while i < len(lines) and lines[i].strip().startswith("|"):
                cells = lines[i].strip()
                if not _RULE.match(cells):
                    rows.append([c.strip() for c in cells.strip("|").split("|")])
                i += 1
            if len({len(r) for r in rows}) != 1:
                raise ManualError(f"{where}:{n}: 表の行ごとに列の数が違います")
            blocks.append(Block("table", n, rows=rows))
            continue
        if _NUMBERED.match(line) or _BULLET.match(line):
            kind = "ol" if _NUMBERED.match(line) else "ul"
            block = Block(kind, n)
            while i < len(lines) and lines[i].strip():
                s = lines[i].strip()
                mo, mb = _NUMBERED.match(s), _BULLET.match(s)
                if (mo and kind == "ol") or (mb and kind == "ul"):
                    block.items.append((mo.group(1) + ".", mo.group(2)) if mo else ("・", mb.group(1)))
                elif lines[i].startswith((" ", "\t")) and block.items:  # a continued item
                    marker, prev = block.items[-1]
                    block.items[-1] = (marker, prev + s)
                else:
                    raise ManualError(f"{where}:{i + 1}: 番号付きの箇条と「-」の箇条は、空行で分けてください")
                i += 1
            blocks.append(block)
            continue
        para = [line]
        i += 1
        while i < len(lines) and lines[i].strip() and not _starts_block(lines[i].strip()):
            para.append(lines[i].strip())
            i += 1
        blocks.append(Block("p", n, "".join(para)))
    return blocks


def _starts_block(line: str) -> bool:
    return bool(line.startswith(("#", "|", "```", "![")) or _NUMBERED.match(line) or _BULLET.match(line))


def inline(text: str) -> str:
    """ReportLab paragraph markup for **bold** and `code`."""
    out = []
    for k, part in enumerate(re.split(r"(`[^`]+`)", text)):
        if k % 2:
            out.append(f'<font backColor="#EDEDED">{escape(part[1:-1])}</font>')
        else:
            out.append(re.sub(r"\*\*(.+?)\*\*", rf'<font name="{FONT_BOLD}">\1</font>', escape(part)))
    return "".join(out)


def plain(text: str) -> str:
    return text.replace("**", "").replace("`", "")


def styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=FONT, fontSize=10.5, leading=17, wordWrap="CJK", spaceAfter=4)
    return {
        "body": base,
        "title": ParagraphStyle(
            "title", parent=base, fontName=FONT_BOLD, fontSize=19, leading=26, spaceAfter=14, alignment=1
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=14.5,
            leading=20,
            spaceBefore=14,
            spaceAfter=6,
            textColor=colors.HexColor("#0B3D91"),
        ),
        "h3": ParagraphStyle(
            "h3", parent=base, fontName=FONT_BOLD, fontSize=12, leading=17, spaceBefore=8, spaceAfter=4
        ),
        "item": ParagraphStyle(
            "item", parent=base, leftIndent=20, bulletIndent=4, spaceAfter=2, bulletFontName=FONT
        ),
        "cell": ParagraphStyle("cell", parent=base, fontSize=9.5, leading=14, spaceAfter=0),
        "head": ParagraphStyle(
            "head", parent=base, fontName=FONT_BOLD, fontSize=9.5, leading=14, spaceAfter=0
        ),
        "code": ParagraphStyle(
            "code",
            parent=base,
            fontSize=9,
            leading=13,
            leftIndent=8,
            rightIndent=4,
            backColor=colors.HexColor("#F2F2F2"),
            borderPadding=(4, 4, 4, 4),
            spaceBefore=4,
            spaceAfter=8,
        ),
        "caption": ParagraphStyle(
            "caption",
            parent=base,
            fontSize=9,
            leading=13,
            alignment=1,
            spaceAfter=10,
            textColor=colors.HexColor("#333333"),
        ),
    }


def column_widths(rows: list[list[str]]) -> list[float]:
    """Widths in proportion to each column's longest text (full-width characters count double),
    with a floor so that a short column still holds a word; together exactly the frame width."""

    def weight(s: str) -> float:
        return sum(2 if ord(ch) > 0x2E7F else 1 for ch in plain(s))

    longest = [max(min(weight(r[c]), 60) for r in rows) + 4 for c in range(len(rows[0]))]
    floor = FRAME_WIDTH * 0.12
    raw = [FRAME_WIDTH * w / sum(longest) for w in longest]
    widths = [max(w, floor) for w in raw]
    return [w * FRAME_WIDTH / sum(widths) for w in widths]


def flowables(blocks: list[Block], base: Path, where: str, st: dict[str, ParagraphStyle]) -> list:
    out: list = []
    for b in blocks:
        if b.kind == "h1":
            out.append(Paragraph(inline(b.text), st["title"]))
        elif b.kind in ("h2", "h3"):
            heading = Paragraph(inline(b.text), st[b.kind])
            heading.outline = (b.kind, plain(b.text))
            heading.keepWithNext = True
            out.append(heading)
        elif b.kind == "p":
            out.append(Paragraph(inline(b.text), st["body"]))
        elif b.kind in ("ol", "ul"):
            out += [Paragraph(inline(text), st["item"], bulletText=marker) for marker, text in b.items]
            out.append(Spacer(1, 4))
        elif b.kind == "code":
            body = "<br/>".join(escape(s).replace(" ", "&nbsp;") for s in b.text.splitlines())
            out.append(Paragraph(body, st["code"]))
        elif b.kind == "table":
            cells = [
                [Paragraph(inline(c), st["head" if r == 0 else "cell"]) for c in row]
                for r, row in enumerate(b.rows)
            ]
            table = Table(cells, colWidths=column_widths(b.rows), repeatRows=1)
            table.setStyle(
                TableStyle(
                    [
                        ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#808080")),
                        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E4EAF4")),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("LEFTPADDING", (0, 0), (-1, -1), 4),
                        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                    ]
                )
            )
            out += [table, Spacer(1, 8)]
        elif b.kind == "img":
            path = (base / b.rows[0][0]).resolve()
            if not path.is_file():
                raise ManualError(f"{where}:{b.line}: 画像 {b.rows[0][0]} が見つかりません（{path}）")
            out.append(KeepTogether([scaled_image(path), Paragraph(inline(b.text), st["caption"])]))
    return out


def scaled_image(path: Path) -> Image:
    """The picture at the page width (never wider, never taller than about half a page)."""
    from reportlab.lib.utils import ImageReader

    w, h = ImageReader(str(path)).getSize()
    scale = min(FRAME_WIDTH / w, IMAGE_MAX_HEIGHT / h)
    image = Image(str(path), width=w * scale, height=h * scale)
    image.hAlign = "CENTER"
    return image


def numbered_canvas(title: str):
    """A canvas that writes 'title' and 'page n / N' in the footer once the page count is known."""

    class FooterCanvas(rl_canvas.Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont(FONT, 8.5)
                self.setFillColor(colors.HexColor("#444444"))
                self.drawString(MARGIN, 10 * mm, title)
                self.drawRightString(A4[0] - MARGIN, 10 * mm, f"{self._pageNumber} / {total}")
                self.setStrokeColor(colors.HexColor("#B0B0B0"))
                self.line(MARGIN, 14 * mm, A4[0] - MARGIN, 14 * mm)
                super().showPage()
            super().save()

    return FooterCanvas


class ManualDoc(SimpleDocTemplate):
    def afterFlowable(self, flowable) -> None:
        outline = getattr(flowable, "outline", None)
        if outline:
            level, text = outline
            key = f"h{id(flowable)}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(text, key, level=0 if level == "h2" else 1)


def build(md_path: Path, pdf_path: Path) -> Path:
    """Build one manual; ManualError or AppError (a character the font cannot print) on failure."""
    register_fonts()
    where = _shown(md_path)
    text = md_path.read_text(encoding="utf-8")
    blocks = parse(text, where)
    titles = [b.text for b in blocks if b.kind == "h1"]
    if len(titles) != 1:
        raise ManualError(
            f"{where}:1: 文書の題名（# で始まる行）がちょうど1つ必要です（{len(titles)} 個あります）"
        )
    title = plain(titles[0])
    check_glyphs(
        [plain(b.text) for b in blocks]
        + [plain(c) for b in blocks for r in b.rows for c in r]
        + [plain(t) for b in blocks for _, t in b.items],
        where,
    )
    pdf_path.parent.mkdir(parents=True, exist_ok=True)
    doc = ManualDoc(
        str(pdf_path),
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 8 * mm,
        title=title,
        author="名取市 AIシステム推進課",
        subject="natori-secaudit",
        creator="scripts/build_manuals.py",
    )
    doc.build(flowables(blocks, md_path.parent, where, styles()), canvasmaker=numbered_canvas(title))
    return pdf_path


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="docs/manual/*.md を A4 の PDF にします")
    parser.add_argument("files", nargs="*", type=Path, help="Markdown ファイル（既定: docs/manual/*.md）")
    parser.add_argument("--out", type=Path, help="PDF を書くフォルダー（既定: Markdown と同じフォルダー）")
    args = parser.parse_args(argv)
    files = args.files or sorted(MANUALS.glob("*.md"))
    if not files:
        print(f"{_shown(MANUALS)} に Markdown ファイルがありません", file=sys.stderr)
        return 2
    for md in files:
        if not md.is_file():
            print(f"{md}: ファイルがありません", file=sys.stderr)
            return 2
        pdf = (args.out or md.parent) / (md.stem + ".pdf")
        try:
            build(md, pdf)
        except (ManualError, AppError) as exc:
            print(f"{getattr(exc, 'message', exc)}\nPDF は作っていません。", file=sys.stderr)
            return 1
        print(f"作成しました: {pdf}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
