import datetime as dt

import pytest

from natori_secaudit.domain.fiscal_year import FiscalYear


@pytest.mark.parametrize(
    "year,label",
    [
        (2019, "令和元年度"),
        (2020, "令和2年度"),
        (2026, "令和8年度"),
        (2018, "平成30年度"),
        (1989, "平成元年度"),
    ],
)
def test_wareki_label(year, label):
    assert FiscalYear(year).label_ja == label


def test_fiscal_year_runs_april_to_march():
    fy = FiscalYear(2026)
    assert fy.start == dt.date(2026, 4, 1)
    assert fy.end == dt.date(2027, 3, 31)
    assert FiscalYear.of_date(dt.date(2027, 3, 31)) == fy
    assert FiscalYear.of_date(dt.date(2026, 3, 31)) == FiscalYear(2025)
    assert FiscalYear.of_date(dt.date(2026, 4, 1)) == fy
    assert fy.previous() == FiscalYear(2025)
    assert fy.contains(dt.date(2026, 12, 24))


def test_fiscal_year_rejects_nonsense():
    with pytest.raises(TypeError):
        FiscalYear("2026")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        FiscalYear(12)
