"""Like-for-like change and each department's own gaps, by hand (see test_compile.py for the city).

Last year: 市民課 all 実施 except B-1 未実施 ((3 + 2 + 3 + 1) / 12 = 75.0 %);
  土木課 all 未実施 (0 / 9); this year 土木課 does not submit.
  City last year (both): 9 / 21 = 42.9 %; this year 市民課 alone (4 / 11 = 36.4 %).
  All departments as they are: 36.4 − 42.9 = −6.5; like for like (市民課 only): 36.4 − 75.0 = −38.6.
"""

import datetime as dt

from natori_secaudit.domain.assessment import AssessmentState
from natori_secaudit.domain.compile import compile_year

from .factories import NA, I, N, P, U, assessment, make_checklist, make_org, year

TODAY = dt.date(2026, 11, 24)


def _years(doboku_state=AssessmentState.IN_PROGRESS):
    cl, org = make_checklist(), make_org()
    prev = year(
        2025,
        cl,
        org,
        {
            "shimin": assessment(org, "shimin", {"A-1": I, "A-2": I, "B-1": N, "B-2": I, "B-3": I}),
            "doboku": assessment(org, "doboku", {"A-1": N, "A-2": N, "B-1": N, "B-3": N}),
        },
    )
    cur = year(
        2026,
        cl,
        org,
        {
            "shimin": assessment(org, "shimin", {"A-1": I, "A-2": P, "B-1": N, "B-2": U, "B-3": NA}),
            "doboku": assessment(org, "doboku", {"A-1": P, "A-2": I, "B-1": I, "B-3": N}, state=doboku_state),
        },
    )
    return cur, prev


def test_the_change_is_over_the_departments_counted_in_both_years():
    cur, prev = _years()
    c = compile_year(cur, prev, today=TODAY)
    cmp = c.comparison
    assert cmp.city.delta == -6.5
    assert cmp.city_same is not None and cmp.same_departments == 1 and cmp.previous_counted == 2
    assert cmp.city_same.previous.percent == 75.0 and cmp.city_same.current.percent == 36.4
    assert cmp.city_same.delta == -38.6


def test_a_sent_back_department_keeps_its_own_gaps_high_severity_first():
    cur, prev = _years(doboku_state=AssessmentState.RETURNED)
    c = compile_year(cur, prev, today=TODAY)
    doboku = c.department("doboku")
    assert not doboku.included
    assert [(g.item.id, g.status) for g in doboku.gaps] == [("A-1", P), ("B-3", N)]
    shimin = c.department("shimin")
    assert [g.item.id for g in shimin.gaps] == ["B-1", "B-2", "A-2"]  # high (未実施, わからない), then medium
    assert all(f.gaps[0].department.code == "shimin" for f in c.findings)  # city findings: submitted only


def test_high_severity_not_applicable_is_kept_for_review():
    cur, prev = _years()
    c = compile_year(cur, prev, today=TODAY)
    assert [g.item.id for g in c.department("shimin").high_not_applicable] == []  # B-3 is low
