"""Dates as people type them: 2026-09-30, 2026/9/30, ２０２６年９月３０日, 令和8年9月30日, R8.9.30.

One rule for every place a date is typed (the 期限 field, answer tables).
Japanese eras with their real boundaries (令和 from 2019-05-01, 平成 from
1989-01-08, 昭和 from 1926-12-25; 元年 is year 1).
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata

ERAS = (  # (names, first day)
    (("令和", "R"), _dt.date(2019, 5, 1)),
    (("平成", "H"), _dt.date(1989, 1, 8)),
    (("昭和", "S"), _dt.date(1926, 12, 25)),
)
_WESTERN = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_ERA = re.compile(r"^(令和|平成|昭和|R|H|S)\s*(元|\d{1,2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def _normal(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().upper().replace("．", ".")


def parse_date(text: str) -> _dt.date:
    """The date ``text`` names; ValueError (with the text) when it names none."""
    s = _normal(text)
    m = _ERA.match(s)
    if m:
        era, year, month, day = m.groups()
        first = next(start for names, start in ERAS if era in names)
        n = 1 if year == "元" else int(year)
        date = _dt.date(first.year + n - 1, int(month), int(day))
        if date < first or (n == 1 and date.year != first.year):
            raise ValueError(text)
        later = [start for _names, start in ERAS if start > first]
        if later and date >= min(later):
            raise ValueError(text)
        return date
    m = _WESTERN.match(s) or _COMPACT.match(s)
    if m:
        return _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    raise ValueError(text)


def era_label(date: _dt.date) -> str:
    """令和8年9月30日 for 2026-09-30 (元年 for the first year of an era)."""
    for (name, _abbr), start in ERAS:
        if date >= start:
            n = date.year - start.year + 1
            return f"{name}{'元' if n == 1 else n}年{date.month}月{date.day}日"
    return f"{date.year}年{date.month}月{date.day}日"
