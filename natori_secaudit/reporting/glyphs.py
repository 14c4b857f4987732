"""Characters the report font cannot print: a visible mark instead, and a list of where they were.

A department can type anything (an emoji, a character outside JIS, a right-to-left override pasted
from a web page). One such character must never stop the city's report, and must not silently print
as a blank either: it prints as 〓 (the geta mark, the customary sign for a missing character), and the
report lists which department and which item it came from, so the IT division can ask about it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from reportlab.pdfbase import pdfmetrics

from ..domain.answers import Answer
from ..domain.results import CompiledYear
from .fonts import FONT, FONT_BOLD

MARK = "〓"
# Format, control, private-use and unassigned characters never print as themselves.
_NEVER = {"Cc", "Cf", "Co", "Cs", "Cn"}
_cache: dict[str, bool] = {}
_cache_fonts: list[object] = []


def _printable(ch: str) -> bool:
    ok = _cache.get(ch)
    if ok is None:
        fonts = [pdfmetrics.getFont(FONT), pdfmetrics.getFont(FONT_BOLD)]
        if _cache_fonts != fonts:  # another font registered: start again
            _cache.clear()
            _cache_fonts[:] = fonts
        code = ord(ch)
        ok = ch == "\n" or (
            unicodedata.category(ch) not in _NEVER and all(code in f.face.charToGlyph for f in fonts)
        )
        _cache[ch] = ok
    return ok


def unprintable(text: str) -> list[str]:
    """The characters of ``text`` the report cannot print (in order, each once)."""
    seen: list[str] = []
    for ch in text:
        if not _printable(ch) and ch not in seen:
            seen.append(ch)
    return seen


def printable(text: str) -> str:
    """``text`` with each run of unprintable characters replaced by one 〓."""
    if all(_printable(ch) for ch in text):
        return text
    out: list[str] = []
    for ch in text:
        if _printable(ch):
            out.append(ch)
        elif not out or out[-1] != MARK:
            out.append(MARK)
    return "".join(out)


def describe(chars: Iterable[str]) -> str:
    """「U+1F600」 for each character: the reader cannot see them, so name their code points."""
    return "・".join(f"U+{ord(ch):04X}" for ch in chars)


@dataclass(frozen=True)
class Replaced:
    department: str
    item: str  # item id, or "" for the department's name or inspector
    field: str  # message key suffix: comment, action, evidence, name, inspector
    chars: str


_FIELDS = ("comment", "evidence", "action")


def scan(compiled: CompiledYear, answers: Mapping[str, Mapping[str, Answer]] | None = None) -> list[Replaced]:
    """Everything typed by a department that will print with 〓: from ``answers`` (department code ->
    its answers) where given, else from what the compiled year carries (gaps, plans, names)."""
    out: list[Replaced] = []

    def check(dept: str, item: str, field: str, text: str) -> None:
        if text:
            bad = unprintable(text)
            if bad:
                out.append(Replaced(dept, item, field, describe(bad)))

    for d in compiled.departments:
        name = d.department.name
        check(name, "", "name", name)
        check(name, "", "inspector", d.inspector)
        if answers is not None:
            if d.department.code in answers:
                for item_id, a in sorted(answers[d.department.code].items()):
                    for f in _FIELDS:
                        check(name, item_id, f, getattr(a, f))
            continue
        for g in d.gaps:
            check(name, g.item.id, "comment", g.comment)
            check(name, g.item.id, "action", g.action)
    if answers is None:
        for row in compiled.overdue_previous:
            check(row.department.name, row.item.id, "action", row.action)
    return out


def annex(replaced: list[Replaced], texts: list[str]) -> list:
    """The list of replaced characters (empty when there are none): which department, which item."""
    from .common import t
    from .styles import Grid, grid_style, para, widths

    if not replaced:
        return []
    rows = [
        [
            para(h, "head")
            for h in (t("col_department"), t("col_item"), t("glyph_col_field"), t("glyph_col_chars"))
        ]
    ]
    rows += [
        [
            para(r.department, "cell", texts),
            para(r.item or "—", "cell", texts),
            para(t("glyph_field_" + r.field), "cell", texts),
            para(r.chars, "cell", texts),
        ]
        for r in replaced
    ]
    return [
        para(t("glyph_heading"), "h2", texts),
        para(t("glyph_intro", mark=MARK), "body", texts),
        Grid(rows, colWidths=widths(2.2, 1, 1.2, 3), repeatRows=1, style=grid_style()),
    ]
