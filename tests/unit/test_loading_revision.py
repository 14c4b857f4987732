"""``replaces`` (checklist revisions) and ``formerly`` (department lineage): every rule at its line.

Line numbers in the comments of the YAML below are the ones the problems must name.
"""

from __future__ import annotations

import pytest

from natori_secaudit.loading import (
    ChecklistFileError,
    Problem,
    load_checklist_bytes,
    load_departments_bytes,
    parse_checklist,
    parse_departments,
    parse_departments_lineage,
)

OLD = """\
id: mini
title: 小さな点検票
version: "2025.1"
sections:
  - id: S1
    title: 組織体制
    items:
      - id: A-1
        question: 責任者を決めていますか。
        severity: low
      - id: A-2
        question: 台帳はありますか。
        severity: low
      - id: A-3
        question: 研修をしていますか。
        severity: low
"""


def revision(a_items: str) -> str:
    """A 2026 version whose items are ``a_items`` (starting at line 8)."""
    return f"""\
id: mini
title: 小さな点検票
version: "2026.1"
sections:
  - id: S1
    title: 組織体制
    items:
{a_items}"""


def item(item_id: str, replaces: str = "") -> str:
    text = f"      - id: {item_id}\n        question: 問い{item_id}\n        severity: low\n"
    if replaces:
        text += f"        replaces: {replaces}\n"
    return text


def previous():
    return load_checklist_bytes(OLD.encode("utf-8"), "old.yaml")


def located(data: str, previous_checklist=None) -> list[tuple[int, int, str]]:
    checklist, problems = parse_checklist(data.encode("utf-8"), "new.yaml", previous_checklist)
    assert checklist is None and problems
    for p in problems:
        assert p.format("ja").startswith(f"new.yaml:{p.line}:{p.col}: ")
        assert "{" not in p.message("ja") and "{" not in p.message("en")
    return [(p.line, p.col, p.key) for p in problems]


def test_a_revision_with_renames_and_merges_loads():
    # lines: 8 B-1 (replaces A-1), 12 B-2 (replaces ), 16 B-3 new
    text = revision(item("B-1", "[A-1]") + item("B-2", "[A-2, A-3]") + item("B-3"))
    cl = load_checklist_bytes(text.encode("utf-8"), "new.yaml", previous())
    assert cl.item("B-2").replaces == ("A-2", "A-3")


def test_replaces_own_id():
    text = revision(item("A-1", "[A-1]"))
    assert located(text) == [(11, 20, "checklist.replaces_self")]


def test_same_old_id_twice_in_one_list_and_by_two_items():
    text = revision(item("B-1", "[A-1, A-1]") + item("B-2", "[A-1]"))
    # line 11: B-1's list (second A-1 at column 25); line 15: B-2's list
    assert located(text) == [(11, 25, "checklist.replaces_twice"), (15, 20, "checklist.replaces_twice")]
    _cl, problems = parse_checklist(text.encode("utf-8"), "new.yaml")
    assert "11 行目" in problems[0].message("ja") and "line 11" in problems[0].message("en")


def test_replacing_an_item_that_is_still_there_and_a_cycle():
    # B-1 replaces B-2 and B-2 replaces B-1: both are still items of this checklist.
    text = revision(item("B-1", "[B-2]") + item("B-2", "[B-1]"))
    assert located(text) == [(11, 20, "checklist.replaces_current"), (15, 20, "checklist.replaces_current")]
    _cl, problems = parse_checklist(text.encode("utf-8"), "new.yaml")
    assert "12 行目" in problems[0].message("ja")  # where B-2 is


def test_unknown_old_id_against_the_previous_version():
    text = revision(item("B-1", "[A-9]") + item("B-2", "\n          - A-2\n          - ZZZ"))
    out = located(text, previous())
    # B-1's A-9 on line 11, B-2's ZZZ on line 17 (a block list)
    assert out == [(11, 20, "checklist.replaces_unknown_suggest"), (17, 13, "checklist.replaces_unknown")]
    _cl, problems = parse_checklist(text.encode("utf-8"), "new.yaml", previous())
    ja = problems[0].message("ja")
    assert "mini 版 2025.1" in ja and "A-" in ja
    assert "version 2025.1" in problems[1].message("en")


