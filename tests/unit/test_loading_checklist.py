"""Checklist files: every error kind at its exact line:column, named in the message; all in one run.

The positions below are 1-based and refer to tests/data/loading/minimal.yaml:

     1 id: mini
     2 title: 小さな点検票
     3 version: "1.0"
     4 incident_types:
     5   - code: LEAK
     6     name: 情報漏えい
     7 sections:
     8   - id: S1
     9     title: 組織体制
    10     items:
    11       - id: A-1
    12         question: 責任者を決めていますか。
    13         severity: high
    14         recommendation: 責任者を決めて周知する。
    15         prevents: [LEAK]
    16       - id: A-2
    17         question: 台帳はありますか。
    18         severity: low
    19         applies_to: [personal_data]
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

from natori_secaudit.domain.checklist import Checklist, Severity
from natori_secaudit.domain.serialize import checklist_snapshot, checklist_to_dict
from natori_secaudit.errors import InvalidInput
from natori_secaudit.loading import (
    ChecklistFileError,
    Problem,
    load_checklist_bytes,
    load_checklist_file,
    validate_path,
)

DATA = Path(__file__).resolve().parents[1] / "data"
LOADING = DATA / "loading"
MINIMAL = (LOADING / "minimal.yaml").read_text(encoding="utf-8")


def edit(old: str, new: str, base: str = MINIMAL) -> str:
    assert old in base, old
    return base.replace(old, new, 1)


def problems_of(data: str | bytes) -> list[Problem]:
    """The problems of a checklist that must not load; each one formats in both languages."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    with pytest.raises(ChecklistFileError) as info:
        load_checklist_bytes(raw, "x.yaml")
    problems = info.value.problems
    assert problems
    for p in problems:
        assert isinstance(p, Problem) and p.line >= 1 and p.col >= 1
        assert p.message("ja") and p.message("en")
    return problems


def one(problems: list[Problem], key: str) -> Problem:
    found = [p for p in problems if p.key == key]
    assert len(found) == 1, [p.format() for p in problems]
    return found[0]


# -- a valid file -------------------------------------------------------------------------
def test_minimal_checklist_loads_with_hash_and_section_ids():
    c = load_checklist_bytes(MINIMAL.encode(), "mini.yaml")
    assert isinstance(c, Checklist)
    assert (c.id, c.title, c.version, c.language) == ("mini", "小さな点検票", "1.0", "ja")
    assert [s.id for s in c.sections] == ["S1"]
    assert [(i.id, i.section_id, i.severity) for i in c.items] == [
        ("A-1", "S1", Severity.HIGH),
        ("A-2", "S1", Severity.LOW),
    ]
    assert c.item("A-1").prevents == ("LEAK",) and c.item("A-2").applies_to == ("personal_data",)
    assert c.incident_type("LEAK").name == "情報漏えい"
    assert re.fullmatch(r"[0-9a-f]{64}", c.sha256) and c.sha256 == checklist_snapshot(c)[1]


def test_full_file_keeps_every_field_and_strips_text():
    c = load_checklist_file(LOADING / "full.yaml")
    assert c.title == "テスト用 点検票"  # surrounding spaces stripped
    assert c.description == "1行目の説明。\n2行目の説明。"
    assert [s.id for s in c.sections] == ["S1", "S2.a"]
    assert c.item("PHY_1.1").section_id == "S2.a"
    org01 = c.item("ORG-01")
    assert org01.reference == "対策基準 1.2" and org01.prevents == ("MEDIA_LOSS", "MISSEND_MAIL")
    assert org01.recommendation.startswith("責任者を指名し")
    assert c.item("ORG-02").applies_to == ("my_number", "personal_data")
    assert c.item("PHY_1.1").prevents == () and c.item("PHY_1.1").applies_to == ()


