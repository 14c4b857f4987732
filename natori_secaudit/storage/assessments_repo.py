"""One department's assessment per fiscal year: its state, revision and submission facts."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from ..domain.assessment import AssessmentState
from . import audit
from .database import Database, now_iso
from .driver import Row


@dataclass(frozen=True)
class AssessmentRecord:
    id: int
    fiscal_year: int
    department_code: str
    checklist_sha256: str
    state: AssessmentState
    inspector: str
    revision: int
    submitted_at: _dt.datetime | None  # aware
    return_message: str
    chain_head: str
    updated_at: _dt.datetime | None  # aware


_COLS = (
    "id, fiscal_year, department_code, checklist_sha256, state, inspector, revision, submitted_at, "
    "return_message, chain_head, updated_at"
)


def _dt_or_none(text: str | None) -> _dt.datetime | None:
    return _dt.datetime.fromisoformat(text) if text else None


def _record(row: Row) -> AssessmentRecord:
    return AssessmentRecord(
        id=int(row[0]),
        fiscal_year=int(row[1]),
        department_code=row[2],
        checklist_sha256=row[3],
        state=AssessmentState(row[4]),
        inspector=row[5] or "",
        revision=int(row[6]),
        submitted_at=_dt_or_none(row[7]),
        return_message=row[8] or "",
        chain_head=row[9] or "",
        updated_at=_dt_or_none(row[10]),
    )


def get_assessment(db: Database, fy: int, dept: str) -> AssessmentRecord | None:
    row = db.one(
        f"SELECT {_COLS} FROM assessments WHERE fiscal_year = ? AND department_code = ?", (int(fy), dept)
    )
    return _record(row) if row else None


def get_assessment_by_id(db: Database, assessment_id: int) -> AssessmentRecord:
    """The assessment with this id; KeyError if there is none."""
    row = db.one(f"SELECT {_COLS} FROM assessments WHERE id = ?", (int(assessment_id),))
    if row is None:
        raise KeyError(assessment_id)
    return _record(row)


def create_assessment(
    db: Database, fy: int, dept: str, checklist_sha256: str, inspector: str = ""
) -> AssessmentRecord:
    """A new, not-started assessment (audited). The checklist must be stored already."""
    now = now_iso()
    with db.transaction():
        new_id = db.insert(
            "INSERT INTO assessments (fiscal_year, department_code, checklist_sha256, state, inspector, "
            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (int(fy), dept, checklist_sha256, AssessmentState.NOT_STARTED.value, inspector, now, now),
        )
        audit.append(
            db,
            actor=inspector,
            event="assessment_created",
            subject=f"{int(fy)}/{dept}",
            new={"checklist_sha256": checklist_sha256},
        )
    return get_assessment_by_id(db, new_id)


def set_assessment_state(
    db: Database,
    assessment_id: int,
    state: AssessmentState,
    *,
    actor: str,
    revision: int | None = None,
    submitted_at: _dt.datetime | None = None,
    return_message: str | None = None,
    chain_head: str | None = None,
    inspector: str | None = None,
) -> AssessmentRecord:
    """Change the state (and the given facts) in one audited transaction; returns the new record."""
    if submitted_at is not None and submitted_at.tzinfo is None:
        raise ValueError("submitted_at must carry a time zone")
    state = AssessmentState(state)
    with db.transaction():
        old = get_assessment_by_id(db, assessment_id)
        sets: list[str] = ["state = ?", "updated_at = ?"]
        params: list[object] = [state.value, now_iso()]
        for col, value in (
            ("revision", revision),
            ("return_message", return_message),
            ("chain_head", chain_head),
            ("inspector", inspector),
            ("submitted_at", submitted_at.isoformat() if submitted_at else None),
        ):
            if value is not None:
                sets.append(f"{col} = ?")
                params.append(value)
        db.execute(f"UPDATE assessments SET {', '.join(sets)} WHERE id = ?", (*params, int(assessment_id)))
        new = get_assessment_by_id(db, assessment_id)
        audit.append(
            db,
            actor=actor,
            event=f"state_{state.value}",
            subject=f"{old.fiscal_year}/{old.department_code}",
            old=_audit_view(old),
            new=_audit_view(new),
        )
    return new


def set_assessment_checklist(db: Database, assessment_id: int, checklist_sha256: str, *, actor: str) -> None:
    """Point a not-yet-answered assessment at another checklist snapshot (a re-issued bundle)."""
    with db.transaction():
        old = get_assessment_by_id(db, assessment_id)
        db.execute(
            "UPDATE assessments SET checklist_sha256 = ?, updated_at = ? WHERE id = ?",
            (checklist_sha256, now_iso(), int(assessment_id)),
        )
        audit.append(
            db,
            actor=actor,
            event="assessment_checklist",
            subject=f"{old.fiscal_year}/{old.department_code}",
            old={"checklist": old.checklist_sha256},
            new={"checklist": checklist_sha256},
        )


def _audit_view(rec: AssessmentRecord) -> dict[str, object]:
    return {
        "state": rec.state.value,
        "revision": rec.revision,
        "inspector": rec.inspector,
        "submitted_at": rec.submitted_at.isoformat() if rec.submitted_at else None,
        "return_message": rec.return_message,
        "chain_head": rec.chain_head,
    }


def list_assessments(db: Database, fy: int | None = None) -> list[AssessmentRecord]:
    if fy is None:
        rows = db.query(f"SELECT {_COLS} FROM assessments ORDER BY fiscal_year, department_code")
    else:
        rows = db.query(
            f"SELECT {_COLS} FROM assessments WHERE fiscal_year = ? ORDER BY department_code", (int(fy),)
        )
    return [_record(r) for r in rows]


def years(db: Database) -> list[int]:
    """Fiscal years that have at least one assessment, oldest first."""
    return [int(r[0]) for r in db.query("SELECT DISTINCT fiscal_year FROM assessments ORDER BY fiscal_year")]
