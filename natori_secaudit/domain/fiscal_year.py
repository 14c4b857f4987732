"""Japanese fiscal years (April to March) and their 和暦 labels."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

# (first Gregorian year of the era, era name). Reiwa began on 1 May 2019, but a
# fiscal year is named by the era in force for most of it: FY2019 is 令和元年度.
_ERAS = ((2019, "令和"), (1989, "平成"), (1926, "昭和"))


@dataclass(frozen=True, order=True)
class FiscalYear:
    """A fiscal year named by its April year: FiscalYear(2026) runs 2026-04-01..2027-03-31."""

    start_year: int

    def __post_init__(self) -> None:
        if not isinstance(self.start_year, int) or isinstance(self.start_year, bool):
            raise TypeError("start_year must be an int")
        if not 1926 <= self.start_year <= 9998:
            raise ValueError(f"fiscal year out of range: {self.start_year}")

    @classmethod
    def of_date(cls, day: _dt.date) -> FiscalYear:
        """The fiscal year a calendar day belongs to."""
        return cls(day.year if day.month >= 4 else day.year - 1)

    @classmethod
    def current(cls, today: _dt.date | None = None) -> FiscalYear:
        return cls.of_date(today or _dt.date.today())

    @property
    def start(self) -> _dt.date:
        return _dt.date(self.start_year, 4, 1)

    @property
    def end(self) -> _dt.date:
        return _dt.date(self.start_year + 1, 3, 31)

    def previous(self) -> FiscalYear:
        return FiscalYear(self.start_year - 1)

    def next(self) -> FiscalYear:
        return FiscalYear(self.start_year + 1)

    def contains(self, day: _dt.date) -> bool:
        return self.start <= day <= self.end

    @property
    def era_label(self) -> str:
        """和暦 year label without 度, e.g. '令和8年' (元年 for the first year)."""
        for first, name in _ERAS:
            if self.start_year >= first:
                n = self.start_year - first + 1
                return f"{name}{'元' if n == 1 else n}年"
        raise ValueError(self.start_year)  # unreachable: range checked above

    @property
    def label_ja(self) -> str:
        """'令和8年度' for FiscalYear(2026)."""
        return f"{self.era_label}度"

    @property
    def label_en(self) -> str:
        return f"FY{self.start_year}"

    def label(self, lang: str = "ja") -> str:
        return self.label_ja if lang == "ja" else self.label_en

    def __str__(self) -> str:
        return str(self.start_year)
