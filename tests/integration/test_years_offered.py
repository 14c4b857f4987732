"""年度の準備: which fiscal years a database offers to prepare."""

from __future__ import annotations


def test_a_fresh_database_offers_the_year_before_this_one_and_the_year_after(tmp_path):
    """In March a city prepares April's year; in April it may still compile the year just ended."""
    import datetime as dt

    from natori_secaudit.domain.fiscal_year import FiscalYear
    from natori_secaudit.services import department_list, setup

    ws = setup.create_admin_workspace(tmp_path / "admin.db", "admin passphrase 1")
    try:
        years, first = department_list.years_to_offer(ws, today=dt.date(2027, 3, 20))
        assert years == [FiscalYear(2025), FiscalYear(2026), FiscalYear(2027)] and first == FiscalYear(2026)
    finally:
        ws.close()
