"""The department's workspace: one unlocked department database.

Used by the department app (gui/) and by the CLI. Every answer is saved in
its own transaction with an audit entry, the moment it is given.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field, replace
from pathlib import Path

from .. import storage
from ..domain.answers import Answer, AnswerStatus
from ..domain.assessment import AssessmentState, DepartmentAssessment, YearData
from ..domain.carry_over import carry_over_answers
from ..domain.checklist import Checklist, Department, Item, Organization, applies
from ..domain.compile import compile_year
from ..domain.completeness import incomplete_items
from ..domain.fiscal_year import FiscalYear
from ..domain.lineage import map_items
from ..domain.results import CompiledYear
from ..domain.scoring import Score, score
from ..domain.text import clean_answer
from ..domain.yoy import DepartmentYoY, department_yoy
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
class CarryOverPlan:
    """Last year's answers as they would land in this year's items (marked to be confirmed)."""

    source: FiscalYear
    target: FiscalYear
    answers: tuple[Answer, ...]
    new_items: tuple[str, ...]  # this year's items with nothing to carry over (new, or unanswered last year)
    retired_items: tuple[str, ...]  # last year's items that no item of this year continues


@dataclass(frozen=True)
class AssessmentView:
    """What the assessment screen shows for one fiscal year."""

    fiscal_year: FiscalYear
    checklist: Checklist
    department: Department
    state: AssessmentState
    items: tuple[Item, ...]  # the items that apply, in checklist order
    answers: dict[str, Answer] = field(default_factory=dict)
    revision: int = 0
    submitted_at: _dt.datetime | None = None
    return_message: str = ""
    inspector: str = ""
    past: bool = False  # an earlier year, already handed in: read-only

    @property
    def locked(self) -> bool:
        """Nothing can be changed: submitted, or a past year."""
        return self.state is AssessmentState.SUBMITTED or self.past

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
        self.reload_identity()

    def reload_identity(self) -> None:
        """The department as of the newest year held (its code changes when the department is renamed)."""
        latest = storage.list_years(self.db)
        self.organization: Organization = (
            latest[-1].organization if latest else storage.load_organization(self.db)
        )
        code = self.db.department_code
        if not self.organization.has(code):  # a year stored before its department list was
            self.organization = storage.load_organization(self.db)
        self.department: Department = self.organization.department(code)

    def admin_fingerprint(self) -> str:
        """The fingerprint of the IT division key this database trusts."""
        from ..exchange import AdminPublicKeys

        public, _ = storage.load_key(self.db, "admin")
        return AdminPublicKeys.from_bytes(public).fingerprint()

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

    def _record(self, fy: FiscalYear) -> storage.AssessmentRecord:
        """The year's assessment (a department database holds one per year, under that year's code)."""
        records = storage.list_assessments(self.db, fy.start_year)
        if not records:
            raise Refused("service.no_assessment_for_year", year=fy.label_ja)
        return records[0]

    def department_for(self, fy: FiscalYear) -> Department:
        """The department as it was in ``fy`` (name, code and tags of that year's department list)."""
        rec = self._record(fy)
        year = storage.get_year(self.db, fy.start_year)
        if year is not None and year.organization.has(rec.department_code):
            return year.organization.department(rec.department_code)
        if self.organization.has(rec.department_code):
            return self.organization.department(rec.department_code)
        return Department(
            rec.department_code, self.department.name, self.department.division, self.department.tags
        )

    def organization_for(self, fy: FiscalYear) -> Organization:
        year = storage.get_year(self.db, fy.start_year)
        return year.organization if year is not None else self.organization

    def assessment(self, fy: FiscalYear) -> AssessmentView:
        rec = self._record(fy)
        checklist = storage.load_checklist(self.db, rec.checklist_sha256)
        answers = storage.load_answers(self.db, rec.id)
        department = self.department_for(fy)
        return AssessmentView(
            fiscal_year=fy,
            checklist=checklist,
            department=department,
            state=rec.state,
            items=checklist.applicable_items(department),
            answers=answers,
            revision=rec.revision,
            submitted_at=rec.submitted_at,
            return_message=rec.return_message or "",
            inspector=rec.inspector or "",
            past=self._is_closed_past(fy, rec.state),
        )

    # -- answering ----------------------------------------------------------
    def save_answer(self, fy: FiscalYear, answer: Answer) -> Answer:
        """Validate and store one answer at once (one transaction + audit entry)."""
        rec = self._record(fy)
        if rec.state is AssessmentState.SUBMITTED:
            raise Refused("service.assessment_locked", year=fy.label_ja)
        self._refuse_past(fy)
        checklist = storage.load_checklist(self.db, rec.checklist_sha256)
        if not checklist.has_item(answer.item_id) or not applies(
            checklist.item(answer.item_id), self.department_for(fy)
        ):
            raise InvalidInput("service.unknown_item", item=answer.item_id)
        answer = clean_answer(replace(answer, carried_over=False, answered_by=self.actor))
        saved = storage.save_answer(self.db, rec.id, answer, actor=self.actor)
        if rec.state is AssessmentState.NOT_STARTED:
            storage.set_assessment_state(self.db, rec.id, AssessmentState.IN_PROGRESS, actor=self.actor)
        return saved

    def clear_answer(self, fy: FiscalYear, item_id: str) -> Answer:
        """Back to 未回答 (the choice only: what was typed stays); its own audit entry ``answer_cleared``."""
        rec = self._record(fy)
        if rec.state is AssessmentState.SUBMITTED:
            raise Refused("service.assessment_locked", year=fy.label_ja)
        self._refuse_past(fy)
        current = storage.load_answers(self.db, rec.id).get(item_id)
        if current is None:
            return Answer(item_id)
        cleared = replace(current, status=None, carried_over=False, answered_by=self.actor)
        return storage.save_answer(self.db, rec.id, cleared, actor=self.actor, event="answer_cleared")

    def _is_closed_past(self, fy: FiscalYear, state: AssessmentState) -> bool:
        """A past year is read-only once it was handed in; one never submitted, or sent back, can still be
        finished and submitted late (loading next year's bundle never takes that away)."""
        return fy < self.current_year() and state not in (
            AssessmentState.NOT_STARTED,
            AssessmentState.IN_PROGRESS,
            AssessmentState.RETURNED,
        )

    def _refuse_past(self, fy: FiscalYear) -> None:
        if self._is_closed_past(fy, self._record(fy).state):
            raise Refused("years.past_year_read_only", year=fy.label_ja, current=self.current_year().label_ja)

    def progress(self, fy: FiscalYear, view: AssessmentView | None = None) -> Progress:
        view = view or self.assessment(fy)
        return progress_of(view)

    def missing(self, fy: FiscalYear) -> list[tuple[Item, tuple[str, ...]]]:
        """Items that block submission: unanswered, unconfirmed, or missing details."""
        view = self.assessment(fy)
        return missing_of(view)

    # -- carry over last year -------------------------------------------------
    def carry_over_source(self, fy: FiscalYear) -> FiscalYear | None:
        """The nearest earlier year this database holds a submitted assessment for."""
        for year in sorted((y for y in self.years() if y < fy), reverse=True):
            if self._record(year).state is AssessmentState.SUBMITTED:
                return year
        return None

    def carry_over_plan(self, fy: FiscalYear) -> CarryOverPlan | None:
        """What carrying over would copy into ``fy`` (None when there is nothing to carry over)."""
        source = self.carry_over_source(fy)
        if source is None:
            return None
        prev = self.assessment(source)
        cur = self.assessment(fy)
        answers, new = carry_over_answers(
            prev.checklist, prev.answers, cur.items, map_items(prev.checklist, cur.checklist)
        )
        return CarryOverPlan(
            source,
            fy,
            tuple(answers),
            tuple(new),
            tuple(i for i in map_items(prev.checklist, cur.checklist).retired),
        )

    def can_carry_over(self, fy: FiscalYear) -> bool:
        cur = self.assessment(fy)
        if cur.locked or any(a.status is not None for a in cur.answers.values()):
            return False
        plan = self.carry_over_plan(fy)
        return plan is not None and bool(plan.answers)

    def carry_over(self, fy: FiscalYear) -> CarryOverPlan:
        """Copy the last submitted year's answers, following the checklist revision (``replaces``),
        each marked 前年度・要確認 (to be confirmed). Only into a year not yet answered."""
        if not self.can_carry_over(fy):
            raise Refused("service.cannot_carry_over", year=fy.label_ja)
        plan = self.carry_over_plan(fy)
        assert plan is not None
        rec = self._record(fy)
        storage.save_answers(self.db, rec.id, list(plan.answers), actor=self.actor, event="carry_over")
        return plan

    def year_over_year(self, fy: FiscalYear) -> tuple[FiscalYear, DepartmentYoY] | None:
        """This year's answers against the nearest earlier submitted year, item by item (None: no such year)."""
        source = self.carry_over_source(fy)
        if source is None:
            return None
        prev = self.assessment(source)
        cur = self.assessment(fy)
        return source, department_yoy(prev.checklist, prev.answers, cur.checklist, cur.items, cur.answers)

    # -- import a spreadsheet --------------------------------------------------
    def import_answers(self, fy: FiscalYear, path: Path | str) -> int:
        from ..loading.answers_table import parse_answers_file

        view = self.assessment(fy)
        self._refuse_past(fy)
        if view.locked:
            raise Refused("service.assessment_locked", year=fy.label_ja)
        answers = parse_answers_file(Path(path), view.checklist, view.department)
        answers = [replace(a, answered_by=self.actor) for a in answers]
        rec = self._record(fy)
        storage.save_answers(self.db, rec.id, answers, actor=self.actor, event="answers_import")
        if rec.state is AssessmentState.NOT_STARTED:
            storage.set_assessment_state(self.db, rec.id, AssessmentState.IN_PROGRESS, actor=self.actor)
        return len(answers)

    # -- compile for the department's own report --------------------------------
    def compiled(self, fy: FiscalYear) -> tuple[CompiledYear, dict[str, Answer]]:
        view = self.assessment(fy)
        department = view.department
        # The city's settings (classification, sender) stay; only this department is in it.
        org = replace(self.organization_for(fy), departments=(department,))
        state = AssessmentState.SUBMITTED if view.state is AssessmentState.SUBMITTED else view.state
        cur = YearData(
            fy,
            view.checklist,
            org,
            {
                department.code: DepartmentAssessment(
                    department,
                    state if state is not AssessmentState.NOT_STARTED else AssessmentState.IN_PROGRESS,
                    view.answers,
                    view.submitted_at,
                    view.revision,
                    view.inspector,
                )
            },
        )
        # A department's own report counts its answers even before submission.
        cur = _as_included(cur)
        previous = None
        if fy.previous() in self.years() and self._record(fy.previous()).state is AssessmentState.SUBMITTED:
            prev_view = self.assessment(fy.previous())
            prev_dept = prev_view.department
            previous = YearData(
                fy.previous(),
                prev_view.checklist,
                replace(org, departments=(prev_dept,)),
                {
                    prev_dept.code: DepartmentAssessment(
                        prev_dept,
                        AssessmentState.SUBMITTED,
                        prev_view.answers,
                        prev_view.submitted_at,
                        prev_view.revision,
                        prev_view.inspector,
                    )
                },
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
    """What blocks submitting this view (the same rule the IT division applies on import)."""
    return incomplete_items(view.items, view.answers)
