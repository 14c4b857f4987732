"""Submissions the IT division received: the whole canonical payload, kept for good.

The newest revision per (department, year) is 'current', earlier ones
'superseded'; nothing is ever deleted, so every import can be traced.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import audit
from .driver import Row

if TYPE_CHECKING:
    from .database import Database


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
    received_at: _dt.datetime  # aware
    payload: bytes  # canonical JSON of the whole submission, as received
    status: str  # current | superseded


_COLS = (
    "id, department_code, fiscal_year, checklist_sha256, revision, chain_head, chain_seq, file_sha256, "
    "received_at, payload, status"
)


def _record(row: Row) -> SubmissionRecord:
    return SubmissionRecord(
        id=int(row[0]),
        department_code=row[1],
        fiscal_year=int(row[2]),
        checklist_sha256=row[3],
        revision=int(row[4]),
        chain_head=row[5],
        chain_seq=int(row[6]),
        file_sha256=row[7],
        received_at=_dt.datetime.fromisoformat(row[8]),
        payload=row[9].encode("utf-8"),
        status=row[10],
    )


def record_submission(
    db: Database,
    *,
    department_code: str,
    fiscal_year: int,
    checklist_sha256: str,
    revision: int,
    chain_head: str,
    file_sha256: str,
    payload: bytes,
    received_at: _dt.datetime,
    chain_seq: int = 0,
    actor: str = "",
) -> int:
    """Keep one received submission (audited); earlier ones of the same department and year
    become 'superseded' (the highest revision is 'current'). Returns the new row id."""
    if received_at.tzinfo is None:
        raise ValueError("received_at must carry a time zone")
    text = payload.decode("utf-8") if isinstance(payload, (bytes, bytearray)) else str(payload)
    with db.transaction():
        new_id = db.insert(
            f"INSERT INTO submissions ({_COLS.split(', ', 1)[1]}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'superseded')",
            (
                department_code,
                int(fiscal_year),
                checklist_sha256,
                int(revision),
                chain_head,
                int(chain_seq),
                file_sha256,
                received_at.isoformat(),
                text,
            ),
        )
        # 'current' is the highest revision, whatever order the files arrived in.
        db.execute(
            "UPDATE submissions SET status = CASE WHEN id = (SELECT id FROM submissions WHERE department_code = ?1 "
            "AND fiscal_year = ?2 ORDER BY revision DESC, id DESC LIMIT 1) THEN 'current' ELSE 'superseded' END "
            "WHERE department_code = ?1 AND fiscal_year = ?2",
            (department_code, int(fiscal_year)),
        )
        audit.append(
            db,
            actor=actor,
            event="submission_recorded",
            subject=f"{int(fiscal_year)}/{department_code}",
            new={
                "revision": int(revision),
                "file_sha256": file_sha256,
                "chain_head": chain_head,
                "chain_seq": int(chain_seq),
            },
        )
    return new_id


def latest_submission(db: Database, dept: str, fy: int) -> SubmissionRecord | None:
    row = db.one(
        f"SELECT {_COLS} FROM submissions WHERE department_code = ? AND fiscal_year = ? "
        "ORDER BY revision DESC, id DESC LIMIT 1",
        (dept, int(fy)),
    )
    return _record(row) if row else None


def submission_history(db: Database, dept: str, fy: int) -> list[SubmissionRecord]:
    """Every submission of one department and year, oldest revision first."""
    return [
        _record(r)
        for r in db.query(
            f"SELECT {_COLS} FROM submissions WHERE department_code = ? AND fiscal_year = ? ORDER BY revision, id",
            (dept, int(fy)),
        )
    ]


def find_by_file_hash(db: Database, file_sha256: str) -> SubmissionRecord | None:
    row = db.one(f"SELECT {_COLS} FROM submissions WHERE file_sha256 = ?", (file_sha256,))
    return _record(row) if row else None
