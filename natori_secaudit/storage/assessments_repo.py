"""Assessments, answers and (on the IT division's side) submissions."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from dataclasses import dataclass

from ..domain.answers import Answer, AnswerStatus
from ..domain.assessment import AssessmentState
from ..domain.serialize import answer_to_dict
from ..errors import Refused
from . import audit


@dataclass(frozen=True)
class AssessmentRecord:
    id: int
    fiscal_year: int
    department_code: str
    checklist_sha256: str
    state: AssessmentState
    inspector: str
    revision: int
    submitted_at: _dt.datetime | None
    return_message: str
    chain_head: str
    updated_at: str


@dataclass(frozen=True)
class SubmissionRecord:
    id: int
    department_code: str
    fiscal_year: int
    checklist_sha256: str
    revision: int
    chain_head: str
    chain_seq: int
    file_sha256: str
    received_at: str
    payload: str
    status: str


_A_COLS = ("id, fiscal_year, department_code, checklist_sha256, state, inspector, revision, submitted_at, "
           "return_message, chain_head, updated_at")


def _now() -> _dt.datetime:
    return _dt.datetime.now().astimezone()


def _record(row) -> AssessmentRecord:
    return AssessmentRecord(
        id=row[0], fiscal_year=row[1], department_code=row[2], checklist_sha256=row[3],
        state=AssessmentState(row[4]), inspector=row[5] or "", revision=row[6],
        submitted_at=_dt.datetime.fromisoformat(row[7]) if row[7] else None,
        return_message=row[8] or "", chain_head=row[9] or "", updated_at=row[10],
    )


def get_assessment(db, fiscal_year: int, department_code: str) -> AssessmentRecord | None:
    row = db.one(f"SELECT {_A_COLS} FROM assessments WHERE fiscal_year = ? AND department_code = ?",
                 (int(fiscal_year), department_code))
    return _record(row) if row else None


def get_assessment_by_id(db, assessment_id: int) -> AssessmentRecord:
    row = db.one(f"SELECT {_A_COLS} FROM assessments WHERE id = ?", (assessment_id,))
    if row is None:
        raise KeyError(assessment_id)
    return _record(row)


def create_assessment(db, fiscal_year: int, department_code: str, checklist_sha256: str,
                      inspector: str = "") -> AssessmentRecord:
    now = _now().isoformat(timespec="seconds")
    with db.transaction():
        db.execute(
            "INSERT INTO assessments (fiscal_year, department_code, checklist_sha256, state, inspector, "
            "created_at, updated_at) VALUES (?, ?, ?, 'not_started', ?, ?, ?)",
            (int(fiscal_year), department_code, checklist_sha256, inspector, now, now),
        )
        audit.append(db, actor=inspector, event="assessment_created",
                     subject=f"{fiscal_year}/{department_code}", new={"checklist": checklist_sha256})
    rec = get_assessment(db, fiscal_year, department_code)
    assert rec is not None
    return rec


def set_assessment_state(db, assessment_id: int, state: AssessmentState, *, actor: str,
                         revision: int | None = None, submitted_at: _dt.datetime | None = None,
                         return_message: str | None = None, chain_head: str | None = None,
                         inspector: str | None = None) -> None:
    with db.transaction():
        old = get_assessment_by_id(db, assessment_id)
        sets = ["state = ?", "updated_at = ?"]
        params: list = [state.value, _now().isoformat(timespec="seconds")]
        for col, value in (("revision", revision), ("return_message", return_message),
                           ("chain_head", chain_head), ("inspector", inspector)):
            if value is not None:
                sets.append(f"{col} = ?")
                params.append(value)
        if submitted_at is not None:
            sets.append("submitted_at = ?")
            params.append(submitted_at.isoformat())
        params.append(assessment_id)
        db.execute(f"UPDATE assessments SET {', '.join(sets)} WHERE id = ?", params)
        audit.append(db, actor=actor, event=f"state_{state.value}",
                     subject=f"{old.fiscal_year}/{old.department_code}",
                     old={"state": old.state.value, "revision": old.revision},
                     new={"state": state.value, "revision": revision if revision is not None else old.revision,
                          "message": return_message or ""})


def list_assessments(db, fiscal_year: int | None = None) -> list[AssessmentRecord]:
    if fiscal_year is None:
        rows = db.query(f"SELECT {_A_COLS} FROM assessments ORDER BY fiscal_year, department_code")
    else:
        rows = db.query(f"SELECT {_A_COLS} FROM assessments WHERE fiscal_year = ? ORDER BY department_code",
                        (int(fiscal_year),))
    return [_record(r) for r in rows]


def years(db) -> list[int]:
    return [r[0] for r in db.query("SELECT DISTINCT fiscal_year FROM assessments ORDER BY fiscal_year")]


# -- answers -------------------------------------------------------------------------
_ANS_COLS = "item_id, status, comment, evidence, action, due, carried_over, answered_by, updated_at"


def _answer(row) -> Answer:
    return Answer(
        item_id=row[0],
        status=AnswerStatus(row[1]) if row[1] else None,
        comment=row[2] or "", evidence=row[3] or "", action=row[4] or "",
        due=_dt.date.fromisoformat(row[5]) if row[5] else None,
        carried_over=bool(row[6]), answered_by=row[7] or "",
        updated_at=_dt.datetime.fromisoformat(row[8]) if row[8] else None,
    )


def load_answers(db, assessment_id: int) -> dict[str, Answer]:
    return {r[0]: _answer(r) for r in db.query(
        f"SELECT {_ANS_COLS} FROM answers WHERE assessment_id = ? ORDER BY item_id", (assessment_id,))}


def _upsert(db, assessment_id: int, a: Answer, when: _dt.datetime) -> None:
    db.execute(
        f"INSERT INTO answers (assessment_id, {_ANS_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT(assessment_id, item_id) DO UPDATE SET status = excluded.status, comment = excluded.comment, "
        "evidence = excluded.evidence, action = excluded.action, due = excluded.due, "
        "carried_over = excluded.carried_over, answered_by = excluded.answered_by, updated_at = excluded.updated_at",
        (assessment_id, a.item_id, a.status.value if a.status else None, a.comment, a.evidence, a.action,
         a.due.isoformat() if a.due else None, int(a.carried_over), a.answered_by,
         when.isoformat(timespec="seconds")),
    )


def _old(db, assessment_id: int, item_id: str) -> Answer | None:
    row = db.one(f"SELECT {_ANS_COLS} FROM answers WHERE assessment_id = ? AND item_id = ?", (assessment_id, item_id))
    return _answer(row) if row else None


def _refuse_if_locked(rec: AssessmentRecord) -> None:
    if rec.state is AssessmentState.SUBMITTED:
        raise Refused("storage.assessment_locked", year=rec.fiscal_year)


def save_answer(db, assessment_id: int, answer: Answer, *, actor: str) -> Answer:
    """One answer, one transaction, one audit entry."""
    when = _now()
    with db.transaction():
        rec = get_assessment_by_id(db, assessment_id)
        _refuse_if_locked(rec)
        old = _old(db, assessment_id, answer.item_id)
        _upsert(db, assessment_id, answer, when)
        audit.append(db, actor=actor, event="answer",
                     subject=f"{rec.fiscal_year}/{rec.department_code}/{answer.item_id}",
                     old=answer_to_dict(old) if old else None, new=_audit_answer(answer))
    stored = _old(db, assessment_id, answer.item_id)
    assert stored is not None
    return stored


def _audit_answer(a: Answer) -> dict:
    d = answer_to_dict(a)
    d.pop("updated_at", None)
    return d


def save_answers(db, assessment_id: int, answers: Iterable[Answer], *, actor: str,
                 event: str = "answers_import") -> int:
    """Many answers, all or nothing, one audit entry each."""
    when = _now()
    n = 0
    with db.transaction():
        rec = get_assessment_by_id(db, assessment_id)
        _refuse_if_locked(rec)
        for a in answers:
            old = _old(db, assessment_id, a.item_id)
            _upsert(db, assessment_id, a, when)
            audit.append(db, actor=actor, event=event,
                         subject=f"{rec.fiscal_year}/{rec.department_code}/{a.item_id}",
                         old=answer_to_dict(old) if old else None, new=_audit_answer(a))
            n += 1
    return n


def replace_answers(db, assessment_id: int, answers: Iterable[Answer], *, actor: str, event: str) -> int:
    """The IT division's copy of a department's answers, replaced whole (one audit entry)."""
    answers = list(answers)
    with db.transaction():
        rec = get_assessment_by_id(db, assessment_id)
        db.execute("DELETE FROM answers WHERE assessment_id = ?", (assessment_id,))
        for a in answers:
            db.execute(
                f"INSERT INTO answers (assessment_id, {_ANS_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (assessment_id, a.item_id, a.status.value if a.status else None, a.comment, a.evidence, a.action,
                 a.due.isoformat() if a.due else None, int(a.carried_over), a.answered_by,
                 a.updated_at.isoformat(timespec="seconds") if a.updated_at else None),
            )
        audit.append(db, actor=actor, event=event, subject=f"{rec.fiscal_year}/{rec.department_code}",
                     new={"answers": len(answers), "revision": rec.revision})
    return len(answers)


# -- submissions (IT division) -----------------------------------------------------------
_S_COLS = ("id, department_code, fiscal_year, checklist_sha256, revision, chain_head, chain_seq, file_sha256, "
           "received_at, payload, status")


def record_submission(db, *, department_code: str, fiscal_year: int, checklist_sha256: str, revision: int,
                      chain_head: str, chain_seq: int, file_sha256: str, payload: bytes | str,
                      received_at: _dt.datetime) -> int:
    text = payload.decode("utf-8") if isinstance(payload, bytes) else payload
    with db.transaction():
        db.execute("UPDATE submissions SET status = 'superseded' WHERE department_code = ? AND fiscal_year = ?",
                   (department_code, int(fiscal_year)))
        cur = db.execute(
            f"INSERT INTO submissions ({_S_COLS.replace('id, ', '', 1)}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'current')",
            (department_code, int(fiscal_year), checklist_sha256, revision, chain_head, chain_seq, file_sha256,
             received_at.isoformat(), text),
        )
        audit.append(db, actor="", event="submission_recorded", subject=f"{fiscal_year}/{department_code}",
                     new={"revision": revision, "file_sha256": file_sha256, "chain_head": chain_head})
        return int(cur.lastrowid)


def _sub(row) -> SubmissionRecord:
    return SubmissionRecord(*row)


def latest_submission(db, department_code: str, fiscal_year: int) -> SubmissionRecord | None:
    row = db.one(f"SELECT {_S_COLS} FROM submissions WHERE department_code = ? AND fiscal_year = ? "
                 "ORDER BY revision DESC, id DESC LIMIT 1", (department_code, int(fiscal_year)))
    return _sub(row) if row else None


def submission_history(db, department_code: str, fiscal_year: int) -> list[SubmissionRecord]:
    return [_sub(r) for r in db.query(f"SELECT {_S_COLS} FROM submissions WHERE department_code = ? AND "
                                      "fiscal_year = ? ORDER BY revision, id", (department_code, int(fiscal_year)))]


def find_by_file_hash(db, file_sha256: str) -> SubmissionRecord | None:
    row = db.one(f"SELECT {_S_COLS} FROM submissions WHERE file_sha256 = ?", (file_sha256,))
    return _sub(row) if row else None
