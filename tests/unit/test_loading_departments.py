"""Department lists, file-kind detection, validate_path, folders of checklists, and the message catalogue.

Positions refer to tests/data/loading/departments.yaml:

     1 # 所属一覧（テスト用）
     2 organization: 名取市
     3 departments:
     4   - code: somu
     5     name: 総務課
     6     division: 総務部
     7     tags: [personal_data, outsourcing]
     8   - code: shimin
     9     name: 市民課
    10     division: 市民生活部
    11     tags:
    12       - personal_data
    13       - my_number
    14   - code: gikai_jimu-kyoku
    15     name: 議会事務局
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from natori_secaudit import i18n
from natori_secaudit.domain.checklist import Department, Organization
from natori_secaudit.loading import (
    ChecklistFileError,
    Problem,
    file_kind,
    load_checklist_dir,
    load_departments_bytes,
    load_departments_file,
    validate_path,
)

DATA = Path(__file__).resolve().parents[1] / "data"
LOADING = DATA / "loading"
DEPTS = (LOADING / "departments.yaml").read_text(encoding="utf-8")
MINIMAL = (LOADING / "minimal.yaml").read_text(encoding="utf-8")
PKG = Path(__file__).resolve().parents[2] / "natori_secaudit"


def edit(old: str, new: str, base: str = DEPTS) -> str:
    assert old in base, old
    return base.replace(old, new, 1)


def problems_of(text: str) -> list[Problem]:
    with pytest.raises(ChecklistFileError) as info:
        load_departments_bytes(text.encode("utf-8"), "d.yaml")
    problems = info.value.problems
    for p in problems:
        assert p.message("ja") and p.message("en")
    return problems


# -- department lists -------------------------------------------------------------------------
def test_department_list_loads():
    org = load_departments_file(LOADING / "departments.yaml")
    assert org == Organization(
        "名取市",
        (
            Department("somu", "総務課", "総務部", ("personal_data", "outsourcing")),
            Department("shimin", "市民課", "市民生活部", ("personal_data", "my_number")),
            Department("gikai_jimu-kyoku", "議会事務局", "", ()),
        ),
    )
    assert org.department("shimin").holds_personal_data


CASES = [
    (
        "missing organization",
        edit("organization: 名取市\n", ""),
        "checklist.missing_key",
        2,
        1,
        ["「organization」", "所属一覧の最上位"],
    ),
    (
        "missing name",
        edit("    name: 議会事務局\n", ""),
        "checklist.missing_key",
        14,
        5,
        ["「name」", "所属「gikai_jimu-kyoku」"],
    ),
    (
        "empty departments",
        "organization: 名取市\ndepartments: []\n",
        "checklist.empty_list",
        2,
        14,
        ["「departments」"],
    ),
    (
        "code pattern",
        edit("code: shimin", "code: Shimin"),
        "checklist.bad_pattern",
        8,
        11,
        ["「Shimin」", "somu"],
    ),
    (
        "duplicate code",
        edit("code: shimin", "code: somu"),
        "checklist.duplicate_id",
        8,
        11,
        ["所属コード", "「somu」", "最初は 4 行目"],
    ),
    (
        "duplicate name",
        edit("name: 市民課", "name: 総務課"),
        "checklist.duplicate_id",
        9,
        11,
        ["所属名", "「総務課」", "最初は 5 行目"],
    ),
    (
        "tag pattern",
        edit("      - my_number", "      - My Number"),
        "checklist.bad_pattern",
        13,
        9,
        ["「tags」", "「My Number」"],
    ),
    (
        "tags not a list",
        edit("tags: [personal_data, outsourcing]", "tags: personal_data"),
        "checklist.expected_list",
        7,
        11,
        ["「tags」"],
    ),
    (
        "typo key",
        edit("division: 総務部", "divison: 総務部"),
        "checklist.unknown_key_suggest",
        6,
        5,
        ["「divison」", "「division」の書き間違い", "使えるキー: code, name, division, tags"],
    ),
    (
        "empty name",
        edit("name: 市民課", "name: ''"),
        "checklist.empty_value",
        9,
        11,
        ["「name」", "所属「shimin」"],
    ),
    (
        "department not a mapping",
        edit("  - code: gikai_jimu-kyoku\n    name: 議会事務局\n", "  - 議会事務局\n"),
        "checklist.expected_mapping",
        14,
        5,
        ["departments の 3 番目の所属"],
    ),
    ("name is a number", edit("name: 市民課", "name: 110"), "checklist.expected_text_got", 9, 11, ['"110"']),
]


@pytest.mark.parametrize("text,key,line,col,words", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_department_error_is_located_and_named(text, key, line, col, words):
    found = [p for p in problems_of(text) if p.key == key]
    assert len(found) == 1, [p.format() for p in problems_of(text)]
    p = found[0]
    assert (p.line, p.col) == (line, col), p.format()
    for word in words:
        assert word in p.message(), (word, p.message())


def test_department_problems_all_in_one_run():
    text = edit("code: shimin", "code: Shimin").replace("name: 議会事務局", "name: 総務課")
    assert [(p.key, p.line) for p in problems_of(text)] == [
        ("checklist.bad_pattern", 8),
        ("checklist.duplicate_id", 15),
    ]


# -- kinds, validate_path, folders -----------------------------------------------------------
def test_file_kind():
    assert file_kind(MINIMAL.encode()) == "checklist"
    assert file_kind(DEPTS.encode()) == "departments"
    assert file_kind(b"id: x\ntitle: y\n") is None
    assert file_kind(b"- a\n- b\n") is None
    assert file_kind(b"\xff\xfe") is None
    assert file_kind(b"a: [") is None
    assert file_kind(b"") is None


def test_validate_path_reports_valid_files_with_their_kind():
    assert validate_path(LOADING / "minimal.yaml") == ("checklist", [])
    assert validate_path(LOADING / "departments.yaml") == ("departments", [])


def test_validate_path_never_raises_for_unreadable_paths(tmp_path):
    kind, problems = validate_path(tmp_path / "missing.yaml")
    assert kind is None and [(p.key, p.line, p.col) for p in problems] == [("checklist.not_found", 1, 1)]
    assert problems[0].format().startswith(f"{tmp_path / 'missing.yaml'}:1:1: ファイルが見つかりません")
    kind, problems = validate_path(tmp_path)
    assert kind is None and [p.key for p in problems] == ["checklist.is_directory"]


def test_validate_path_neither_kind(tmp_path):
    path = tmp_path / "other.yaml"
    path.write_text("foo: 1\nbar: 2\n", encoding="utf-8")
    kind, problems = validate_path(path)
    assert kind is None and [(p.key, p.line, p.col) for p in problems] == [("checklist.unknown_kind", 1, 1)]
    assert "sections" in problems[0].message() and "departments" in problems[0].message()


def test_validate_path_guesses_kind_when_the_kind_key_has_a_typo(tmp_path):
    path = tmp_path / "typo.yaml"
    path.write_text(MINIMAL.replace("sections:", "section:"), encoding="utf-8")
    kind, problems = validate_path(path)
    assert kind == "checklist"
    assert [(p.key, p.line) for p in problems] == [
        ("checklist.missing_key", 1),
        ("checklist.unknown_key_suggest", 7),
    ]
    assert "「sections」の書き間違い" in problems[1].message()


def test_ten_mistakes_give_exactly_ten_located_problems():
    path = DATA / "ten_mistakes.yaml"
    kind, problems = validate_path(path)
    assert kind == "checklist"
    assert sorted((p.line, p.key) for p in problems) == [
        (1, "checklist.bad_pattern"),  # id: Bad_ID
        (3, "checklist.version_not_text"),  # version: 2026.1
        (11, "checklist.high_needs_recommendation"),  # high item, no recommendation
        (14, "checklist.duplicate_id"),  # item A-1 again
        (19, "checklist.unknown_key"),  # note:
        (23, "checklist.bad_severity"),  # severity: critical
        (27, "checklist.unknown_incident"),  # prevents: [NOPE]
        (31, "checklist.expected_text"),  # guidance is a list
        (34, "checklist.empty_list"),  # items: []
        (35, "checklist.duplicate_id"),  # section S1 again
    ]
    assert all(p.format().startswith(f"{path}:{p.line}:{p.col}: ") for p in problems)
    assert any("「note」" in p.message() for p in problems)


def test_load_checklist_dir_takes_checklists_skips_department_lists_and_reports_broken_files(tmp_path):
    shutil.copy(LOADING / "minimal.yaml", tmp_path / "a.yaml")
    shutil.copy(LOADING / "full.yaml", tmp_path / "b.YML")
    shutil.copy(LOADING / "departments.yaml", tmp_path / "departments.yaml")
    shutil.copy(DATA / "ten_mistakes.yaml", tmp_path / "c.yaml")
    (tmp_path / "notes.txt").write_text("not yaml: [", encoding="utf-8")
    (tmp_path / "d.yaml").mkdir()
    checklists, problems = load_checklist_dir(tmp_path)
    assert sorted(c.id for c in checklists) == ["full-test", "mini"]
    assert all(len(c.sha256) == 64 for c in checklists)
    assert len(problems) == 10 and {p.path for p in problems} == {str(tmp_path / "c.yaml")}


def test_load_checklist_dir_of_a_missing_folder(tmp_path):
    checklists, problems = load_checklist_dir(tmp_path / "nai")
    assert checklists == [] and [p.key for p in problems] == ["checklist.unreadable"]


# -- the message catalogue ------------------------------------------------------------------------
def _keys_used_by_the_loader() -> set[str]:
    keys: set[str] = set()
    for name in ("problems", "located_yaml", "validator", "checklist_file", "departments_file", "files"):
        text = (PKG / "loading" / f"{name}.py").read_text(encoding="utf-8")
        keys |= set(re.findall(r"""["'](checklist\.[a-z_]+)["']""", text))
    return keys


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_loader_message_key_is_in_the_catalogue(lang):
    used = _keys_used_by_the_loader()
    assert len(used) > 50
    assert sorted(used - i18n.keys(lang)) == []


def test_cli_messages_exist_in_both_languages():
    for lang in ("ja", "en"):
        assert i18n.t("checklist.file_invalid", lang=lang, path="p.yaml", count=3).startswith("p.yaml")
        assert i18n.t(
            "checklist.valid", lang=lang, path="p.yaml", kind=i18n.t("checklist.kind_checklist", lang=lang)
        )
        assert i18n.t("checklist.kind_departments", lang=lang) and i18n.t("checklist.unknown_kind", lang=lang)
    assert i18n.t("checklist.file_invalid", path="p.yaml", count=3).startswith(
        "p.yaml に 3 件の問題があります。"
    )
    assert i18n.t("checklist.valid", path="p.yaml", kind="点検票") == "p.yaml: 問題ありません（点検票）"


def test_a_multi_line_value_quoted_inside_a_location_prints_on_one_line():
    """Found by the nightly fuzz run (10,000 cases): a department code that YAML folds over blank lines
    was quoted, newline and all, inside 所属「…」, and the problem no longer printed on one line."""
    from natori_secaudit.loading import ChecklistFileError, load_departments_bytes

    data = (
        "organization: 名取市\ndepartments:\n  - code: gikai_jimu-kyoku\n\n      - personal_data\n"
        "      - my_number\n"
    ).encode()
    with pytest.raises(ChecklistFileError) as err:
        load_departments_bytes(data, "fuzz.yaml")
    for problem in err.value.problems:
        assert "\n" not in problem.format(), problem.format()
