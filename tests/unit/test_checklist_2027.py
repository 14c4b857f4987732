"""natori-standard 2027.1: the revision of the shipped checklist, its changelog, and choosing a version.

Year-over-year comparison survives a revision only if every 2026.1 item is kept (same id),
replaced (named in a ``replaces``) or retired on purpose: the changelog in
docs/checklist-format.md is read here, so an item dropped without a word fails.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from natori_secaudit.cli import main
from natori_secaudit.demo.generator import generate_year
from natori_secaudit.domain.answers import AnswerStatus
from natori_secaudit.domain.fiscal_year import FiscalYear
from natori_secaudit.domain.lineage import map_items
from natori_secaudit.errors import InvalidInput
from natori_secaudit.loading import load_checklist_file, load_departments_file
from natori_secaudit.services.setup import find_checklist, find_checklist_file

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "checklists"
OLD = load_checklist_file(SHIPPED / "natori-standard.yaml")
NEW = load_checklist_file(SHIPPED / "natori-standard-2027.1.yaml")
ORG = load_departments_file(SHIPPED / "departments.yaml")
ITEM_ID = r"`([A-Z]+-\d+)`"
NETWORK_TAGS = {"lgwan_terminal", "cloud_direct", "internet_terminal"}


def changelog(heading: str) -> str:
    """The text under ``#### heading`` of the 2027.1 entry in docs/checklist-format.md's changelog."""
    doc = (ROOT / "docs" / "checklist-format.md").read_text(encoding="utf-8")
    section = doc.split("## 変更履歴 / Changelog", 1)[1].split("\n## ", 1)[0]
    entry = section.split("### natori-standard 2027.1", 1)[1].split("\n### ", 1)[0]
    return entry.split(f"#### {heading}", 1)[1].split("\n#### ", 1)[0]


def rows(heading: str) -> list[list[str]]:
    """Table rows under a changelog heading, as the item ids in each row's cells."""
    out = []
    for line in changelog(heading).splitlines():
        if line.startswith("| `"):
            out.append([re.findall(ITEM_ID, cell) for cell in line.strip("|").split("|")])
    return out


# -- the two versions ---------------------------------------------------------------------------
def test_both_versions_are_shipped():
    assert (OLD.id, OLD.version) == ("natori-standard", "2026.1")
    assert (NEW.id, NEW.version) == ("natori-standard", "2027.1")
    assert len(OLD.items) == 70 and len(NEW.items) == 83


def test_every_2026_item_is_kept_replaced_or_listed_as_retired():
    mapping = map_items(OLD, NEW)
    new_ids = {i.id for i in NEW.items}
    replaced = {old for item in NEW.items for old in item.replaces}
    listed_retired = {r[0][0] for r in rows("廃止した項目")}
    for item in OLD.items:
        assert item.id in new_ids or item.id in replaced or item.id in listed_retired, (
            f"{item.id} is neither kept, replaced nor listed as retired in docs/checklist-format.md"
        )
    # the list says exactly what the checklist does: nothing listed as retired is still there
    assert listed_retired == set(mapping.retired) == {"EVA-05"}


def test_changelog_lists_every_new_and_every_replaced_item():
    mapping = map_items(OLD, NEW)
    assert {r[0][0] for r in rows("新しい項目")} == set(mapping.new)
    listed = {r[0][0]: tuple(r[1]) for r in rows("置き換えた項目")}
    assert listed == {i.id: i.replaces for i in NEW.items if i.replaces}
    assert listed["NET-26"] == ("NET-05", "NET-06")  # a merge is compared with the sum


def test_validate_both_files_and_one_against_the_other(capsys):
    code = main(["checklist", "validate", *map(str, sorted(SHIPPED.glob("*.yaml")))])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "natori-standard-2027.1.yaml: 問題ありません（点検票。前の版 2026.1 と照合しました）" in out
    code = main(
        [
            "checklist",
            "validate",
            "--previous",
            str(SHIPPED / "natori-standard.yaml"),
            str(SHIPPED / "natori-standard-2027.1.yaml"),
        ]
    )
    assert code == 0, capsys.readouterr()


