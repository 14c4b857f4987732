"""Reports read back as text: the numbers a CISO sees equal the compiled ones."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader

from natori_secaudit.demo.generator import generate_year
from natori_secaudit.domain.answers import Answer, AnswerStatus
from natori_secaudit.domain.compile import compile_year
from natori_secaudit.domain.fiscal_year import FiscalYear
from natori_secaudit.errors import AppError
from natori_secaudit.loading import load_checklist_file, load_departments_file
from natori_secaudit.reporting import build_ciso_report, build_department_report

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def city():
    cl = load_checklist_file(ROOT / "checklists" / "natori-standard.yaml")
    org = load_departments_file(ROOT / "checklists" / "departments.yaml")
    y1 = generate_year(cl, org, FiscalYear(2025), 11)
    codes = {d.code for d in org.departments}
    y2 = generate_year(cl, org, FiscalYear(2026), 12, previous=y1, submitted_codes=codes - {"host-town"})
    # A name with rare kanji, and an inspector with 﨑, must print.
    shimin = y2.assessments["shimin"]
    answers = dict(shimin.answers)
    answers["HUM-04"] = Answer(
        "HUM-04",
        AnswerStatus.NOT_IMPLEMENTED,
        comment="髙橋係長が確認中 〜 ①",
        action="一斉送信の仕組みを導入",
        due=dt.date(2027, 2, 28),
    )
    y2.assessments["shimin"] = replace(shimin, answers=answers, inspector="山﨑 髙子")  # type: ignore[index]
    return compile_year(y2, y1, today=dt.date(2026, 11, 24)), y2


def _text(pdf: Path) -> tuple[list[str], str]:
    pages = [p.extract_text() for p in PdfReader(str(pdf)).pages]
    return pages, re.sub(r"\s+", "", "".join(pages))


@pytest.fixture(scope="module")
def ciso_pdf(city, tmp_path_factory) -> Path:
    """The city's CISO report, built once for the tests that only read it."""
    compiled, _data = city
    return build_ciso_report(compiled, tmp_path_factory.mktemp("ciso") / "ciso.pdf", invariant=True)


def test_ciso_report_says_what_was_compiled(city, ciso_pdf):
    compiled, _data = city
    pages, flat = _text(ciso_pdf)
    assert 15 <= len(pages) <= 100
    assert f"{compiled.city.percent:.1f}%" in flat  # the figure box (a number, half-width)
    assert "令和8年度" in flat and "情報セキュリティ自己点検結果報告書" in flat
    for n, page in enumerate(pages, start=1):
        compact = re.sub(r"\s+", "", page)
        assert "取扱注意" in compact, n
        assert f"{n}/{len(pages)}" in compact, n
    for f in compiled.findings[:10]:
        assert re.sub(r"\s+", "", f.item.recommendation) in flat
        for g in f.gaps:
            assert g.department.name in flat
    assert "髙橋係長が確認中〜①" in flat  # comment printed in the appendix
    assert "採点の方法" in flat and "該当なし" in flat
    assert "復興ありがとうホストタウン推進室（" in flat  # named as not submitted


def test_every_font_is_embedded(ciso_pdf):
    reader = PdfReader(str(ciso_pdf))
    seen = 0
    for page in reader.pages:
        fonts = page["/Resources"].get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            desc = font.get("/FontDescriptor")
            if desc is None and "/DescendantFonts" in font:
                desc = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert desc is not None, font
            desc = desc.get_object()
            assert "/FontFile2" in desc, font.get("/BaseFont")
            seen += 1
    assert seen > 0


@pytest.mark.slow
def test_same_data_same_text(city, tmp_path):
    compiled, _ = city
    a = build_ciso_report(compiled, tmp_path / "a.pdf", invariant=True, generated_on=dt.date(2026, 11, 24))
    b = build_ciso_report(compiled, tmp_path / "b.pdf", invariant=True, generated_on=dt.date(2026, 11, 24))
    assert _text(a)[0] == _text(b)[0]
    assert a.read_bytes() == b.read_bytes()


def test_department_report_has_every_answer_and_the_signature_box(city, tmp_path):
    compiled, data = city
    answers = data.assessments["shimin"].answers
    out = build_department_report(compiled, "shimin", answers, tmp_path / "shimin.pdf", invariant=True)
    _pages, flat = _text(out)
    assert "所属長確認欄" in flat and "市民課" in flat
    for a in answers.values():
        for text in (a.comment, a.action):
            if text:
                assert re.sub(r"\s+", "", text) in flat
    assert f"{compiled.department('shimin').score.percent:.1f}％" in flat


def test_a_character_the_font_lacks_prints_as_a_mark_and_is_listed(city, tmp_path):
    compiled, data = city
    shimin = data.assessments["shimin"]
    answers = dict(shimin.answers)
    answers["HUM-04"] = replace(answers["HUM-04"], comment="𠮷野さんが担当")
    out = build_department_report(compiled, "shimin", answers, tmp_path / "x.pdf")
    _pages, flat = _text(out)
    assert "〓野さんが担当" in flat
    assert "フォントにない文字の一覧" in flat and "U+20BB7" in flat and "HUM-04" in flat


def test_no_usable_font_is_a_clear_error(monkeypatch, tmp_path, city):
    from natori_secaudit.reporting import fonts

    monkeypatch.setattr(fonts, "_registered", None)
    monkeypatch.setattr(fonts, "_unix_candidates", lambda: [])
    monkeypatch.setattr(fonts, "_windows_candidates", lambda: [])
    monkeypatch.setattr(fonts, "_package_candidates", lambda: [])
    monkeypatch.setattr(fonts, "_shipped_candidates", lambda: [])
    monkeypatch.delenv("NATORI_SECAUDIT_FONT", raising=False)
    with pytest.raises(AppError) as info:
        build_ciso_report(city[0], tmp_path / "x.pdf")
    assert "NATORI_SECAUDIT_FONT" in info.value.message
    monkeypatch.setattr(fonts, "_registered", None)


@pytest.mark.slow
def test_a_tables_caption_and_headings_repeat_only_at_the_top_of_a_page(city, tmp_path):
    """Read on paper: a table split at the foot of a page had its rest split again in the little
    space left, printing the caption and the headings mid-page above a sliver of one row."""
    compiled, data = city
    for d in compiled.departments:
        if not d.gaps or d.department.code not in data.assessments:
            continue
        answers = data.assessments[d.department.code].answers
        out = build_department_report(
            compiled, d.department.code, answers, tmp_path / f"{d.department.code}.pdf"
        )
        caption = f"{d.department.name}改善が必要な項目"
        for n, page in enumerate(PdfReader(str(out)).pages, start=1):
            assert re.sub(r"\s+", "", page.extract_text()).count(caption) <= 1, (d.department.code, n)
