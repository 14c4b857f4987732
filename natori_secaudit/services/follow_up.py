"""Following a year up from the IT division's workspace: each year's state for the switcher,
who is late after the 提出期限, the 督促一覧, receipts of files received, the keys of the
departments, and a rejected file's sender when its key is the problem."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .. import storage
from ..domain.assessment import AssessmentState
from ..domain.fiscal_year import FiscalYear
from ..errors import AppError
from ..fileio import os_error_to_app_error

if TYPE_CHECKING:
    from .admin import AdminWorkspace


LATE_STATES = (AssessmentState.NOT_STARTED, AssessmentState.IN_PROGRESS, AssessmentState.RETURNED)
KEY_REFUSALS = ("enrolment.not_enrolled", "enrolment.other_key", "enrolment.key_replaced")


@dataclass(frozen=True)
class YearState:
    fiscal_year: FiscalYear
    bundled: bool
    submitted: int
    total: int


def year_states(ws: AdminWorkspace) -> list[YearState]:
    """Every year held, oldest first, with how many of its departments have handed in."""
    out = []
    for fy in ws.years():
        rec = storage.get_year(ws.db, fy.start_year)
        org = ws.organization(fy)
        states = {r.department_code: r.state for r in storage.list_assessments(ws.db, fy.start_year)}
        submitted = sum(1 for d in org.departments if states.get(d.code) is AssessmentState.SUBMITTED)
        out.append(YearState(fy, rec is not None, submitted, len(org.departments)))
    return out


def is_bundled(ws: AdminWorkspace, fy: FiscalYear) -> bool:
    return storage.get_year(ws.db, fy.start_year) is not None or bool(
        storage.list_assessments(ws.db, fy.start_year)
    )


@dataclass(frozen=True)
class Receipt:
    revision: int
    received_at: _dt.datetime
    status: str  # current | superseded | returned
    file_sha256: str


def receipts(ws: AdminWorkspace, fy: FiscalYear, code: str) -> list[Receipt]:
    """The submissions received from ``code`` in ``fy``, oldest first (kept after the file is gone)."""
    rec = storage.get_assessment(ws.db, fy.start_year, code)
    returned = rec is not None and rec.state is AssessmentState.RETURNED
    out = []
    for s in storage.submission_history(ws.db, code, fy.start_year):
        status = "returned" if returned and s.status == "current" else s.status
        out.append(Receipt(s.revision, s.received_at, status, s.file_sha256))
    return out


@dataclass(frozen=True)
class LateDepartment:
    code: str
    name: str
    head: str
    state: AssessmentState
    last: Receipt | None
    progress: storage.ProgressRecord | None


def late_departments(ws: AdminWorkspace, fy: FiscalYear) -> list[LateDepartment]:
    """未提出 (nothing final received) and 差し戻し departments, in the list's order."""
    org = ws.organization(fy)
    states = {r.department_code: r.state for r in storage.list_assessments(ws.db, fy.start_year)}
    notes = {n.department_code: n for n in storage.progress_notes(ws.db, fy.start_year)}
    out = []
    for d in org.departments:
        state = states.get(d.code, AssessmentState.NOT_STARTED)
        if state is AssessmentState.NOT_STARTED and d.code in notes:
            state = AssessmentState.IN_PROGRESS
        if state in LATE_STATES:
            got = receipts(ws, fy, d.code)
            out.append(
                LateDepartment(d.code, d.name, d.head, state, got[-1] if got else None, notes.get(d.code))
            )
    return out


def overdue_codes(ws: AdminWorkspace, fy: FiscalYear, today: _dt.date | None = None) -> set[str]:
    """The late departments once the year's 提出期限 has passed (none before, none without a deadline)."""
    rec = storage.get_year(ws.db, fy.start_year)
    if rec is None or rec.deadline is None or (today or _dt.date.today()) <= rec.deadline:
        return set()
    return {d.code for d in late_departments(ws, fy)}


def write_reminders(
    ws: AdminWorkspace,
    fy: FiscalYear,
    out: Path | str,
    *,
    today: _dt.date | None = None,
    invariant: bool = False,
) -> tuple[Path, int]:
    """The 督促一覧 PDF: department, 所属長, state, the last file received. (file, departments listed)"""
    from ..reporting.reminder_list import ReminderLine, build_reminder_list

    rec = storage.get_year(ws.db, fy.start_year)
    lines = [
        ReminderLine(
            d.name,
            d.head,
            d.state,
            d.last.revision if d.last else 0,
            d.last.received_at if d.last else None,
            (d.progress.answered, d.progress.total, d.progress.sent_at) if d.progress else None,
        )
        for d in late_departments(ws, fy)
    ]
    org = ws.organization(fy)
    path = build_reminder_list(
        lines,
        out,
        organization=org.name,
        classification=org.classification,
        year=fy,
        deadline=rec.deadline if rec else None,
        today=today or _dt.date.today(),
        invariant=invariant,
    )
    with ws.db.transaction():  # who printed which list, like every report and export
        storage.audit_append(
            ws.db,
            actor=ws.user_name,
            event="report",
            subject=f"{fy.start_year}/reminders",
            new={"file": Path(path).name, "departments": len(lines)},
        )
    return path, len(lines)


# -- keys and people ------------------------------------------------------------------------------
@dataclass(frozen=True)
class KeyRow:
    code: str
    name: str
    key: storage.KeyRecord | None
    open_codes: int
    earlier_keys: int  # replaced keys (a re-enrolled department has some)


def key_rows(ws: AdminWorkspace) -> list[KeyRow]:
    from . import enrolment

    rows = []
    for code, name, key, open_codes in enrolment.enrolment_status(ws):
        history = storage.key_history(ws.db, code)
        rows.append(KeyRow(code, name, key, open_codes, sum(1 for k in history if k.replaced_at)))
    return rows


def key_refusal(ws: AdminWorkspace, path: Path | str) -> tuple[str, str] | None:
    """(department code, reason) when ``path`` is refused because of the key that signed it
    (not enrolled, another key, a replaced key), else None. Reads the file; stores nothing."""
    from ..exchange import decode_submission
    from . import enrolment

    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise os_error_to_app_error(exc, path) from None
    try:
        sub = decode_submission(data, ws.keys, str(path))
        org = ws.organization(FiscalYear(sub.fiscal_year))
        if not org.has(sub.department_code):
            return None
        enrolment.decide(ws.db, sub, org)
    except AppError as exc:
        if exc.key in KEY_REFUSALS:
            return sub.department_code, exc.message
        return None
    return None


__all__ = [
    "KeyRow",
    "LateDepartment",
    "Receipt",
    "YearState",
    "is_bundled",
    "key_refusal",
    "key_rows",
    "late_departments",
    "overdue_codes",
    "receipts",
    "write_reminders",
    "year_states",
]
