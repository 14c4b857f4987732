"""Checklist snapshots: exact, content-addressed copies (canonical JSON + SHA-256).

A year's answers refer to the checklist by its SHA-256, so history never
depends on YAML files that change later. Loading re-hashes the snapshot: a
copy that does not match its own hash is reported as damage, never used.
"""

from __future__ import annotations

import json

from ..domain.checklist import Checklist
from ..domain.serialize import checklist_from_dict, checklist_snapshot
from ..errors import DamagedFile
from . import audit
from .database import Database, now_iso

# Verified snapshots by SHA-256. Content-addressed, so sharing it between
# databases is safe: the same hash is the same checklist.
_verified: dict[str, Checklist] = {}


def store_checklist(db: Database, checklist: Checklist, *, actor: str = "") -> str:
    """Store the canonical snapshot; idempotent by SHA-256. Returns the SHA-256."""
    blob, sha = checklist_snapshot(checklist)
    with db.transaction():
        if db.one("SELECT 1 FROM checklists WHERE sha256 = ?", (sha,)) is None:
            db.execute(
                "INSERT INTO checklists (checklist_id, version, sha256, title, snapshot, stored_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (checklist.id, checklist.version, sha, checklist.title, blob.decode("utf-8"), now_iso()),
            )
            audit.append(
                db,
                actor=actor,
                event="checklist_stored",
                subject=sha,
                new={"checklist_id": checklist.id, "version": checklist.version},
            )
    return sha


def load_checklist(db: Database, sha256: str) -> Checklist:
    """The checklist with this SHA-256 (``sha256`` set); KeyError if the database has none."""
    cached = _verified.get(sha256)
    if cached is not None:
        return cached
    row = db.one("SELECT snapshot FROM checklists WHERE sha256 = ?", (sha256,))
    if row is None:
        raise KeyError(sha256)
    try:
        checklist = checklist_from_dict(json.loads(row[0]), sha256=sha256)
    except (ValueError, KeyError, TypeError) as exc:
        raise DamagedFile("storage.snapshot_mismatch", path=str(db.path)) from exc
    if checklist_snapshot(checklist)[1] != sha256:
        raise DamagedFile("storage.snapshot_mismatch", path=str(db.path))
    _verified[sha256] = checklist
    return checklist


def list_checklists(db: Database) -> list[tuple[str, str, str, str]]:
    """(checklist_id, version, sha256, title) in the order they were stored."""
    return [
        (r[0], r[1], r[2], r[3])
        for r in db.query("SELECT checklist_id, version, sha256, title FROM checklists ORDER BY ref")
    ]
