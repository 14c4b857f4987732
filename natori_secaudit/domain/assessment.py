"""What one department handed in (or is working on) for one fiscal year."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum

from .answers import Answer, AnswerStatus
from .checklist import Checklist, Department, Organization
from .fiscal_year import FiscalYear


class AssessmentState(str, Enum):
    """Where a department stands: 未着手 / 回答中 / 提出済 / 差し戻し."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"
    RETURNED = "returned"


@dataclass(frozen=True)
class DepartmentAssessment:
    department: Department
    state: AssessmentState
    answers: Mapping[str, Answer] = field(default_factory=dict)
    submitted_at: _dt.datetime | None = None
    revision: int = 0
    inspector: str = ""

    def status_of(self, item_id: str) -> AnswerStatus | None:
        ans = self.answers.get(item_id)
        if ans is None or not ans.is_answered:
            return None
        return ans.status


@dataclass(frozen=True)
class ProgressNote:
    """What a department's progress report (途中経過) says: how far it is, and when it said so."""

    answered: int
    total: int
    sent_at: _dt.datetime


@dataclass(frozen=True)
class YearData:
    """Everything compile needs for one fiscal year (read by the services layer)."""

    fiscal_year: FiscalYear
    checklist: Checklist
    organization: Organization
    assessments: Mapping[str, DepartmentAssessment] = field(default_factory=dict)

    def assessment(self, code: str) -> DepartmentAssessment:
        found = self.assessments.get(code)
        if found is not None:
            return found
        return DepartmentAssessment(self.organization.department(code), AssessmentState.NOT_STARTED)
