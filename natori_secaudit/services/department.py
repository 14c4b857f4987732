"""The department's workspace: one unlocked department database.

Used by the department app (gui/) and by the CLI. Every answer is saved in
its own transaction with an audit entry, the moment it is given.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from .. import storage
from ..domain.answers import Answer, AnswerStatus
from ..domain.assessment import AssessmentState, DepartmentAssessment, YearData
from ..domain.checklist import Checklist, Department, Item, Organization, applies
from ..domain.compile import compile_year
from ..domain.fiscal_year import FiscalYear
from ..domain.results import CompiledYear
from ..domain.scoring import Score, score
from ..errors import InvalidInput, Refused
from .workspace import Workspace


@dataclass(frozen=True)
class Progress:
    answered: int
    total: int
    score: Score
    carried_over: int = 0

    @property
    def fraction(self) -> float:
        return self.answered / self.total if self.total else 1.0


@dataclass(frozen=True)
class AssessmentView:
    """What the assessment screen shows for one fiscal year."""

    fiscal_year: FiscalYear
    checklist: Checklist
    department: Department
    state: AssessmentState
    items: tuple[Item, ...]                 # the items that apply, in checklist order
    answers: dict[str, Answer] = field(default_factory=dict)
    revision: int = 0
    submitted_at: _dt.datetime | None = None
    return_message: str = ""
    inspector: str = ""

    @property
    def locked(self) -> bool:
        return self.state is AssessmentState.SUBMITTED

    def answer(self, item_id: str) -> Answer:
        return self.answers.get(item_id) or Answer(item_id)


class DepartmentWorkspace(Workspace):
    """An open department database. Create with :meth:`open`; close when done."""

    def __init__(self, db: storage.Database, user_name: str) -> None:
        if db.role != "department":
            db.close()
            raise Refused("service.not_department_db", path=str(db.path))
        self.db = db
        self.user_name = user_name.strip()
        self.organization: Organization = storage.load_organization(db)
        self.department: Department = self.organization.department(db.department_code)

    @property
    def actor(self) -> str:
        return self.user_name or self.department.name

    # -- years and checklists ----------------------------------------------
    def years(self) -> list[FiscalYear]:
        return [FiscalYear(y) for y in storage.years(self.db)]

    def current_year(self) -> FiscalYear:
        years = self.years()
        if not years:
            raise Refused("service.no_assessment")
        return max(years)

    def checklist_for(self, fy: FiscalYear) -> Checklist:
        rec = self._record(fy)
        return storage.load_checklist(self.db, rec.checklist_sha256)

    def _record(self, fy: FiscalYear):
        rec = storage.get_assessment(self.db, fy.start_year, self.department.code)
        if rec is None:
            raise Refused("service.no_assessment_for_year", year=fy.label_ja)
        return rec

    def assessment(self, fy: FiscalYear) -> AssessmentView:
        rec = self._record(fy)
        checklist = storage.load_checklist(self.db, rec.checklist_sha256)
        answers = storage.load_answers(self.db, rec.id)
        return AssessmentView(
            fiscal_year=fy,
            checklist=checklist,
            department=self.department,
            state=rec.state,
            items=checklist.applicable_items(self.department),
            answers=answers,
            revision=rec.revision,
            submitted_at=rec.submitted_at,
            return_message=rec.return_message or "",
            inspector=rec.inspector or "",
        )

    # -- answering ----------------------------------------------------------
    def save_answer(self, fy: FiscalYear, answer: Answer) -> Answer:
        """Validate and store one answer at once (one transaction + audit entry)."""
        rec = self._record(fy)
        if rec.state is AssessmentState.SUBMITTED:
            raise Refused("service.assessment_locked", year=fy.label_ja)
        checklist = storage.load_checklist(self.db, rec.checklist_sha256)
        if not checklist.has_item(answer.item_id) or not applies(checklist.item(answer.item_id), self.department):
            raise InvalidInput("service.unknown_item", item=answer.item_id)
        answer = replace(answer, carried_over=False, answered_by=self.actor)
        saved = storage.save_answer(self.db, rec.id, answer, actor=self.actor)
        if rec.state is AssessmentState.NOT_STARTED:
            storage.set_assessment_state(self.db, rec.id, AssessmentState.IN_PROGRESS, actor=self.actor)
        return saved

    def progress(self, fy: FiscalYear, view: AssessmentView | None = None) -> Progress:
        view = view or self.assessment(fy)
        return progress_of(view)

    def missing(self, fy: FiscalYear) -> list[tuple[Item, tuple[str, ...]]]:
        """Items that block submission: unanswered, unconfirmed, or missing details."""
        view = self.assessment(fy)
        return missing_of(view)

    # -- carry over last year -------------------------------------------------
    def can_carry_over(self, fy: FiscalYear) -> bool:
        prev = storage.get_assessment(self.db, fy.previous().start_year, self.department.code)
        if prev is None or prev.state is not AssessmentState.SUBMITTED:
            return False
        cur = self.assessment(fy)
        if cur.locked or any(a.status is not None for a in cur.answers.values()):
            return False
        prev_answers = storage.load_answers(self.db, prev.id)
        return any(item.id in prev_answers for item in cur.items)

    def carry_over(self, fy: FiscalYear) -> int:
        """Copy last year's answers for items with the same id, marked 前年度から (unconfirmed)."""
        if not self.can_carry_over(fy):
            raise Refused("service.cannot_carry_over", year=fy.label_ja)
        prev = storage.get_assessment(self.db, fy.previous().start_year, self.department.code)
        assert prev is not None
        prev_answers = storage.load_answers(self.db, prev.id)
        view = self.assessment(fy)
        copied = [
            replace(prev_answers[item.id], carried_over=True, updated_at=None)
            for item in view.items
            if item.id in prev_answers and prev_answers[item.id].status is not None
        ]
        rec = self._record(fy)
        storage.save_answers(self.db, rec.id, copied, actor=self.actor, event="carry_over")
        return len(copied)

    # -- import a spreadsheet --------------------------------------------------
    def import_answers(self, fy: FiscalYear, path: Path | str) -> int:
        from ..loading.answers_table import parse_answers_file

        view = self.assessment(fy)
        if view.locked:
            raise Refused("service.assessment_locked", year=fy.label_ja)
        answers = parse_answers_file(Path(path), view.checklist, self.department)
        answers = [replace(a, answered_by=self.actor) for a in answers]
        rec = self._record(fy)
        storage.save_answers(self.db, rec.id, answers, actor=self.actor, event="answers_import")
        if rec.state is AssessmentState.NOT_STARTED:
            storage.set_assessment_state(self.db, rec.id, AssessmentState.IN_PROGRESS, actor=self.actor)
        return len(answers)

    # -- compile for the department's own report --------------------------------
    def compiled(self, fy: FiscalYear) -> tuple[CompiledYear, dict[str, Answer]]:
        view = self.assessment(fy)
        org = Organization(self.organization.name, (self.department,))
        state = AssessmentState.SUBMITTED if view.locked else view.state
        cur = YearData(
            fy, view.checklist, org,
            {self.department.code: DepartmentAssessment(
                self.department, state if state is not AssessmentState.NOT_STARTED else AssessmentState.IN_PROGRESS,
                view.answers, view.submitted_at, view.revision, view.inspector)},
        )
        # A department's own report counts its answers even before submission.
        cur = _as_included(cur)
        previous = None
        prev_rec = storage.get_assessment(self.db, fy.previous().start_year, self.department.code)
        if prev_rec is not None and prev_rec.state is AssessmentState.SUBMITTED:
            prev_view = self.assessment(fy.previous())
            previous = YearData(
                fy.previous(), prev_view.checklist, org,
                {self.department.code: DepartmentAssessment(
                    self.department, AssessmentState.SUBMITTED, prev_view.answers,
                    prev_view.submitted_at, prev_view.revision, prev_view.inspector)},
            )
        return compile_year(cur, previous), view.answers


