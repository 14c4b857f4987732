"""The department list writer: what it writes loads back equal (the shipped list, edge cases,
generated lists), and a list the loader would refuse is never written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from natori_secaudit.domain.checklist import Department, Organization
from natori_secaudit.loading import ChecklistFileError, load_departments_bytes, load_departments_file
from natori_secaudit.loading.departments_writer import dump_departments, normalized, save_departments

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "checklists" / "departments.yaml"


def test_the_shipped_list_written_again_loads_equal_and_keeps_its_header_comments(tmp_path):
    org = load_departments_file(SHIPPED)
    target = tmp_path / "departments.yaml"
    target.write_bytes(SHIPPED.read_bytes())
    save_departments(org, target)
    assert load_departments_file(target) == org
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# 名取市の所属一覧。tags は点検票の applies_to と対応します。")
    assert "lgwan_terminal 業務端末がLGWAN接続系にある" in text
    assert "it_division: 統括情報セキュリティ責任者（AIシステム推進課）" in text


EDGE = [
    "総務課",
    "文化・スポーツ課",
    "a: b",
    "課: 名取",
    "it's",
    '"引用"',
    "'single'",
    "# not a comment",
    "x #y",
    "- dash",
    "[flow]",
    "{map}",
    "yes",
    "null",
    "~",
    "123",
    "1_000",
    "2026-04-01",
    "0x1F",
    "!tag",
    "&anchor",
    "*alias",
    "%percent",
    "@at",
    "`tick",
    "|pipe",
    ">fold",
    "back\\slash",
    "line one\nline two",
    "tab\there",
    "最高情報セキュリティ責任者（副市長）",
    "ｶﾀｶﾅ",
    "é",
]


@pytest.mark.parametrize("text", EDGE)
def test_awkward_text_loads_back_as_written(text):
    org = Organization(
        text,
        (Department("somu", text, text, (), ("old-somu",), text),),
        it_division=text,
        ciso_title=text,
    )
    assert load_departments_bytes(dump_departments(org), "x.yaml") == org


@pytest.mark.parametrize("code", ["123", "1_000", "yes", "no", "null", "0x1f", "1e3", "true", "on", "off"])
def test_codes_and_tags_that_yaml_would_read_as_numbers_or_booleans_stay_text(code):
    org = Organization("市", (Department(code, "課", tags=(code,), formerly=("a", code + "x")),))
    assert load_departments_bytes(dump_departments(org), "x.yaml") == org


def test_empty_optional_fields_are_left_out_and_load_as_empty():
    org = Organization("市", (Department("somu", "総務課"),))
    text = dump_departments(org).decode()
    assert text == "organization: 市\ndepartments:\n  - code: somu\n    name: 総務課\n"
    assert load_departments_bytes(text.encode(), "x.yaml") == org


def test_text_is_written_as_the_loader_gives_it_back_nfc_and_stripped():
    org = Organization(" 市 ", (Department("somu", "か\u3099課 ", head="  課長"),))
    assert load_departments_bytes(dump_departments(org), "x.yaml") == normalized(org)
    assert normalized(org).departments[0].name == "が課"


CODE = st.from_regex(r"\A[a-z0-9][a-z0-9_-]{0,12}\Z")
TEXT = st.text(
    st.characters(
        blacklist_categories=("Cs", "Cc", "Zl", "Zp"),
        blacklist_characters="\ufeff\ufffe\uffff\x85",
    )
    | st.sampled_from(list(":#'\"-[]{},&*!|>%@`\\ 　名取市課長\n\t")),
    max_size=30,
).map(lambda s: s.strip())
NAME = TEXT.filter(bool)


@st.composite
def organizations(draw):
    codes = draw(st.lists(CODE, min_size=1, max_size=6, unique=True))
    names = draw(st.lists(NAME, min_size=len(codes), max_size=len(codes), unique_by=normalize_name))
    departments = []
    for code, name in zip(codes, names, strict=True):
        formerly = draw(st.lists(CODE.filter(lambda c, me=code: c != me), max_size=3, unique=True))
        departments.append(
            Department(
                code,
                name,
                draw(TEXT),
                tuple(draw(st.lists(CODE, max_size=4, unique=True))),
                tuple(formerly),
                draw(TEXT),
            )
        )
    return Organization(draw(NAME), tuple(departments), draw(TEXT), draw(TEXT))


def normalize_name(name: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFC", name).strip()


@settings(max_examples=50, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(organizations())
def test_any_list_the_loader_accepts_loads_back_equal(org):
    org = normalized(org)
    assert load_departments_bytes(dump_departments(org), "x.yaml") == org


def test_a_list_the_loader_refuses_is_never_written_and_the_old_file_stays(tmp_path):
    target = tmp_path / "departments.yaml"
    target.write_bytes(SHIPPED.read_bytes())
    bad = Organization(
        "市", (Department("somu", "総務課"), Department("somu", "総務部総務課", tags=("BadTag",)))
    )
    with pytest.raises(ChecklistFileError) as caught:
        save_departments(bad, target)
    text = "\n".join(p.format() for p in caught.value.problems)
    assert "departments.yaml:" in text and "somu" in text and "BadTag" in text
    assert target.read_bytes() == SHIPPED.read_bytes()
    assert [p for p in os.listdir(tmp_path) if p != "departments.yaml"] == []


def test_formerly_is_checked_against_last_years_list_before_writing(tmp_path):
    last = Organization("市", (Department("doboku", "土木課"),))
    new = Organization("市", (Department("doro", "道路課", formerly=("dobok",)),))
    target = tmp_path / "departments.yaml"
    with pytest.raises(ChecklistFileError) as caught:
        save_departments(new, target, last)
    assert "dobok" in caught.value.problems[0].format() and "doboku" in caught.value.problems[0].format()
    assert not target.exists()
    save_departments(Organization("市", (Department("doro", "道路課", formerly=("doboku",)),)), target, last)
    assert load_departments_file(target, last).departments[0].formerly == ("doboku",)
