"""compile_year across a checklist revision and an organisation change, figures computed by hand.

Last year (v1, tests/unit/factories.make_checklist): A-1 high 3, A-2 medium 2 | B-1 high 3,
B-2 high 3 (my_number only), B-3 low 1. This year (v2):
  A-1 (same id) · A-10 replaces A-2 (renamed) · B-12 replaces B-1 and B-2 (merged) · B-4 new;
  B-3 retired.
Departments last year: 市民課 shimin, 土木課 doboku, 公園課 kouen, 緑地課 ryokuchi, 会計課 kaikei.
This year: shimin; 道路課 doro (formerly doboku: renamed); みどり公園課 midori (formerly kouen,
ryokuchi: merged); 企画課 kikaku (new). 会計課 has no successor (vanished).

Last year (I = 1, P = 0.5, N = 0; weight × value):
  shimin  A-1 I 3, A-2 P 1, B-1 N 0, B-2 I 3, B-3 I 1   → 8 / 12  = 66.7 %
  doboku  A-1 P 1.5, A-2 I 2, B-1 I 3, B-3 N 0          → 6.5 / 9 = 72.2 %
  kouen   A-1 I 3, A-2 N 0, B-1 P 1.5, B-3 I 1          → 5.5 / 9
  ryokuchi A-1 N 0, A-2 I 2, B-1 I 3, B-3 I 1           → 6 / 9
  kaikei  all I                                         → 9 / 9
  midori's predecessors combined: (5.5 + 6) / (9 + 9) = 11.5 / 18 = 63.9 %
  A-2: 1 + 2 + 0 + 2 + 2 = 7 / 10, gaps 2 (shimin P, kouen N)            → A-10 compares with 7 / 10
  B-1: 0 + 3 + 1.5 + 3 + 3 = 10.5 / 15, gaps 2; B-2: 3 / 3, gaps 0       → B-12 compares with 13.5 / 18, 2 gaps
  A-1: 3 + 1.5 + 3 + 0 + 3 = 10.5 / 15, gaps 2
This year (A-1 3, A-10 2, B-12 3, B-4 2; all apply):
  shimin  A-1 I 3, A-10 I 2, B-12 P 1.5, B-4 N 0  → 6.5 / 10 = 65.0 % (−1.7)
  doro    all I                                   → 10 / 10 = 100.0 % (+27.8 on 土木課)
  midori  A-1 I 3, A-10 N 0, B-12 N 0, B-4 I 2    → 5 / 10 = 50.0 % (−13.9 on 63.9)
  kikaku  all I                                   → new, not compared
  A-10: 6 / 8 = 0.75 > 0.70, 1 gap  → improved;  B-12: 7.5 / 12 = 0.625 < 0.75, 2 gaps → regressed
  A-1: no gap now → resolved;  B-4: not comparable
"""

from __future__ import annotations

import datetime as dt

from natori_secaudit.domain.checklist import Checklist, Department, Item, Organization, Section
from natori_secaudit.domain.comparison import Trend
from natori_secaudit.domain.compile import compile_year

from .factories import H, I, M, N, P, assessment, make_checklist, year

TODAY = dt.date(2026, 11, 24)
DUE = dt.date(2026, 3, 31)


def v2() -> Checklist:
    s1 = Section(
        "S1",
        "組織体制",
        (
            Item("A-1", "責任者を決めていますか。", H, "S1", recommendation="責任者を決める。"),
            Item("A-10", "情報資産の台帳を毎年見直していますか。", M, "S1", replaces=("A-2",)),
        ),
    )
    s2 = Section(
        "S2",
        "技術的セキュリティ",
        (
            Item(
                "B-12",
                "媒体と端末を管理していますか。",
                H,
                "S2",
                recommendation="登録制に。",
                replaces=("B-1", "B-2"),
            ),
            Item("B-4", "新しい項目ですか。", M, "S2"),
        ),
    )
    return Checklist(id="test", title="テスト", version="2", sections=(s1, s2))


OLD_ORG = Organization(
    "テスト市",
    (
        Department("shimin", "市民課", tags=("personal_data", "my_number")),
        Department("doboku", "土木課"),
        Department("kouen", "公園課"),
        Department("ryokuchi", "緑地課"),
        Department("kaikei", "会計課"),
    ),
)
NEW_ORG = Organization(
    "テスト市",
    (
        Department("shimin", "市民課", tags=("personal_data", "my_number")),
        Department("doro", "道路課", formerly=("doboku",)),
        Department("midori", "みどり公園課", formerly=("kouen", "ryokuchi")),
        Department("kikaku", "企画課"),
    ),
)