def test_text_is_nfc_normalised():
    decomposed = unicodedata.normalize("NFD", "ガイドライン")
    assert decomposed != "ガイドライン"
    c = load_checklist_bytes(edit("title: 組織体制", f"title: {decomposed}").encode(), "x.yaml")
    assert c.section("S1").title == "ガイドライン"


def test_utf8_bom_is_accepted():
    assert load_checklist_bytes(b"\xef\xbb\xbf" + MINIMAL.encode(), "bom.yaml").id == "mini"


def test_explicit_str_tag_and_english_language_are_accepted():
    text = edit('version: "1.0"', "version: !!str 2026.10\nlanguage: en")
    c = load_checklist_bytes(text.encode(), "x.yaml")
    assert c.version == "2026.10" and c.language == "en"


def test_json_snapshot_of_a_checklist_loads_back_to_the_same_hash():
    """Bundles carry the checklist as JSON (which is YAML) and check its hash on import."""
    original = load_checklist_file(LOADING / "full.yaml")
    again = load_checklist_bytes(
        json.dumps(checklist_to_dict(original), ensure_ascii=False).encode(), "b.json"
    )
    assert again == original and again.sha256 == original.sha256


# -- each error kind, located -----------------------------------------------------------
CASES = [
    # (name, text, key, line, col, words the message must contain)
    (
        "missing title",
        edit("title: 小さな点検票\n", ""),
        "checklist.missing_key",
        1,
        1,
        ["「title」", "点検票の最上位"],
    ),
    (
        "missing question",
        edit("        question: 台帳はありますか。\n", ""),
        "checklist.missing_key",
        16,
        9,
        ["「question」", "項目「A-2」"],
    ),
    (
        "missing section title",
        edit("    title: 組織体制\n", ""),
        "checklist.missing_key",
        8,
        5,
        ["「title」", "区分「S1」"],
    ),
    (
        "typo key",
        edit("        severity: low\n", "        severity: low\n        questoin: x\n"),
        "checklist.unknown_key_suggest",
        19,
        9,
        [
            "「questoin」",
            "使えるキー: id, question, severity, guidance, recommendation, reference, prevents, applies_to",
            "「question」の書き間違い",
        ],
    ),
    (
        "unknown key",
        edit("        severity: low\n", "        severity: low\n        note: x\n"),
        "checklist.unknown_key",
        19,
        9,
        ["「note」", "使えるキー: id, question"],
    ),
    (
        "severity number",
        edit("severity: low", "severity: 3"),
        "checklist.expected_text_got",
        18,
        19,
        ["「severity」", "「3」", '"3"'],
    ),
    (
        "version float",
        edit('version: "1.0"', "version: 2026.10"),
        "checklist.version_not_text",
        3,
        10,
        ['"2026.10"', "引用符"],
    ),
    ("version int", edit('version: "1.0"', "version: 2"), "checklist.version_not_text", 3, 10, ['"2"']),
    (
        "title is a list",
        edit("title: 小さな点検票", "title: [a, b]"),
        "checklist.expected_text",
        2,
        8,
        ["「title」"],
    ),
    (
        "prevents not a list",
        edit("prevents: [LEAK]", "prevents: LEAK"),
        "checklist.expected_list",
        15,
        19,
        ["「prevents」"],
    ),
    (
        "sections not a list",
        edit("sections:\n", "sections: S1\nold:\n"),
        "checklist.expected_list",
        7,
        11,
        ["「sections」"],
    ),
    (
        "empty sections",
        "id: x\ntitle: t\nversion: '1'\nsections: []\n",
        "checklist.empty_list",
        4,
        11,
        ["「sections」"],
    ),
    (
        "null sections",
        "id: x\ntitle: t\nversion: '1'\nsections:\n",
        "checklist.empty_list",
        4,
        10,
        ["「sections」"],
    ),
    (
        "empty items",
        edit("    items:\n", "    items: []\n    old:\n"),
        "checklist.empty_list",
        10,
        12,
        ["「items」"],
    ),
    (
        "item not a mapping",
        edit("      - id: A-2\n", "      - A-2\n      - id: A-3\n"),
        "checklist.expected_mapping",
        16,
        9,
        ["区分「S1」の 2 番目の項目"],
    ),
    (
        "checklist id pattern",
        edit("id: mini", "id: Mini"),
        "checklist.bad_pattern",
        1,
        5,
        ["「id」", "「Mini」", "natori-standard"],
    ),
    (
        "incident code pattern",
        edit("code: LEAK", "code: Leak"),
        "checklist.bad_pattern",
        5,
        11,
        ["「code」", "「Leak」", "MEDIA_LOSS"],
    ),
    (
        "section id pattern",
        edit("id: S1", "id: S 1"),
        "checklist.bad_pattern",
        8,
        9,
        ["「S 1」", "S1、ORG-01"],
    ),
    ("item id full-width", edit("id: A-2", "id: Ａ-2"), "checklist.bad_pattern", 16, 13, ["「Ａ-2」"]),
    (
        "applies_to pattern",
        edit("[personal_data]", "[personal_data, Personal-Data]"),
        "checklist.bad_pattern",
        19,
        37,
        ["「applies_to」", "「Personal-Data」", "my_number"],
    ),
    (
        "duplicate item id",
        edit("id: A-2", "id: A-1"),
        "checklist.duplicate_id",
        16,
        13,
        ["項目の id", "「A-1」", "最初は 11 行目"],
    ),
    (
        "duplicate incident code",
        edit("    name: 情報漏えい\n", "    name: 情報漏えい\n  - code: LEAK\n    name: 二重\n"),
        "checklist.duplicate_id",
        7,
        11,
        ["「LEAK」", "最初は 5 行目"],
    ),
    (
        "undefined prevents",
        edit("prevents: [LEAK]", "prevents: [LEAK, LEEK]"),
        "checklist.unknown_incident",
        15,
        26,
        ["「LEEK」", "定義済みのコード（LEAK）"],
    ),
    (
        "bad severity",
        edit("severity: high", "severity: urgent"),
        "checklist.bad_severity",
        13,
        19,
        ["「urgent」", "high（高）・medium（中）・low（低）"],
    ),
    (
        "high without recommendation",
        edit("        recommendation: 責任者を決めて周知する。\n", ""),
        "checklist.high_needs_recommendation",
        11,
        9,
        ["項目「A-1」", "「recommendation」", "推奨対策"],
    ),
    (
        "high with empty recommendation",
        edit("recommendation: 責任者を決めて周知する。", "recommendation: ''"),
        "checklist.high_empty_recommendation",
        14,
        25,
        ["項目「A-1」", "recommendation"],
    ),
    (
        "blank question",
        edit("question: 台帳はありますか。", "question: '   '"),
        "checklist.empty_value",
        17,
        19,
        ["「question」", "項目「A-2」"],
    ),
    ("null title", edit("title: 小さな点検票", "title:"), "checklist.empty_value", 2, 7, ["「title」"]),
    (
        "duplicate mapping key",
        edit("id: mini\n", "id: mini\nid: mini2\n"),
        "checklist.duplicate_key",
        2,
        1,
        ["「id」", "最初は 1 行目"],
    ),
    (
        "text too long",
        edit("question: 台帳はありますか。", "question: " + "あ" * 2001),
        "checklist.text_too_long",
        17,
        19,
        ["「question」", "2001", "2000"],
    ),
    (
        "bad language",
        edit('version: "1.0"', 'version: "1.0"\nlanguage: fr'),
        "checklist.bad_language",
        4,
        11,
        ["「fr」", "ja", "en"],
    ),
    ("key is a number", edit("id: mini\n", "id: mini\n1: x\n"), "checklist.bad_key", 2, 1, ["「1」"]),
    (
        "full-width space before a key",
        edit("        severity: low", "        　severity: low"),
        "checklist.key_has_space",
        18,
        9,
        ["「severity」", "全角スペース"],
    ),
    (
        "python tag",
        edit("title: 組織体制", "title: !!python/object/apply:os.system ['echo']"),
        "checklist.bad_tag",
        9,
        12,
        ["!!python/object/apply:os.system"],
    ),
    (
        "custom tag",
        edit("question: 台帳はありますか。", "question: !secret 台帳"),
        "checklist.bad_tag",
        17,
        19,
        ["!secret"],
    ),
    (
        "control character escape",
        edit("question: 台帳はありますか。", 'question: "台帳\\x07"'),
        "checklist.control_char",
        17,
        19,
        ["「question」", "U+0007"],
    ),
    (
        "lone surrogate escape",
        edit("question: 台帳はありますか。", 'question: "\\ud800"'),
        "checklist.control_char",
        17,
        19,
        ["U+D800"],
    ),
    (
        "NUL byte",
        edit("question: 台帳", "question: 台\x00帳"),
        "checklist.forbidden_char",
        17,
        20,
        ["U+0000"],
    ),
    (
        "line separator",
        edit("question: 台帳", "question: 台\u2028帳"),
        "checklist.forbidden_char",
        17,
        20,
        ["U+2028"],
    ),
    (
        "unclosed bracket",
        edit("prevents: [LEAK]", "prevents: [LEAK"),
        "checklist.not_yaml",
        16,
        11,
        ["YAML として読めません", "かっこ", "expected ',' or ']'"],
    ),
    (
        "tab indentation",
        edit("        severity: low", "\t  severity: low"),
        "checklist.not_yaml",
        18,
        1,
        ["タブ"],
    ),
    (
        "full-width indentation",
        edit("        severity: low", "　　　　severity: low"),
        "checklist.not_yaml",
        18,
        1,
        ["全角スペース"],
    ),
    (
        "colon in value",
        edit("question: 台帳はありますか。", "question: 注意: 台帳"),
        "checklist.not_yaml",
        17,
        21,
        ["引用符"],
    ),
    ("two documents", MINIMAL + "---\nid: other\n", "checklist.many_documents", 20, 1, ["---"]),
    ("root is a list", "- id: x\n- id: y\n", "checklist.expected_mapping", 1, 1, ["点検票の最上位"]),
    ("empty file", "# only a comment\n", "checklist.empty_file", 1, 1, ["空"]),
]


