"""Enrolment codes, the departments' signing keys (with history) and progress notes.

The IT division's database holds every code it issued and every key it trusts;
a department's database holds its own code (one row). A key is replaced, never
deleted: ``replaced_at`` keeps the history, and the audit log says who and when.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
from dataclasses import dataclass

from . import audit
from .database import Database, now_iso
from .driver import Row


def key_fingerprint(public: bytes) -> str:
    """16 hex digits of SHA-256 in groups of four (as the IT division's own fingerprint)."""
    digest = hashlib.sha256(bytes(public)).hexdigest()[:16].upper()
    return "-".join(digest[i : i + 4] for i in range(0, 16, 4))


@dataclass(frozen=True)
class EnrolmentRecord:
    id: int
    department_code: str
    code_id: str
    secret: bytes
    tag: bytes
    issued_at: str
    used_at: str | None
    key_fingerprint: str


@dataclass(frozen=True)
class KeyRecord:
    id: int
    department_code: str
    public_key: bytes
    fingerprint: str
    how: str  # enrolled | first_use | lineage
    enrolment_id: int | None
    trusted_at: str
    replaced_at: str | None


_ENROL = "id, department_code, code_id, secret, tag, issued_at, used_at, key_fingerprint"
_KEY = "id, department_code, public_key, fingerprint, how, enrolment_id, trusted_at, replaced_at"


def _enrolment(row: Row) -> EnrolmentRecord:
    return EnrolmentRecord(int(row[0]), row[1], row[2], bytes(row[3]), bytes(row[4]), row[5], row[6], row[7])


def _key(row: Row) -> KeyRecord:
    return KeyRecord(int(row[0]), row[1], bytes(row[2]), row[3], row[4], row[5], row[6], row[7])


def add_enrolment(
    db: Database,
    department_code: str,
    code_id: str,
    secret: bytes,
    tag: bytes,
    *,
    actor: str,
    used: bool = False,
) -> EnrolmentRecord:
    """Store an issued code (IT division) or the code a department entered (``used``: its own).

    A code issued cancels the department's codes still unused: only the newest slip handed out
    can enrol, so a lost or superseded slip found later cannot replace the department's key.
    """
    with db.transaction():
        now = now_iso()
        cancelled = 0 if used else _cancel_open(db, department_code, now)
        db.execute(
            f"INSERT INTO enrolments ({_ENROL}) VALUES (NULL, ?, ?, ?, ?, ?, ?, '')",
            (department_code, code_id, bytes(secret), bytes(tag), now, now if used else None),
        )
        new: dict[str, object] = {"code_id": code_id}
        if cancelled:
            new["cancelled_unused"] = cancelled
        audit.append(db, actor=actor, event="enrolment_code", subject=department_code, new=new)
        row = db.one(f"SELECT {_ENROL} FROM enrolments WHERE code_id = ?", (code_id,))
    return _enrolment(row)


def open_enrolments(db: Database, department_code: str) -> list[EnrolmentRecord]:
    """Codes issued for a department, neither used nor cancelled, newest first."""
    rows = db.query(
        f"SELECT {_ENROL} FROM enrolments WHERE department_code = ? AND used_at IS NULL "
        "AND cancelled_at IS NULL ORDER BY id DESC",
        (department_code,),
    )
    return [_enrolment(r) for r in rows]


def _cancel_open(db: Database, department_code: str, now: str, keep: int | None = None) -> int:
    """Cancel the department's open codes (all but ``keep``); inside the caller's transaction."""
    cursor = db.execute(
        "UPDATE enrolments SET cancelled_at = ? WHERE department_code = ? AND used_at IS NULL "
        "AND cancelled_at IS NULL AND id IS NOT ?",
        (now, department_code, keep),
    )
    return max(cursor.rowcount, 0)


def enrolments(db: Database, department_code: str | None = None) -> list[EnrolmentRecord]:
    if department_code is None:
        return [_enrolment(r) for r in db.query(f"SELECT {_ENROL} FROM enrolments ORDER BY id")]
    return [
        _enrolment(r)
        for r in db.query(
            f"SELECT {_ENROL} FROM enrolments WHERE department_code = ? ORDER BY id", (department_code,)
        )
    ]


def current_key(db: Database, department_code: str) -> KeyRecord | None:
    row = db.one(
        f"SELECT {_KEY} FROM department_keys WHERE department_code = ? AND replaced_at IS NULL",
        (department_code,),
    )
    return None if row is None else _key(row)


def key_history(db: Database, department_code: str) -> list[KeyRecord]:
    return [
        _key(r)
        for r in db.query(
            f"SELECT {_KEY} FROM department_keys WHERE department_code = ? ORDER BY id", (department_code,)
        )
    ]


def find_key(db: Database, department_code: str, public: bytes) -> KeyRecord | None:
    """The newest record of this key for this department (current or replaced)."""
    row = db.one(
        f"SELECT {_KEY} FROM department_keys WHERE department_code = ? AND public_key = ? "
        "ORDER BY id DESC LIMIT 1",
        (department_code, bytes(public)),
    )
    return None if row is None else _key(row)


def trust_key(
    db: Database,
    department_code: str,
    public: bytes,
    *,
    how: str,
    actor: str,
    enrolment_id: int | None = None,
) -> KeyRecord:
    """Make ``public`` the department's key (the previous one is kept as replaced); one transaction."""
    fp = key_fingerprint(public)
    with db.transaction():
        old = current_key(db, department_code)
        now = now_iso()
        if old is not None:
            db.execute("UPDATE department_keys SET replaced_at = ? WHERE id = ?", (now, old.id))
        db.execute(
            "INSERT INTO department_keys (department_code, public_key, fingerprint, how, enrolment_id, "
            "trusted_at) VALUES (?, ?, ?, ?, ?, ?)",
            (department_code, bytes(public), fp, how, enrolment_id, now),
        )
        if enrolment_id is not None:
            db.execute(
                "UPDATE enrolments SET used_at = ?, key_fingerprint = ? WHERE id = ?", (now, fp, enrolment_id)
            )
            _cancel_open(db, department_code, now)  # the department is enrolled: no other code may be
        audit.append(
            db,
            actor=actor,
            event="department_key_trusted",
            subject=department_code,
            old={"fingerprint": old.fingerprint} if old else None,
            new={"fingerprint": fp, "how": how, "enrolment_id": enrolment_id},
        )
    found = current_key(db, department_code)
    assert found is not None
    return found


# -- progress notes (途中経過) ----------------------------------------------------------------------
@dataclass(frozen=True)
class ProgressRecord:
    fiscal_year: int
    department_code: str
    answered: int
    total: int
    sent_at: _dt.datetime
    chain_seq: int
    chain_head: str
    inspector: str


def set_progress(db: Database, note: ProgressRecord, *, actor: str) -> None:
    with db.transaction():
        db.execute(
            "INSERT INTO progress_notes VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(fiscal_year, "
            "department_code) DO UPDATE SET answered = excluded.answered, total = excluded.total, "
            "sent_at = excluded.sent_at, chain_seq = excluded.chain_seq, chain_head = excluded.chain_head, "
            "inspector = excluded.inspector",
            (
                int(note.fiscal_year),
                note.department_code,
                int(note.answered),
                int(note.total),
                note.sent_at.isoformat(),
                int(note.chain_seq),
                note.chain_head,
                note.inspector,
            ),
        )
        audit.append(
            db,
            actor=actor,
            event="import_progress",
            subject=f"{note.fiscal_year}/{note.department_code}",
            new={"answered": note.answered, "total": note.total},
        )


def _progress(row: Row) -> ProgressRecord | None:
    try:
        return ProgressRecord(
            int(row[0]),
            row[1],
            int(row[2]),
            int(row[3]),
            _dt.datetime.fromisoformat(row[4]),
            int(row[5]),
            row[6],
            row[7],
        )
    except (TypeError, ValueError):
        return None  # a damaged note only hides progress; it never stops the dashboard


_PROGRESS = "fiscal_year, department_code, answered, total, sent_at, chain_seq, chain_head, inspector"


def get_progress(db: Database, fiscal_year: int, department_code: str) -> ProgressRecord | None:
    row = db.one(
        f"SELECT {_PROGRESS} FROM progress_notes WHERE fiscal_year = ? AND department_code = ?",
        (int(fiscal_year), department_code),
    )
    return None if row is None else _progress(row)


def progress_notes(db: Database, fiscal_year: int) -> list[ProgressRecord]:
    rows = db.query(
        f"SELECT {_PROGRESS} FROM progress_notes WHERE fiscal_year = ? ORDER BY department_code",
        (int(fiscal_year),),
    )
    return [p for p in (_progress(r) for r in rows) if p is not None]
