"""Dates as people type them: one parser for the answers workbook and the 期限 field.

Accepted (full-width digits too): 2026-09-30, 2026/9/30, 2026.9.30, 2026年9月30日, ２０２６/９/３０,
令和8年9月30日, 令和元年5月1日, R8.9.30, R8/9/30, H31.4.30, 平成31年4月30日, S64.1.7.
A Japanese era date must lie inside its era: 平成31年4月30日 is 2019-04-30, but 平成31年5月1日 is
refused (that day is 令和元年5月1日), as is 令和元年4月30日.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata

# (name, initial, first day); each era ends the day before the next one begins.
ERAS = (
    ("令和", "R", _dt.date(2019, 5, 1)),
    ("平成", "H", _dt.date(1989, 1, 8)),
    ("昭和", "S", _dt.date(1926, 12, 25)),
)
_SEP = r"\s*[-/.年]\s*"
_WESTERN = re.compile(rf"^(\d{{4}}){_SEP}(\d{{1,2}})\s*[-/.月]\s*(\d{{1,2}})\s*日?$")
_ERA = re.compile(
    rf"^(令和|平成|昭和|[RHS])\s*(\d{{1,2}}|元){_SEP}(\d{{1,2}})\s*[-/.月]\s*(\d{{1,2}})\s*日?$",
    re.IGNORECASE,
)


def parse_date(text: str) -> _dt.date:
    """The date ``text`` names; ValueError when it is not a real date in one of the forms above."""
    s = unicodedata.normalize("NFKC", str(text)).strip()
    m = _WESTERN.match(s)
    if m:
        return _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _ERA.match(s)
    if not m:
        raise ValueError(f"not a date: {text!r}")
    era, year_text, month, day = m.groups()
    index = next(
        i for i, (name, initial, _) in enumerate(ERAS) if era in (name, initial) or era.upper() == initial
    )
    _, _, first = ERAS[index]
    year_in_era = 1 if year_text == "元" else int(year_text)
    if year_in_era < 1:
        raise ValueError(f"no year 0 in an era: {text!r}")
    date = _dt.date(first.year + year_in_era - 1, int(month), int(day))
    end = ERAS[index - 1][2] if index > 0 else None
    if date < first or (end is not None and date >= end):
        raise ValueError(f"{text!r} is outside its era")
    return date


def era_label(date: _dt.date) -> str:
    """令和8年9月30日 for 2026-09-30 (元年 for an era's first year)."""
    for name, _, first in ERAS:
        if date >= first:
            n = date.year - first.year + 1
            return f"{name}{'元' if n == 1 else n}年{date.month}月{date.day}日"
    return f"{date.year}年{date.month}月{date.day}日"