def compiled():
    o = OLD_ORG
    last = year(
        2025,
        make_checklist("1"),
        o,
        {
            "shimin": assessment(o, "shimin", {"A-1": I, "A-2": P, "B-1": N, "B-2": I, "B-3": I}, due=DUE),
            "doboku": assessment(o, "doboku", {"A-1": P, "A-2": I, "B-1": I, "B-3": N}, due=DUE),
            "kouen": assessment(o, "kouen", {"A-1": I, "A-2": N, "B-1": P, "B-3": I}, due=DUE),
            "ryokuchi": assessment(o, "ryokuchi", {"A-1": N, "A-2": I, "B-1": I, "B-3": I}, due=DUE),
            "kaikei": assessment(o, "kaikei", {"A-1": I, "A-2": I, "B-1": I, "B-3": I}, due=DUE),
        },
    )
    n = NEW_ORG
    now = year(
        2026,
        v2(),
        n,
        {
            "shimin": assessment(n, "shimin", {"A-1": I, "A-10": I, "B-12": P, "B-4": N}),
            "doro": assessment(n, "doro", {"A-1": I, "A-10": I, "B-12": I, "B-4": I}),
            "midori": assessment(n, "midori", {"A-1": I, "A-10": N, "B-12": N, "B-4": I}),
            "kikaku": assessment(n, "kikaku", {"A-1": I, "A-10": I, "B-12": I, "B-4": I}),
        },
    )
    return compile_year(now, last, today=TODAY)


def test_items_compare_with_what_they_replace_combined():
    c = compiled()
    a10, b12 = c.item_stats["A-10"], c.item_stats["B-12"]
    assert (a10.previous_score.earned, a10.previous_score.possible, a10.previous_gaps) == (7, 10, 2)
    assert (b12.previous_score.earned, b12.previous_score.possible, b12.previous_gaps) == (13.5, 18, 2)
    assert a10.trend is Trend.IMPROVED and b12.trend is Trend.REGRESSED
    assert c.item_stats["A-1"].trend is Trend.RESOLVED
    assert c.item_stats["B-4"].trend is Trend.NOT_COMPARABLE and c.item_stats["B-4"].previous_gaps is None
    cmp = c.comparison
    assert cmp.not_comparable == ("B-4",) and cmp.dropped == ("B-3",)
    assert [i.question for i in cmp.retired_items] == ["画面ロックしていますか。"]
    assert cmp.item_previous == {"A-10": ("A-2",), "B-12": ("B-1", "B-2")}
    assert (cmp.previous_checklist_version, cmp.checklist_version) == ("1", "2") and cmp.revised


def test_departments_compare_with_the_departments_they_continue():
    c = compiled()
    cmp = c.comparison
    assert c.department("shimin").score.percent == 65.0 and cmp.departments["shimin"].delta == -1.7
    assert cmp.departments["doro"].previous.percent == 72.2 and cmp.departments["doro"].delta == 27.8
    midori = cmp.departments["midori"]
    assert (midori.previous.earned, midori.previous.possible) == (11.5, 18) and midori.delta == -13.9
    assert c.department("midori").trend is Trend.REGRESSED
    assert cmp.departments["kikaku"].previous is None and c.department("kikaku").trend is Trend.NO_PREVIOUS
    assert cmp.new_departments == ("kikaku",)
    assert [d.name for d in cmp.vanished_departments] == ["会計課"]
    assert {k: [d.name for d in v] for k, v in cmp.department_previous.items()} == {
        "doro": ["土木課"],
        "midori": ["公園課", "緑地課"],
    }


def test_last_years_overdue_actions_follow_items_and_departments():
    c = compiled()
    rows = [
        (
            a.department.code,
            a.item.id,
            a.previous_department.code if a.previous_department else "",
            a.previous_item.id if a.previous_item else "",
        )
        for a in c.overdue_previous
    ]
    # shimin A-2 → A-10 answered 実施, doboku A-1 → 道路課 実施, ryokuchi A-1 → midori 実施: resolved.
    # doboku B-3 was retired: it cannot be checked and stays listed, under 道路課.
    assert rows == [
        ("doro", "B-3", "doboku", ""),
        ("midori", "A-10", "kouen", "A-2"),
        ("midori", "B-12", "kouen", "B-1"),
        ("shimin", "B-12", "", "B-1"),
    ]