# -- what the revision says -----------------------------------------------------------------------
def test_every_item_keeps_reference_severity_prevents_and_an_actionable_recommendation():
    codes = {t.code for t in NEW.incident_types}
    for item in NEW.items:
        assert item.reference and item.recommendation and item.prevents, item.id
        assert set(item.prevents) <= codes, item.id


def test_confidentiality_is_asked_by_the_five_levels():
    for item in NEW.items:
        text = item.question + item.guidance
        # the old three-level wording is gone: a level is always one of 3A/3B/3C/2/1
        assert "機密性3" not in re.sub(r"機密性3A", "", text), item.id
        assert "機密性2以上の" not in text.replace("自治体機密性2以上（3A・3B・3C・2）の", ""), item.id
    assert "3A・3B・3C・2・1" in NEW.item("AST-21").question


def test_network_model_items_apply_by_tag_and_never_ask_about_the_architecture():
    by_tag = {tag: [i.id for i in NEW.items if tag in i.applies_to] for tag in NETWORK_TAGS}
    assert by_tag == {
        "lgwan_terminal": ["NET-24"],
        "cloud_direct": ["NET-27", "NET-28"],
        "internet_terminal": ["NET-29"],
    }
    for item in NEW.items:
        assert not re.search(r"[αβ]|モデル", item.question + item.guidance), item.id
    # 2026.1 assumed every terminal reaches the internet through the セキュリティクラウド
    assert not any("自治体情報セキュリティクラウド" in i.question for i in NEW.items)
    # the IT division tags every department with how its terminals are connected
    assert all(NETWORK_TAGS & set(d.tags) for d in ORG.departments)


def test_the_revised_topics_are_there_for_the_departments_they_concern():
    questions = {i.id: i for i in NEW.items}
    assert questions["NET-31"].applies_to == ("my_number",) and "無線LAN" in questions["NET-31"].question
    assert questions["NET-32"].applies_to == ("my_number",) and "画面転送" in questions["NET-32"].question
    assert "調達" in questions["TEC-21"].question + questions["TEC-21"].reference
    assert "サイバーセキュリティ確保のための方針" in questions["ORG-05"].question
    ai = [i for i in NEW.items if i.id.startswith("AI-")]
    assert [i.id for i in ai] == ["AI-01", "AI-02", "AI-03", "AI-04"]
    assert all("AI_MISUSE" in i.prevents for i in ai)
    assert "再委託" in questions["VEN-22"].question and "期限" in questions["VEN-21"].question
    assert "期限" in questions["OPS-21"].question
    applicable = {i.id for i in NEW.applicable_items(ORG.department("shimin"))}
    assert {"NET-31", "NET-32"} <= applicable and "NET-29" not in applicable


# -- choosing a version -------------------------------------------------------------------------
def test_find_checklist_takes_the_newest_or_the_version_asked_for():
    assert find_checklist("natori-standard", [SHIPPED]).version == "2027.1"
    path, checklist = find_checklist_file("natori-standard@2026.1", [SHIPPED])
    assert checklist.version == "2026.1" and path.name == "natori-standard.yaml"
    assert find_checklist("natori-standard@2027.1", [SHIPPED]).version == "2027.1"


def test_an_older_copy_in_the_users_folder_does_not_hide_a_newer_shipped_version(tmp_path):
    """The user's folder is searched first (its department list wins), but for a checklist the
    newest version of all the folders is taken: last year's copy kept by the IT division must
    not hide the revision the next installation ships."""
    import shutil

    user = tmp_path / "user"
    user.mkdir()
    shutil.copy(SHIPPED / "natori-standard.yaml", user / "natori-standard.yaml")  # 2026.1
    path, checklist = find_checklist_file("natori-standard", [user, SHIPPED])
    assert checklist.version == "2027.1" and path.parent == SHIPPED
    path, checklist = find_checklist_file("natori-standard@2026.1", [user, SHIPPED])
    assert path.parent == user  # the same version in both: the earlier folder


