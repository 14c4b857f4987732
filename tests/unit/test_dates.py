"""Dates in the forms staff type (domain.dates.parse_date), era boundaries included."""

from __future__ import annotations

import datetime as dt

import pytest

from natori_secaudit.domain.dates import era_label, parse_date

D = dt.date


@pytest.mark.parametrize("text, expected", [
    ("2026-09-30", D(2026, 9, 30)), ("2026/9/30", D(2026, 9, 30)), ("2026.9.30", D(2026, 9, 30)),
    ("2026年9月30日", D(2026, 9, 30)), ("２０２６/９/３０", D(2026, 9, 30)), ("２０２６年９月３０日", D(2026, 9, 30)),
    ("令和8年9月30日", D(2026, 9, 30)), ("R8.9.30", D(2026, 9, 30)), ("r8/9/30", D(2026, 9, 30)),
    ("Ｒ８．９．３０", D(2026, 9, 30)), (" 令和 8 年 9 月 30 日 ", D(2026, 9, 30)),
    ("令和元年5月1日", D(2019, 5, 1)), ("R1.5.1", D(2019, 5, 1)),
    ("平成31年4月30日", D(2019, 4, 30)), ("H31.4.30", D(2019, 4, 30)),
    ("平成元年1月8日", D(1989, 1, 8)), ("昭和64年1月7日", D(1989, 1, 7)),
])
def test_accepted_forms(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", [
    "平成31年5月1日",      # that day is 令和元年
    "令和元年4月30日",     # still 平成31年
    "昭和64年1月8日",      # 平成元年
    "令和0年1月1日", "2026/2/30", "2026/13/1", "R8.9", "来週", "", "9/30", "X8.9.30",
])
def test_refused(text):
    with pytest.raises(ValueError):
        parse_date(text)


def test_era_label_at_the_boundary():
    assert era_label(D(2019, 4, 30)) == "平成31年4月30日"
    assert era_label(D(2019, 5, 1)) == "令和元年5月1日"
    assert era_label(D(2026, 9, 30)) == "令和8年9月30日"
