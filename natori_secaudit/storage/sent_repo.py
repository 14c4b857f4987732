"""Submission files a department wrote: the exact bytes, kept so the file can be written again.

Stored in the same transaction that locks the answers (services/submission.py), so a
locked assessment always has its file's bytes, whatever happened to the file itself.
"""

from __future__ import annotations

from .database import Database, now_iso


def store_sent_submission(
    db: Database, fy: int, dept: str, revision: int, file_name: str, data: bytes
) -> None:
    db.execute(
        "INSERT OR REPLACE INTO sent_submissions (fiscal_year, department_code, revision, file_name, data, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?)",
        (int(fy), dept, int(revision), file_name, bytes(data), now_iso()),
    )


def sent_submission(db: Database, fy: int, dept: str, revision: int) -> tuple[str, bytes] | None:
    """(standard file name, bytes) of one revision's submission file, or None if it was not kept."""
    row = db.one(
        "SELECT file_name, data FROM sent_submissions WHERE fiscal_year = ? AND department_code = ? "
        "AND revision = ?",
        (int(fy), dept, int(revision)),
    )
    return (row[0], bytes(row[1])) if row else None