@pytest.mark.parametrize("text,key,line,col,words", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_error_kind_is_located_and_named(text, key, line, col, words):
    p = one(problems_of(text), key)
    assert (p.line, p.col) == (line, col), p.format()
    for word in words:
        assert word in p.message(), (word, p.message())
    assert p.format() == f"x.yaml:{line}:{col}: {p.message()}"


def test_file_text_quoted_in_messages_is_made_printable():
    problems = problems_of(
        edit("id: mini\n", 'id: mini\n"bad\\x07key\\ud800": x\nversion2: !!int "\\ud800"\n')
    )
    texts = [p.format() for p in problems]
    assert any("「bad\ufffdkey\ufffd」" in t for t in texts), texts
    for t in texts:
        t.encode("utf-8")


def test_full_width_key_suggests_the_ascii_key():
    p = one(
        problems_of(edit("title: 小さな点検票", "ｔｉｔｌｅ: 小さな点検票")), "checklist.unknown_key_suggest"
    )
    assert "（「title」の書き間違いではありませんか）" in p.message()


def test_anchor_and_alias_are_refused_each_at_its_mark():
    text = edit("prevents: [LEAK]", "prevents: &p [LEAK]").replace(
        "applies_to: [personal_data]", "applies_to: *p"
    )
    problems = problems_of(text)
    assert [(p.key, p.line, p.col) for p in problems] == [
        ("checklist.anchor", 15, 19),
        ("checklist.alias", 19, 21),
    ]
    assert "「&p」" in problems[0].message() and "「*p」" in problems[1].message()


def test_billion_laughs_is_refused_fast_and_never_expanded():
    kind, problems = validate_path(LOADING / "billion_laughs.yaml")
    assert {p.key for p in problems} == {"checklist.anchor", "checklist.alias"}
    assert len([p for p in problems if p.key == "checklist.anchor"]) == 9
    assert len([p for p in problems if p.key == "checklist.alias"]) == 81
    assert (problems[0].line, problems[0].col) == (2, 4)  # a: &a [...]


def test_deep_nesting_is_a_problem_not_a_recursion_error():
    p = one(problems_of("a: " + "[" * 100_000), "checklist.too_deep")
    assert p.line == 1 and "32" in p.message()


def test_not_utf8_names_line_column_and_byte():
    data = (
        edit("title: 小さな点検票", "title: 小さな点検票")
        .encode()
        .replace("小さな".encode(), "小さな".encode("cp932"))
    )
    (p,) = problems_of(data)
    assert p.key == "checklist.not_utf8" and (p.line, p.col) == (2, 8)
    offset = data.index("小さな".encode("cp932"))
    assert f"先頭から {offset + 1} バイト目の 0x{data[offset]:02X}" in p.message()
    assert f"byte offset {offset}" in p.message("en")


def test_not_utf8_offset_counts_the_bom():
    (p,) = problems_of(b"\xef\xbb\xbfid: \xff\n")
    assert (p.line, p.col) == (1, 5) and p.params["offset"] == 7


def test_file_over_5_mb_is_refused_before_parsing(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_bytes(MINIMAL.encode() + b"#" * (5 * 1024 * 1024))
    kind, problems = validate_path(big)
    assert kind is None and [(p.key, p.line, p.col) for p in problems] == [("checklist.too_large", 1, 1)]
    assert "5 MB" in problems[0].message()
    (p,) = problems_of(MINIMAL.encode() + b"#" * (5 * 1024 * 1024))
    assert p.key == "checklist.too_large"


def test_oversized_file_is_refused_without_being_opened(tmp_path, monkeypatch):
    big = tmp_path / "sparse.yaml"
    with big.open("wb") as fh:
        fh.truncate(6 * 1024 * 1024)

    def refuse(*_args, **_kwargs):
        raise AssertionError("an oversized file was opened")

    monkeypatch.setattr(Path, "open", refuse)
    assert [p.key for p in validate_path(big)[1]] == ["checklist.too_large"]


def test_file_of_exactly_5_mb_is_read():
    data = MINIMAL.encode() + b"#" * (5 * 1024 * 1024 - len(MINIMAL.encode()))
    assert len(data) == 5 * 1024 * 1024
    assert load_checklist_bytes(data, "x.yaml").id == "mini"


def test_text_of_exactly_2000_characters_is_accepted():
    c = load_checklist_bytes(
        edit("question: 台帳はありますか。", "question: " + "あ" * 2000).encode(), "x.yaml"
    )
    assert len(c.item("A-2").question) == 2000


def _many_items(n: int) -> str:
    items = "".join(
        f"      - id: I-{i}\n        question: 質問{i}\n        severity: low\n" for i in range(1, n + 1)
    )
    return "id: big\ntitle: t\nversion: '1'\nsections:\n  - id: S1\n    title: t\n    items:\n" + items


def test_2000_items_load_and_2001_are_refused_at_the_extra_item():
    assert len(load_checklist_bytes(_many_items(2000).encode(), "x.yaml").items) == 2000
    p = one(problems_of(_many_items(2001)), "checklist.too_many_items")
    assert (p.line, p.col) == (8 + 3 * 2000, 9) and "2000" in p.message()


def test_duplicates_across_sections_point_at_the_second_and_name_the_first():
    text = (
        MINIMAL
        + "  - id: S1\n    title: 重複\n    items:\n      - id: A-1\n        question: q\n        severity: low\n"
    )
    problems = problems_of(text)
    assert [(p.key, p.line, p.col) for p in problems] == [
        ("checklist.duplicate_id", 20, 9),
        ("checklist.duplicate_id", 23, 13),
    ]
    assert "区分の id「S1」" in problems[0].message() and "最初は 8 行目" in problems[0].message()
    assert "項目の id「A-1」" in problems[1].message() and "最初は 11 行目" in problems[1].message()


def test_prevents_without_any_incident_types_says_none_defined():
    text = edit("incident_types:\n  - code: LEAK\n    name: 情報漏えい\n", "")
    p = one(problems_of(text), "checklist.unknown_incident")
    assert (p.line, p.col) == (12, 20) and "（なし）" in p.message() and "(none)" in p.message("en")


# -- all problems in one run; whole or nothing ---------------------------------------------
def test_every_problem_is_reported_in_one_run_and_nothing_is_loaded():
    text = (
        edit("id: mini", "id: Mini")
        .replace("severity: low", "severity: lo")
        .replace("prevents: [LEAK]", "prevents: [LEEK]")
        .replace("title: 組織体制", "titel: 組織体制")
    )
    problems = problems_of(text)
    assert [(p.key, p.line) for p in problems] == [
        ("checklist.bad_pattern", 1),
        ("checklist.missing_key", 8),
        ("checklist.unknown_key_suggest", 9),
        ("checklist.unknown_incident", 15),
        ("checklist.bad_severity", 18),
    ]


def test_problem_list_is_capped_with_a_summary():
    text = "a: [" + ", ".join(["*x"] * 2000) + "]\n"
    problems = problems_of(text)
    assert len(problems) == 501 and problems[-1].key == "checklist.too_many_problems"
    assert "500" in problems[-1].message()


def test_error_is_an_invalid_input_with_problem_objects():
    with pytest.raises(ChecklistFileError) as info:
        load_checklist_bytes(edit("severity: high", "severity: urgent").encode(), "点検票.yaml")
    exc = info.value
    assert isinstance(exc, InvalidInput) and exc.exit_code == 2
    assert exc.key == "checklist.file_invalid" and exc.params == {"path": "点検票.yaml", "count": 1}
    assert all(isinstance(p, Problem) for p in exc.problems)
    assert str(exc).startswith("点検票.yaml に 1 件の問題があります。")


def test_missing_file_raises_checklist_file_error(tmp_path):
    with pytest.raises(ChecklistFileError) as info:
        load_checklist_file(tmp_path / "nai.yaml")
    (p,) = info.value.problems
    assert (p.key, p.line, p.col) == ("checklist.not_found", 1, 1)


# -- English ------------------------------------------------------------------------------
def test_english_messages():
    p = one(problems_of(edit("severity: high", "severity: urgent")), "checklist.bad_severity")
    assert p.message("en") == "severity 'urgent' is not allowed: use high, medium or low (lower case)."
    assert p.format("en") == f"x.yaml:13:19: {p.message('en')}"
    missing = one(problems_of(edit("        question: 台帳はありますか。\n", "")), "checklist.missing_key")
    assert (
        missing.message("en") == "item 'A-2' is missing the required key 'question': add a 'question: ' line."
    )
    typo = one(
        problems_of(edit("        severity: low\n", "        severity: low\n        questoin: x\n")),
        "checklist.unknown_key_suggest",
    )
    assert typo.message("en").endswith("(did you mean 'question'?)")


# -- the files we ship ----------------------------------------------------------------------
def test_shipped_checklist_and_departments_load_without_problems():
    root = Path(__file__).resolve().parents[2] / "checklists"
    for name, kind in (("natori-standard.yaml", "checklist"), ("departments.yaml", "departments")):
        got_kind, problems = validate_path(root / name)
        assert problems == [], [p.format() for p in problems]
        assert got_kind == kind
    checklist = load_checklist_file(root / "natori-standard.yaml")
    assert checklist.items and len(checklist.sha256) == 64