def test_a_version_that_does_not_exist_lists_the_versions_found():
    with pytest.raises(InvalidInput) as err:
        find_checklist("natori-standard@2099.1", [SHIPPED])
    assert "版「2099.1」が見つかりません" in err.value.message
    assert "見つかった版: 2026.1, 2027.1" in err.value.message


def test_bundle_with_an_unknown_version_prints_the_versions_and_exits_2(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("NATORI_SECAUDIT_FAST_KDF", "1")
    monkeypatch.setenv("NATORI_SECAUDIT_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("NATORI_SECAUDIT_PASSPHRASE", "admin-passphrase-2027")
    db = tmp_path / "admin.db"
    assert main(["init", "--db", str(db), "--role", "admin"]) == 0
    base = ["--checklists", str(SHIPPED), "bundle", "--db", str(db), "--year", "2026", "--out"]
    capsys.readouterr()
    assert main([*base, str(tmp_path / "x.natori-bundle"), "--checklist", "natori-standard@2099.1"]) == 2
    err = capsys.readouterr().err
    assert "版「2099.1」が見つかりません" in err and "2026.1, 2027.1" in err and "Traceback" not in err
    assert not (tmp_path / "x.natori-bundle").exists()
    assert main([*base, str(tmp_path / "2026.natori-bundle"), "--checklist", "natori-standard@2026.1"]) == 0
    from natori_secaudit.services.setup import read_bundle

    assert read_bundle(tmp_path / "2026.natori-bundle").checklist.version == "2026.1"


# -- the demo's answers across the revision -------------------------------------------------------
def demo_years():
    y1 = generate_year(OLD, ORG, FiscalYear(2025), 2026)
    y2 = generate_year(NEW, ORG, FiscalYear(2026), 2027, previous=y1)
    return y1, y2


def test_generated_plans_fit_the_item_and_are_due_after_submission():
    _y1, y2 = demo_years()
    plans = 0
    for assessment in y2.assessments.values():
        for answer in assessment.answers.values():
            if answer.status in (AnswerStatus.PARTIAL, AnswerStatus.NOT_IMPLEMENTED):
                plans += 1
                item = NEW.item(answer.item_id)
                assert answer.action and answer.due, answer
                assert answer.due > assessment.submitted_at.date(), (assessment.department.code, answer)
                assert answer.due <= FiscalYear(2026).end
                if item.id.startswith(("AI-", "TEC-2", "NET-3")):
                    assert answer.action.startswith(item.recommendation.split("。")[0]), answer
    assert plans > 50


def test_generated_answers_follow_replaces():
    """NET-26 merges NET-05 and NET-06: it evolves from the weaker of last year's two answers."""
    from dataclasses import replace

    y1, _ = demo_years()
    for assessment in y1.assessments.values():
        for old in ("NET-05", "NET-06"):
            assessment.answers[old] = replace(
                assessment.answers[old], status=AnswerStatus.IMPLEMENTED, comment="", action="", due=None
            )
    y2 = generate_year(NEW, ORG, FiscalYear(2026), 2027, previous=y1)
    merged = [y2.assessments[d.code].answers["NET-26"].status for d in ORG.departments]
    # from 実施 an answer stays or slips to 一部実施; a fresh draw would give 未実施 and わからない too
    assert set(merged) <= {AnswerStatus.IMPLEMENTED, AnswerStatus.PARTIAL}
    na = [
        a
        for s in y2.assessments.values()
        for a in s.answers.values()
        if a.status is AnswerStatus.NOT_APPLICABLE
    ]
    assert na and all(a.comment for a in na)
