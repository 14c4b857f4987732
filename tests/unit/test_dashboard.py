"""The dashboard's figures as plain data: rows, sorting, heat-map bands, totals."""

from __future__ import annotations

import datetime as dt

import pytest

from natori_secaudit.domain.assessment import AssessmentState
from natori_secaudit.domain.comparison import Trend
from natori_secaudit.domain.dashboard import COLUMNS, DashboardRow, heat_band, sort_rows
from natori_secaudit.domain.scoring import Score


def row(order, code, state=AssessmentState.SUBMITTED, earned=0.0, possible=0.0, high=0, unknown=0, rev=1):
    has = state in (AssessmentState.SUBMITTED, AssessmentState.RETURNED)
    return DashboardRow(
        order=order,
        code=code,
        name=code,
        state=state,
        submitted_at=dt.datetime(2026, 7, order + 1, tzinfo=dt.UTC) if has else None,
        revision=rev if has else 0,
        score=Score(earned, possible),
        has_data=has,
        high_gaps=high,
        unknown=unknown,
        answered=0,
        applicable=0,
        trend=Trend.NO_PREVIOUS,
        delta=None,
    )


ROWS = [
    row(0, "a", earned=8, possible=10, high=2),
    row(1, "b", state=AssessmentState.NOT_STARTED),
    row(2, "c", earned=5, possible=10, high=0, unknown=3),
    row(3, "d", state=AssessmentState.RETURNED, earned=9, possible=10, high=1),
    row(4, "e", earned=8, possible=10, high=2),
]


@pytest.mark.parametrize("descending", [False, True])
def test_figures_sort_both_ways_with_missing_rows_last(descending):
    order = [r.code for r in sort_rows(ROWS, "score", descending)]
    assert order[-1] == "b"
    assert order[:-1] == (["c", "a", "e", "d"] if not descending else ["d", "e", "a", "c"])


def test_ties_keep_the_organisation_order_and_status_puts_work_to_do_first():
    assert [r.code for r in sort_rows(ROWS, "high_gaps")] == ["c", "d", "a", "e", "b"]
    assert [r.code for r in sort_rows(ROWS, "status")] == ["b", "d", "a", "c", "e"]
    assert [r.code for r in sort_rows(ROWS, "submitted")][-1] == "b"


def test_every_column_sorts_and_an_unknown_one_is_refused():
    for col in COLUMNS:
        assert sorted(r.code for r in sort_rows(ROWS, col)) == ["a", "b", "c", "d", "e"]
    with pytest.raises(ValueError):
        sort_rows(ROWS, "colour")


@pytest.mark.parametrize(
    "earned,band", [(95, 4), (90, 4), (89.99, 4), (89.94, 3), (75, 3), (74.9, 2), (60, 2), (59.9, 1), (0, 1)]
)
def test_heat_bands_are_the_printed_reports_bands(earned, band):
    """Bands follow the number shown (89.99 is shown as 90.0, so it is in the top band)."""
    assert heat_band(Score(earned, 100)) == band


def test_no_figure_is_band_zero():
    assert heat_band(None) == 0 and heat_band(Score()) == 0
