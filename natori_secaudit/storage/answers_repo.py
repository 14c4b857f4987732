"""Answers: every save is one transaction with its audit entry.

A department's answers change only while its assessment is not submitted
(Refused 'storage.assessment_locked'); the IT division's copy of a
department's answers is replaced whole on import (:func:`replace_answers`).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from ..domain.answers import Answer, AnswerStatus
from ..domain.assessment import AssessmentState
from ..domain.fiscal_year import FiscalYear
from ..domain.serialize import answer_to_dict, canonical_json, sha256_hex
from ..errors import Refused
from . import audit
from .assessments_repo import AssessmentRecord, get_assessment_by_id
from .driver import Row

if TYPE_CHECKING:
    from .database import Database

_COLS = "item_id, status, comment, evidence, action, due, carried_over, answered_by, updated_at"
_INSERT = f"INSERT INTO answers (assessment_id, {_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
_UPSERT = _INSERT + (
    " ON CONFLICT(assessment_id, item_id) DO UPDATE SET status = excluded.status, comment = excluded.comment,"
    " evidence = excluded.evidence, action = excluded.action, due = excluded.due,"
    " carried_over = excluded.carried_over, answered_by = excluded.answered_by, updated_at = excluded.updated_at"
)


def _answer(row: Row) -> Answer:
    return Answer(
        item_id=row[0],
        status=AnswerStatus(row[1]) if row[1] else None,
        comment=row[2] or "",
        evidence=row[3] or "",
        action=row[4] or "",
        due=_dt.date.fromisoformat(row[5]) if row[5] else None,
        carried_over=bool(row[6]),
        answered_by=row[7] or "",
        updated_at=_dt.datetime.fromisoformat(row[8]) if row[8] else None,
    )


def _params(
    assessment_id: int, a: Answer
) -> tuple[int, str, str | None, str, str, str, str | None, int, str, str | None]:
    return (
        int(assessment_id),
        a.item_id,
        a.status.value if a.status else None,
        a.comment,
        a.evidence,
        a.action,
        a.due.isoformat() if a.due else None,
        int(a.carried_over),
        a.answered_by,
        a.updated_at.isoformat() if a.updated_at else None,
    )


def _now() -> _dt.datetime:
    return _dt.datetime.now().astimezone().replace(microsecond=0)


def _json(a: Answer | None) -> str | None:
    return None if a is None else canonical_json(answer_to_dict(a)).decode("utf-8")


def load_answers(db: Database, assessment_id: int) -> dict[str, Answer]:
    return {
        r[0]: _answer(r)
        for r in db.query(
            f"SELECT {_COLS} FROM answers WHERE assessment_id = ? ORDER BY item_id", (int(assessment_id),)
        )
    }


def _current(db: Database, assessment_id: int, item_id: str) -> Answer | None:
    row = db.one(
        f"SELECT {_COLS} FROM answers WHERE assessment_id = ? AND item_id = ?", (int(assessment_id), item_id)
    )
    return _answer(row) if row else None


def _editable(db: Database, assessment_id: int) -> AssessmentRecord:
    rec = get_assessment_by_id(db, assessment_id)
    if rec.state is AssessmentState.SUBMITTED:
        raise Refused("storage.assessment_locked", year=_year_label(rec.fiscal_year))
    return rec


def _year_label(fy: int) -> str:
    try:
        return FiscalYear(int(fy)).label_ja
    except (TypeError, ValueError):
        return str(fy)


def _save_one(
    db: Database, rec: AssessmentRecord, answer: Answer, when: _dt.datetime, actor: str, event: str
) -> Answer:
    stored = replace(answer, updated_at=when)
    old = _current(db, rec.id, answer.item_id)
    db.execute(_UPSERT, _params(rec.id, stored))
    audit.append(
        db,
        actor=actor,
        event=event,
        subject=f"{rec.fiscal_year}/{rec.department_code}/{answer.item_id}",
        old=_json(old),
        new=_json(stored),
    )
    return stored


def save_answer(
    db: Database, assessment_id: int, answer: Answer, *, actor: str, event: str = "answer"
) -> Answer:
    """Upsert one answer (updated_at = now) and its audit entry in ONE transaction; returns it as stored."""
    with db.transaction():
        rec = _editable(db, assessment_id)
        return _save_one(db, rec, answer, _now(), actor, event)


def save_answers(
    db: Database, assessment_id: int, answers: Iterable[Answer], *, actor: str, event: str = "answers_import"
) -> int:
    """Many answers, all or nothing, one audit entry each. Returns how many were saved."""
    when = _now()
    n = 0
    with db.transaction():
        rec = _editable(db, assessment_id)
        for a in answers:
            _save_one(db, rec, a, when, actor, event)
            n += 1
    return n


def replace_answers(
    db: Database, assessment_id: int, answers: Iterable[Answer], *, actor: str, event: str
) -> int:
    """The IT division's copy of a department's answers, replaced whole, as ONE audit entry
    (count and SHA-256 of the canonical answers). Answers keep their own updated_at."""
    answers = sorted(answers, key=lambda a: a.item_id)
    digest = sha256_hex(canonical_json([answer_to_dict(a) for a in answers]))
    with db.transaction():
        rec = get_assessment_by_id(db, assessment_id)
        before = db.one("SELECT count(*) FROM answers WHERE assessment_id = ?", (rec.id,))[0]
        db.execute("DELETE FROM answers WHERE assessment_id = ?", (rec.id,))
        for a in answers:
            db.execute(_INSERT, _params(rec.id, a))
        audit.append(
            db,
            actor=actor,
            event=event,
            subject=f"{rec.fiscal_year}/{rec.department_code}",
            old={"answers": int(before)},
            new={"answers": len(answers), "sha256": digest, "revision": rec.revision},
        )
    return len(answers)
