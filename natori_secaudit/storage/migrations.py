"""Numbered schema migrations through PRAGMA user_version.

Each migration runs in one transaction with the user_version bump, so a
database is always at one version or the next, never in between. An
encrypted backup is taken before migrating a database that holds data.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    statements: Sequence[str] | Callable


SCHEMA_1 = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE checklists (
        ref INTEGER PRIMARY KEY,
        checklist_id TEXT NOT NULL,
        version TEXT NOT NULL,
        sha256 TEXT UNIQUE NOT NULL,
        title TEXT NOT NULL,
        snapshot TEXT NOT NULL,
        stored_at TEXT NOT NULL)""",
    "CREATE TABLE organization (id INTEGER PRIMARY KEY CHECK (id = 1), name TEXT NOT NULL, snapshot TEXT NOT NULL)",
    """CREATE TABLE departments (
        code TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        division TEXT NOT NULL DEFAULT '',
        tags TEXT NOT NULL DEFAULT '[]',
        sort_order INTEGER NOT NULL)""",
    """CREATE TABLE keys (
        name TEXT PRIMARY KEY,
        private BLOB,
        public BLOB NOT NULL,
        created_at TEXT NOT NULL)""",
    """CREATE TABLE assessments (
        id INTEGER PRIMARY KEY,
        fiscal_year INTEGER NOT NULL,
        department_code TEXT NOT NULL,
        checklist_sha256 TEXT NOT NULL REFERENCES checklists(sha256),
        state TEXT NOT NULL CHECK (state IN ('not_started','in_progress','submitted','returned')),
        inspector TEXT NOT NULL DEFAULT '',
        revision INTEGER NOT NULL DEFAULT 0,
        submitted_at TEXT,
        return_message TEXT NOT NULL DEFAULT '',
        chain_head TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (fiscal_year, department_code))""",
    """CREATE TABLE answers (
        assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
        item_id TEXT NOT NULL,
        status TEXT CHECK (status IS NULL OR status IN
            ('implemented','partial','not_implemented','unknown','not_applicable')),
        comment TEXT NOT NULL DEFAULT '',
        evidence TEXT NOT NULL DEFAULT '',
        action TEXT NOT NULL DEFAULT '',
        due TEXT,
        carried_over INTEGER NOT NULL DEFAULT 0,
        answered_by TEXT NOT NULL DEFAULT '',
        updated_at TEXT,
        PRIMARY KEY (assessment_id, item_id))""",
    """CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        ts TEXT NOT NULL,
        actor TEXT NOT NULL DEFAULT '',
        os_user TEXT NOT NULL DEFAULT '',
        event TEXT NOT NULL,
        subject TEXT NOT NULL DEFAULT '',
        old TEXT,
        new TEXT,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL)""",
    """CREATE TABLE submissions (
        id INTEGER PRIMARY KEY,
        department_code TEXT NOT NULL,
        fiscal_year INTEGER NOT NULL,
        checklist_sha256 TEXT NOT NULL,
        revision INTEGER NOT NULL,
        chain_head TEXT NOT NULL,
        chain_seq INTEGER NOT NULL,
        file_sha256 TEXT NOT NULL UNIQUE,
        received_at TEXT NOT NULL,
        payload TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('current','superseded')))""",
    "CREATE INDEX submissions_by_dept ON submissions (department_code, fiscal_year, revision)",
    "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
)

MIGRATIONS: list[Migration] = [Migration(1, "initial schema", SCHEMA_1)]


def latest_version() -> int:
    return MIGRATIONS[-1].version if MIGRATIONS else 0


def pending(current: int, migrations: Sequence[Migration] | None = None) -> list[Migration]:
    return [m for m in (migrations or MIGRATIONS) if m.version > current]


def apply(conn, migration: Migration) -> None:
    """Apply one migration in one transaction (rolled back whole on error)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        if callable(migration.statements):
            migration.statements(conn)
        else:
            for statement in migration.statements:
                conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {int(migration.version)}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
