"""Checklist and department files: every error kind located, all in one run."""

from __future__ import annotations

from pathlib import Path

import pytest

from natori_secaudit.loading import (
    ChecklistFileError,
    load_checklist_bytes,
    load_checklist_file,
    load_departments_bytes,
    load_departments_file,
    validate_path,
)

DATA = Path(__file__).resolve().parents[1] / "data"
ROOT = Path(__file__).resolve().parents[2]

MINIMAL = (DATA / "loading" / "minimal.yaml").read_text(encoding="utf-8")


def problems_of(text: str, *, departments: bool = False):
    loader = load_departments_bytes if departments else load_checklist_bytes
    with pytest.raises(ChecklistFileError) as info:
        loader(text.encode("utf-8"), "x.yaml")
    return info.value.problems


def test_minimal_checklist_loads_whole():
    c = load_checklist_bytes(MINIMAL.encode(), "mini.yaml")
    assert c.id == "mini" and c.version == "1.0"
    assert [i.id for i in c.items] == ["A-1", "A-2"]
    assert c.item("A-2").section_id == "S1" and c.item("A-2").applies_to == ("personal_data",)
    assert len(c.sha256) == 64


def test_ten_mistakes_give_ten_located_messages():
    kind, problems = validate_path(DATA / "ten_mistakes.yaml")
    assert kind == "checklist"
    got = sorted((p.line, p.key) for p in problems)
    assert got == [
        (1, "checklist.bad_pattern"),
        (3, "checklist.version_not_text"),
        (11, "checklist.high_needs_recommendation"),
        (14, "checklist.duplicate_id"),
        (19, "checklist.unknown_key"),
        (23, "checklist.bad_severity"),
        (27, "checklist.unknown_incident"),
        (31, "checklist.expected_text"),
        (34, "checklist.empty_list"),
        (35, "checklist.duplicate_id"),
    ]
    assert all(p.format().startswith(f"{DATA / 'ten_mistakes.yaml'}:{p.line}:{p.col}: ") for p in problems)


def test_cli_reports_every_problem_and_exits_2(capsys):
    from natori_secaudit.cli import main

    assert main(["checklist", "validate", str(DATA / "ten_mistakes.yaml")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 10
    assert any("「questoin」" in line or "「note」" in line for line in err)


@pytest.mark.parametrize(
    "edit,key,needle",
    [
        (lambda s: s.replace("title: 小さな点検票\n", ""), "checklist.missing_key", "title"),
        (
            lambda s: s.replace("        severity: low\n", "        severity: low\n        severty: low\n"),
            "checklist.unknown_key_suggest",
            "severity",
        ),
        (lambda s: s.replace('version: "1.0"', "version: 1.0"), "checklist.version_not_text", "1.0"),
        (lambda s: s.replace("severity: low", "severity: 3"), "checklist.expected_text_got", "severity"),
        (lambda s: s.replace("prevents: [LEAK]", "prevents: [LEEK]"), "checklist.unknown_incident", "LEEK"),
        (lambda s: s.replace("severity: high", "severity: urgent"), "checklist.bad_severity", "urgent"),
        (
            lambda s: s.replace("        recommendation: 責任者を決めて周知する。\n", ""),
            "checklist.high_needs_recommendation",
            "A-1",
        ),
        (lambda s: s.replace("id: A-2", "id: A-1"), "checklist.duplicate_id", "A-1"),
        (lambda s: s.replace("code: LEAK", "code: leak"), "checklist.bad_pattern", "leak"),
        (lambda s: s.replace("id: mini", "id: mini\nid: mini2"), "checklist.duplicate_key", "id"),
        (lambda s: s.replace("    items:\n", "    items: []\n    x:\n"), "checklist.empty_list", "items"),
        (
            lambda s: s.replace("question: 台帳はありますか。", "question: ''"),
            "checklist.empty_value",
            "question",
        ),
        (
            lambda s: s.replace("incident_types:\n  - code: LEAK", "incident_types:\n  - &a code: LEAK"),
            "checklist.anchor",
            "a",
        ),
        (
            lambda s: s.replace("title: 組織体制", "title: !!python/object:os.system x"),
            "checklist.bad_tag",
            "python",
        ),
        (lambda s: s.replace("title: 組織体制", "title: [組織体制"), "checklist.not_yaml", ""),
    ],
)
def test_each_error_kind_is_located(edit, key, needle):
    problems = problems_of(edit(MINIMAL))
    match = [p for p in problems if p.key == key]
    assert match, [p.format() for p in problems]
    assert match[0].line >= 1 and match[0].col >= 1
    assert needle in match[0].message()


def test_not_utf8_names_the_byte():
    data = MINIMAL.encode("utf-8").replace("小さな点検票".encode(), "小さな点検票".encode("cp932"))
    with pytest.raises(ChecklistFileError) as info:
        load_checklist_bytes(data, "sjis.yaml")
    (p,) = info.value.problems
    assert p.key == "checklist.not_utf8" and p.line == 2


def test_bom_is_accepted():
    assert load_checklist_bytes(b"\xef\xbb\xbf" + MINIMAL.encode(), "bom.yaml").id == "mini"


def test_alias_bomb_is_refused_fast():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + n)}: &{chr(98 + n)} [*{chr(97 + n)}, *{chr(97 + n)}, *{chr(97 + n)}, *{chr(97 + n)}]\n"
        for n in range(9)
    )
    problems = problems_of(bomb)
    assert {p.key for p in problems} <= {"checklist.anchor", "checklist.alias"}


def test_file_over_5mb_is_refused(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_bytes(b"# " + b"x" * (5 * 1024 * 1024 + 10))
    _kind, problems = validate_path(big)
    assert [p.key for p in problems] == ["checklist.too_large"]


def test_english_messages():
    problems = problems_of(MINIMAL.replace("severity: high", "severity: urgent"))
    assert "high, medium or low" in problems[0].message("en")


def test_departments_file_errors():
    text = "organization: 名取市\ndepartments:\n  - code: somu\n    name: 総務課\n  - code: Somu\n    name: 総務課\n"
    keys = sorted(p.key for p in problems_of(text, departments=True))
    assert keys == ["checklist.bad_pattern", "checklist.duplicate_id"]


def test_shipped_files_are_valid():
    checklist = load_checklist_file(ROOT / "checklists" / "natori-standard.yaml")
    org = load_departments_file(ROOT / "checklists" / "departments.yaml")
    assert len(checklist.items) >= 60 and len(checklist.sections) == 9
    assert len(org.departments) == 19
    used_tags = {t for i in checklist.items for t in i.applies_to}
    dept_tags = {t for d in org.departments for t in d.tags}
    assert used_tags <= dept_tags
