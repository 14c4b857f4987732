"""compile_year on a hand-computed city of three departments.

Checklist: A-1 high, A-2 medium (S1); B-1 high, B-2 high (my_number only), B-3 low (S2).
  市民課 (personal data, my number): A-1 実施, A-2 一部, B-1 未実施, B-2 わからない, B-3 該当なし
      S1 = (3 + 1) / 5;  S2 = 0 / 6  → 4 / 11 = 36.4 %
  土木課 (B-2 does not apply): A-1 一部, A-2 実施, B-1 実施, B-3 未実施
      S1 = (1.5 + 2) / 5;  S2 = (3 + 0) / 4 → 6.5 / 9 = 72.2 %
  図書館: still answering → left out of city figures.
  City = (4 + 6.5) / (11 + 9) = 52.5 %;  S1 = 7.5 / 10 = 75.0 %;  S2 = 3 / 10 = 30.0 %
"""

import datetime as dt

from natori_secaudit.domain.assessment import AssessmentState
from natori_secaudit.domain.comparison import Trend
from natori_secaudit.domain.compile import compile_year

from .factories import NA, I, N, P, U, assessment, make_checklist, make_org, year

TODAY = dt.date(2026, 11, 24)


def _current(checklist=None, org=None):
    checklist = checklist or make_checklist()
    org = org or make_org()
    per = {
        "shimin": assessment(org, "shimin", {"A-1": I, "A-2": P, "B-1": N, "B-2": U, "B-3": NA}),
        "doboku": assessment(org, "doboku", {"A-1": P, "A-2": I, "B-1": I, "B-3": N}),
        "toshokan": assessment(org, "toshokan", {"A-1": I}, state=AssessmentState.IN_PROGRESS),
    }
    return year(2026, checklist, org, per)


def test_city_section_and_department_scores_by_hand():
    c = compile_year(_current(), today=TODAY)
    assert c.city.percent == 52.5
    assert c.sections["S1"].percent == 75.0
    assert c.sections["S2"].percent == 30.0
    assert c.department("shimin").score.percent == 36.4
    assert c.department("doboku").score.percent == 72.2
    assert c.department("doboku").applicable == 4  # B-2 is for My Number departments only
    assert c.submitted_count == 2 and c.total_departments == 3
    assert not c.department("toshokan").included
    assert c.high_gap_total == 1 and c.unknown_total == 1


def test_compile_scores_by_the_one_rule_in_scoring(monkeypatch):
    """Change the rule (一部実施 worth a quarter) and every figure compile_year makes follows it."""
    from natori_secaudit.domain import scoring
    from natori_secaudit.domain.answers import AnswerStatus

    rule = scoring.item_points

    def quarter_for_partial(weight, status):
        return (weight * 0.25, float(weight)) if status is AnswerStatus.PARTIAL else rule(weight, status)

    monkeypatch.setattr(scoring, "item_points", quarter_for_partial)
    c = compile_year(_current(), today=TODAY)
    # 市民課 S1 = (3 + 0.5) / 5; 土木課 S1 = (0.75 + 2) / 5: city (3.5 + 5.75) / 20
    assert c.department("shimin").score.percent == 31.8
    assert c.department("doboku").score.percent == 63.9
    assert c.city.percent == 46.3 and c.sections["S1"].percent == 62.5
    assert c.item_stats["A-2"].score.percent == 62.5


def test_findings_are_prioritised_high_personal_data_first():
    c = compile_year(_current(), today=TODAY)
    assert [f.item.id for f in c.findings] == ["B-1", "B-2", "A-1", "A-2", "B-3"]
    first = c.findings[0]
    assert first.rank == 1 and first.tier == 0
    assert [d.name for d in first.departments] == ["市民課"]
    assert first.incident_types[0].name == "情報漏えい"
    # 土木課 holds no personal data: its high gap ranks after 市民課's.
    assert c.findings[2].tier == 1


def test_in_progress_department_is_not_a_finding_source():
    c = compile_year(_current(), today=TODAY)
    for f in c.findings:
        assert "toshokan" not in [d.code for d in f.departments]


def test_actions_and_overdue():
    org = make_org()
    cl = make_checklist()
    prev = year(
        2025,
        cl,
        org,
        {"shimin": assessment(org, "shimin", {"A-1": N, "A-2": N}, due=dt.date(2026, 3, 31))},
    )
    cur = _current(cl, org)
    c = compile_year(cur, prev, today=TODAY)
    overdue = {(a.department.code, a.item.id) for a in c.overdue_previous}
    # A-1 was fixed this year (実施); A-2 is still 一部実施 → overdue.
    assert overdue == {("shimin", "A-2")}


def test_year_over_year_trends_by_item_id_across_versions():
    org = make_org()
    prev = year(
        2025,
        make_checklist("1"),
        org,
        {
            "shimin": assessment(org, "shimin", {"A-1": N, "A-2": I, "B-1": N, "B-2": I, "B-3": I}),
            "doboku": assessment(org, "doboku", {"A-1": N, "A-2": I, "B-1": I, "B-3": N}),
        },
    )
    cur = _current(make_checklist("2", extra_item=True), org)
    c = compile_year(cur, prev, today=TODAY)
    cmp = c.comparison
    assert cmp is not None
    assert cmp.items["A-1"] is Trend.IMPROVED  # two gaps → one partial
    assert cmp.items["A-2"] is Trend.NEW  # no gap last year
    assert cmp.items["B-1"] is Trend.STILL_OPEN  # same gap
    assert cmp.items["B-4"] is Trend.NOT_COMPARABLE
    assert cmp.not_comparable == ("B-4",)
    assert c.findings[0].trend is Trend.STILL_OPEN
    # last year: shimin A-1 0/3, A-2 2/2, B-1 0/3, B-2 3/3, B-3 1/1 → 6/12 = 50.0; now 36.4
    assert cmp.departments["shimin"].previous.percent == 50.0
    assert cmp.departments["shimin"].trend is Trend.REGRESSED
    assert cmp.departments["shimin"].delta == -13.6
    # 土木課 last year: A-1 0/3, A-2 2/2, B-1 3/3, B-3 0/1 = 5/9; city (6 + 5) / (12 + 9) = 52.4
    assert cmp.city.previous.percent == 52.4 and cmp.city.trend is Trend.IMPROVED


def test_no_previous_year():
    c = compile_year(_current(), today=TODAY)
    assert c.comparison is None
    assert all(f.trend is Trend.NO_PREVIOUS for f in c.findings)


def test_carried_over_answers_do_not_count_until_confirmed():
    from dataclasses import replace

    data = _current()
    shimin = data.assessments["shimin"]
    answers = dict(shimin.answers)
    answers["B-1"] = replace(answers["B-1"], carried_over=True)
    data.assessments["shimin"] = replace(shimin, answers=answers)  # type: ignore[index]
    c = compile_year(data, today=TODAY)
    assert c.department("shimin").counts.get(None) == 1
    assert c.department("shimin").score.percent == round(4 / 8 * 100, 1)