def test_unknown_ids_pass_without_a_previous_version():
    text = revision(item("B-1", "[A-9]"))
    assert parse_checklist(text.encode("utf-8"), "new.yaml")[0] is not None


DEPTS = """\
organization: 名取市
departments:
  - code: somu
    name: 総務課
    formerly: [somu]
  - code: kikaku
    name: 企画課
    formerly: [seisaku, seisaku]
"""

OLD_DEPTS = """\
organization: 名取市
departments:
  - code: seisaku
    name: 政策企画課
  - code: zaisei
    name: 財政課
  - code: kouhou
    name: 広報室
"""


def dept_problems(text: str, prev=None) -> list[Problem]:
    org, problems = parse_departments(text.encode("utf-8"), "departments.yaml", prev)
    assert org is None and problems
    return problems


def test_formerly_own_code_and_duplicates():
    problems = dept_problems(DEPTS)
    assert [(p.line, p.col, p.key) for p in problems] == [
        (5, 16, "checklist.formerly_self"),
        (8, 25, "checklist.formerly_twice"),
    ]
    assert "最初は 8 行目" in problems[1].message("ja")


def test_formerly_unknown_code_against_last_year():
    prev = load_departments_bytes(OLD_DEPTS.encode("utf-8"), "old.yaml")
    text = DEPTS.replace("[somu]", "[zaisei, kohou]").replace("[seisaku, seisaku]", "[seisaku]")
    problems = dept_problems(text, prev)
    assert [(p.line, p.col, p.key) for p in problems] == [(5, 24, "checklist.formerly_unknown_suggest")]
    assert "kouhou" in problems[0].message("ja")


def test_splits_are_fine_and_departments_nobody_continues_are_warnings():
    prev = load_departments_bytes(OLD_DEPTS.encode("utf-8"), "old.yaml")
    text = DEPTS.replace("[somu]", "[seisaku]").replace("[seisaku, seisaku]", "[seisaku]")
    org, problems, warnings = parse_departments_lineage(text.encode("utf-8"), "departments.yaml", prev)
    assert org is not None and problems == []
    assert [(w.line, w.key) for w in warnings] == [(2, "checklist.formerly_not_continued")] * 2
    assert "財政課" in warnings[0].message("ja") and "広報室" in warnings[1].message("ja")
    assert warnings[0].format("ja").startswith("departments.yaml:2:1: 注意")


def test_loading_raises_with_every_problem():
    with pytest.raises(ChecklistFileError) as info:
        load_departments_bytes(DEPTS.encode("utf-8"), "departments.yaml")
    assert len(info.value.problems) == 2


def test_a_checklist_and_a_department_list_used_again_next_year_stay_valid():
    """A revision's ``replaces`` and a reorganisation's ``formerly`` are history once they took effect:
    checked only for items and departments that are new against last year."""
    v2 = revision(item("A-1") + item("B-1", "[A-2, A-3]"))
    current = load_checklist_bytes(v2.encode("utf-8"), "v2.yaml")
    assert parse_checklist(v2.encode("utf-8"), "v2.yaml", current)[1] == []  # the same version again
    renamed = DEPTS.replace("[somu]", "[seisaku]").replace("\n    formerly: [seisaku, seisaku]", "")
    this_year = load_departments_bytes(renamed.encode("utf-8"), "this.yaml")
    assert parse_departments(renamed.encode("utf-8"), "departments.yaml", this_year)[1] == []
    # …but a department that is new this year still has its formerly codes checked.
    newer = renamed.replace("code: somu", "code: somu2")
    problems = dept_problems(newer, this_year)
    assert [p.key for p in problems] == ["checklist.formerly_unknown_suggest"]
