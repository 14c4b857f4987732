"""Small hand-made checklists and organisations for domain tests."""

from __future__ import annotations

import datetime as dt

from natori_secaudit.domain.answers import Answer, AnswerStatus
from natori_secaudit.domain.assessment import AssessmentState, DepartmentAssessment, YearData
from natori_secaudit.domain.checklist import (
    Checklist,
    Department,
    IncidentType,
    Item,
    Organization,
    Section,
    Severity,
)
from natori_secaudit.domain.fiscal_year import FiscalYear

H, M, L = Severity.HIGH, Severity.MEDIUM, Severity.LOW


def make_checklist(version: str = "1", extra_item: bool = False) -> Checklist:
    s1 = Section(
        "S1",
        "組織体制",
        (
            Item(
                "A-1",
                "責任者を決めていますか。",
                H,
                "S1",
                recommendation="責任者を決める。",
                prevents=("LEAK",),
            ),
            Item("A-2", "台帳はありますか。", M, "S1"),
        ),
    )
    items = [
        Item("B-1", "USBを管理していますか。", H, "S2", recommendation="USBを登録制に。", prevents=("LEAK",)),
        Item(
            "B-2",
            "マイナンバー端末は生体認証ですか。",
            H,
            "S2",
            recommendation="生体認証を。",
            applies_to=("my_number",),
        ),
        Item("B-3", "画面ロックしていますか。", L, "S2"),
    ]
    if extra_item:
        items.append(Item("B-4", "新しい項目ですか。", M, "S2"))
    s2 = Section("S2", "技術的セキュリティ", tuple(items))
    return Checklist(
        id="test",
        title="テスト",
        version=version,
        sections=(s1, s2),
        incident_types=(IncidentType("LEAK", "情報漏えい"),),
    )


def make_org() -> Organization:
    return Organization(
        "テスト市",
        (
            Department("shimin", "市民課", tags=("personal_data", "my_number")),
            Department("doboku", "土木課"),
            Department("toshokan", "図書館", tags=("personal_data",)),
        ),
    )


I, P, N, U, NA = (  # noqa: E741 - the answers' initials, as in the scoring notes
    AnswerStatus.IMPLEMENTED,
    AnswerStatus.PARTIAL,
    AnswerStatus.NOT_IMPLEMENTED,
    AnswerStatus.UNKNOWN,
    AnswerStatus.NOT_APPLICABLE,
)


def assessment(org, code, statuses: dict, state=AssessmentState.SUBMITTED, due=None) -> DepartmentAssessment:
    answers = {
        item_id: Answer(
            item_id,
            status,
            comment="理由" if status is not I else "",
            action="対応する" if status in (P, N) else "",
            due=due if status in (P, N) else None,
        )
        for item_id, status in statuses.items()
    }
    return DepartmentAssessment(
        org.department(code),
        state,
        answers,
        submitted_at=dt.datetime(2026, 7, 1, tzinfo=dt.UTC),
        revision=1,
    )


def year(fy: int, checklist, org, per_dept: dict) -> YearData:
    return YearData(FiscalYear(fy), checklist, org, per_dept)