def _as_included(data: YearData) -> YearData:
    out = {}
    for code, a in data.assessments.items():
        out[code] = replace(a, state=AssessmentState.SUBMITTED)
    return replace(data, assessments=out)


def progress_of(view: AssessmentView) -> Progress:
    answered = 0
    carried = 0
    pairs: list[tuple[Item, AnswerStatus | None]] = []
    for item in view.items:
        ans = view.answers.get(item.id)
        if ans is not None and ans.carried_over and ans.status is not None:
            carried += 1
        status = ans.status if (ans is not None and ans.is_answered) else None
        if status is not None:
            answered += 1
        pairs.append((item, status))
    return Progress(answered, len(view.items), score(pairs), carried)


def missing_of(view: AssessmentView) -> list[tuple[Item, tuple[str, ...]]]:
    out: list[tuple[Item, tuple[str, ...]]] = []
    for item in view.items:
        ans = view.answers.get(item.id)
        if ans is None or ans.status is None:
            out.append((item, ("answer",)))
        elif ans.carried_over:
            out.append((item, ("confirm",)))
        else:
            details = ans.missing_details()
            if details:
                out.append((item, details))
    return out


def answers_by_item(answers: Iterable[Answer]) -> dict[str, Answer]:
    return {a.item_id: a for a in answers}
