"""The numbers a CISO and a 課長 act on: what each counts, like for like, and the sent-back department."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader

from natori_secaudit.demo.generator import generate_year
from natori_secaudit.domain.assessment import AssessmentState
from natori_secaudit.domain.checklist import Organization
from natori_secaudit.domain.compile import compile_year
from natori_secaudit.domain.fiscal_year import FiscalYear
from natori_secaudit.loading import load_checklist_file, load_departments_file
from natori_secaudit.reporting import build_ciso_report, build_department_report

pytestmark = pytest.mark.slow  # whole demo cities and long PDFs: CI runs them, not the quick loop

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 24)


def _years(org_name: str | None = None, title: str | None = None):
    cl = load_checklist_file(ROOT / "checklists" / "natori-standard.yaml")
    org = load_departments_file(ROOT / "checklists" / "departments.yaml")
    if org_name:
        org = Organization(org_name, org.departments)
    if title:
        cl = replace(cl, title=title)
    y1 = generate_year(cl, org, FiscalYear(2025), 11)
    y2 = generate_year(cl, org, FiscalYear(2026), 12, previous=y1)
    return y1, y2


@pytest.fixture(scope="module")
def city():
    y1, y2 = _years()
    # The weakest department of last year does not submit this year; 社会福祉課 is sent back.
    prev = compile_year(y1, today=TODAY)
    weakest = min((d for d in prev.departments if d.included), key=lambda d: d.score.rate).department.code
    y2.assessments[weakest] = replace(y2.assessments[weakest], state=AssessmentState.IN_PROGRESS)  # type: ignore[index]
    fukushi = y2.assessments["shakai-fukushi"]
    y2.assessments["shakai-fukushi"] = replace(fukushi, state=AssessmentState.RETURNED)  # type: ignore[index]
    return compile_year(y2, y1, today=TODAY), y2, weakest


def _pages(pdf: Path) -> list[str]:
    return [re.sub(r"\s+", "", p.extract_text()) for p in PdfReader(str(pdf)).pages]


def test_a_sent_back_department_is_told_its_gaps_and_its_state(city, tmp_path):
    compiled, data, _ = city
    d = compiled.department("shakai-fukushi")
    assert not d.included
    expected = [
        i
        for i, a in data.assessments["shakai-fukushi"].answers.items()
        if a.status is not None and a.status.is_gap and not a.carried_over
    ]
    assert expected and len(d.gaps) == len(expected)
    pages = _pages(
        build_department_report(
            compiled, "shakai-fukushi", data.assessments["shakai-fukushi"].answers, tmp_path / "f.pdf"
        )
    )
    assert "点検の状態：差し戻し" in pages[0]
    flat = "".join(pages)
    assert f"改善が必要な項目（{len(expected)}件" in flat
    assert "改善が必要な項目はありません" not in flat
    assert not re.search(r"20\d\d-\d\d-\d\d", flat)  # 和暦 in the department report too
    for item_id in expected:
        assert item_id in flat


def test_gaps_are_sorted_high_severity_first_with_the_full_question(city, tmp_path):
    compiled, data, _ = city
    d = compiled.department("shimin")
    weights = [g.item.weight for g in d.gaps]
    assert weights == sorted(weights, reverse=True)
    flat = "".join(
        _pages(
            build_department_report(
                compiled, "shimin", data.assessments["shimin"].answers, tmp_path / "s.pdf"
            )
        )
    )
    longest = max(d.gaps, key=lambda g: len(g.item.question)).item.question
    assert re.sub(r"\s+", "", longest) in flat
    assert "全庁の達成率" in flat and compiled.checklist.sections[0].title in flat
    assert "までに統括情報セキュリティ責任者（事務局）へ提出してください" in flat


def test_the_summary_counts_in_one_unit_and_names_each_answer(city, tmp_path):
    compiled, _, _ = city
    pages = _pages(build_ciso_report(compiled, tmp_path / "c.pdf"))
    summary = next(p for p in pages if p.startswith("要点") or "要点" in p[:40])
    top = compiled.findings[0]
    n_not = sum(1 for g in top.gaps if g.status.value == "not_implemented")
    n_part = sum(1 for g in top.gaps if g.status.value == "partial")
    parts = [f"未実施{n_not}" if n_not else "", f"一部実施{n_part}" if n_part else ""]
    assert f"{len(top.gaps)}所属（{'・'.join(p for p in parts if p)}" in summary
    assert f"所見）は{len(compiled.findings)}項目" in summary
    answers = sum(len(f.gaps) for f in compiled.findings)
    assert f"合わせて{answers}件" in summary
    high_not = sum(
        1
        for d in compiled.departments
        if d.included
        for g in d.gaps
        if g.status.value == "not_implemented" and g.item.severity.value == "high"
    )
    assert f"{high_not}重要度「高」の未実施（件）" in summary
    assert "統括情報セキュリティ責任者（事務局）" in summary  # the IT division's own actions
    assert "情報セキュリティ委員会での決定事項・指示事項" in summary


def test_the_change_since_last_year_is_like_for_like(city, tmp_path):
    compiled, _, weakest = city
    cmp = compiled.comparison
    assert cmp is not None and cmp.city_same is not None
    same = [d for d in compiled.departments if d.included]
    assert cmp.same_departments == len(same)
    prev = {d.department.code: d for d in compile_year(_years()[0], today=TODAY).departments}
    now = sum((d.score for d in same), type(same[0].score)())
    then = sum((prev[d.department.code].score for d in same), type(same[0].score)())
    assert cmp.city_same.delta == round(now.percent - then.percent, 1)
    assert cmp.city_same.delta != cmp.city.delta  # the weakest one's absence lifted the other
    flat = "".join(_pages(build_ciso_report(compiled, tmp_path / "c.pdf")))
    assert f"両年度とも提出した{len(same)}所属で{cmp.city_same.delta:+.1f}ポイント" in flat
    assert f"そのまま比べると{cmp.city.delta:+.1f}ポイント" in flat
    assert compiled.department(weakest).department.name + "（回答中）" in flat


def test_dates_in_the_body_are_wareki_and_bookmarks_lead_to_the_parts(city, tmp_path):
    compiled, _, _ = city
    out = build_ciso_report(compiled, tmp_path / "c.pdf")
    flat = "".join(_pages(out))
    assert not re.search(r"20\d\d-\d\d-\d\d", flat)
    assert "令和9年" in flat
    reader = PdfReader(str(out))
    titles = {
        o.title: reader.get_destination_page_number(o) for o in reader.outline if not isinstance(o, list)
    }
    assert "要点" in titles and "資料編" in titles and "採点の方法" in titles
    assert titles["要点"] == 2 and titles["資料編"] <= 13  # 鑑, 目次, then a 本編 of about ten pages
    pages = _pages(out)
    assert "要点" in pages[titles["要点"]]
    assert pages[1].startswith("目次") and f"要点{titles['要点'] + 1}" in pages[1]
    assert f"資料編{titles['資料編'] + 1}" in pages[1]


def test_a_cover_letter_and_nothing_of_natori_for_another_organisation(tmp_path):
    y1, y2 = _years("架空町", title="架空町 情報セキュリティ自己点検")
    compiled = compile_year(y2, y1, today=TODAY)
    pages = _pages(build_ciso_report(compiled, tmp_path / "c.pdf"))
    flat = "".join(pages)
    assert (
        "名取" not in flat
    )  # (AIシステム推進課 is in the checklist's own questions: data, not the program's)
    cover = pages[0]
    for words in (
        "第",
        "号",
        "令和8年11月24日",
        "架空町最高情報セキュリティ責任者（CISO）様",
        "架空町統括情報セキュリティ責任者",
        "情報セキュリティ自己点検の結果について（報告）",
        "供覧・確認欄",
    ):
        assert words in cover, words
    assert all("機密性2・取扱注意" in p for p in pages)
    d = _pages(
        build_department_report(compiled, "shimin", y2.assessments["shimin"].answers, tmp_path / "d.pdf")
    )
    assert "名取" not in "".join(d)


def test_the_guideline_edition_is_printed_and_older_checklists_keep_their_hash(tmp_path):
    from natori_secaudit.domain.serialize import with_hash

    y1, y2 = _years()
    plain = y2.checklist
    assert with_hash(plain).sha256 == plain.sha256  # no guideline: the same snapshot as before
    edition = "地方公共団体における情報セキュリティポリシーに関するガイドライン（令和7年3月版）"
    text = (ROOT / "checklists" / "natori-standard.yaml").read_text(encoding="utf-8")
    path = tmp_path / "cl.yaml"
    path.write_text(text.replace("\ntitle:", f"\nguideline: {edition}\ntitle:", 1), encoding="utf-8")
    cl = load_checklist_file(path)
    assert cl.guideline == edition and cl.sha256 != plain.sha256
    compiled = compile_year(replace(y2, checklist=cl), today=TODAY)
    cover = _pages(build_ciso_report(compiled, tmp_path / "c.pdf"))[0]
    assert "準拠する指針：" + edition in cover
    assert "サイバーセキュリティの確保のための方針" in cover


def test_trend_over_five_years_and_a_progress_report_is_not_called_not_started(city, tmp_path):
    from natori_secaudit.domain.assessment import ProgressNote
    from natori_secaudit.domain.results import YearPoint
    from natori_secaudit.domain.scoring import Score

    _compiled, data, _ = city
    y1, _y2 = _years()
    assessments = dict(data.assessments)
    assessments["toshokan"] = replace(assessments["toshokan"], state=AssessmentState.NOT_STARTED, answers={})
    compiled = compile_year(replace(data, assessments=assessments), y1, today=TODAY)
    history = [YearPoint(FiscalYear(2021 + k), Score(60 + 5 * k, 100), 19, 19, "2026.1") for k in range(4)]
    pending = next(d for d in compiled.departments if d.state is AssessmentState.NOT_STARTED)
    progress = {pending.department.code: ProgressNote(30, 61, dt.datetime(2026, 10, 1, 9, 0))}
    pages = _pages(build_ciso_report(compiled, tmp_path / "c.pdf", history=history, progress=progress))
    flat = "".join(pages)
    assert "全庁の達成率の推移（5年度）" in flat
    for label in ("令和3年度", "令和4年度", "令和5年度", "令和6年度"):
        assert label in flat
    assert f"{pending.department.name}（回答中・途中経過30/61項目）" in flat
    # the note under the departments' chart says the same as the 要点 page, not 未着手
    (chart,) = [p for p in pages if "未提出の所属（数値に含まない）" in p]
    assert f"{pending.department.name}（回答中・途中経過30/61項目）" in chart
    assert f"{pending.department.name}（未着手）" not in flat
