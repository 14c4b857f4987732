"""Numbered schema migrations through ``PRAGMA user_version``.

``MIGRATIONS`` is an ordered list of ``(version, name, step)``; ``step`` is a
sequence of SQL statements or a callable taking the Database. Each migration
and its ``user_version`` bump run in ONE transaction, so a database is always
at one version or the next, never in between. Database.open takes an
encrypted backup before migrating a database that already holds data.

Rules: never edit a released migration, only append; a step must work on a
database at exactly the previous version; do not add empty "placeholder"
migrations.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from .database import Database


class Migration(NamedTuple):
    version: int
    name: str
    step: Sequence[str] | Callable[[Database], None]


SCHEMA_1: tuple[str, ...] = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    # Exact, content-addressed copies of every checklist a year used (canonical JSON).
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
        state TEXT NOT NULL CHECK (state IN ('not_started', 'in_progress', 'submitted', 'returned')),
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
            ('implemented', 'partial', 'not_implemented', 'unknown', 'not_applicable')),
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
    # chain_seq: the audit sequence number that chain_head belongs to (rollback detection, B5).
    """CREATE TABLE submissions (
        id INTEGER PRIMARY KEY,
        department_code TEXT NOT NULL,
        fiscal_year INTEGER NOT NULL,
        checklist_sha256 TEXT NOT NULL,
        revision INTEGER NOT NULL,
        chain_head TEXT NOT NULL,
        chain_seq INTEGER NOT NULL DEFAULT 0,
        file_sha256 TEXT NOT NULL UNIQUE,
        received_at TEXT NOT NULL,
        payload TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('current', 'superseded')))""",
    # latest_submission / submission_history look departments up by (code, year), newest revision first.
    "CREATE INDEX submissions_by_department ON submissions (department_code, fiscal_year, revision)",
    "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
)


def _years_table(db: Database) -> None:
    """Schema 2: each fiscal year keeps its own checklist link and department list.

    Before, the year -> checklist link lived in ``settings`` (``year.N.checklist``) and one
    department list served every year, so a renamed department rewrote history. Existing
    years get the department list the database holds now (the only one it ever had).
    """
    db.execute("""CREATE TABLE years (
        fiscal_year INTEGER PRIMARY KEY,
        checklist_sha256 TEXT NOT NULL REFERENCES checklists(sha256),
        organization TEXT NOT NULL,
        bundle_sha256 TEXT NOT NULL DEFAULT '',
        deadline TEXT,
        created_at TEXT NOT NULL)""")
    row = db.one("SELECT snapshot FROM organization WHERE id = 1")
    org = row[0] if row else '{"departments":[],"organization":""}'
    found: dict[int, str] = {}
    for key, value in db.query("SELECT key, value FROM settings WHERE substr(key, 1, 5) = 'year.'"):
        parts = key.split(".")
        if len(parts) == 3 and parts[2] == "checklist" and parts[1].isdigit():
            found[int(parts[1])] = value.strip('"')
    for year, sha in db.query("SELECT fiscal_year, checklist_sha256 FROM assessments ORDER BY id"):
        found.setdefault(int(year), sha)
    for year, sha in sorted(found.items()):
        db.execute(
            "INSERT INTO years (fiscal_year, checklist_sha256, organization, created_at) "
            "VALUES (?, ?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
            (year, sha, org),
        )
    db.execute("DELETE FROM settings WHERE substr(key, 1, 5) = 'year.' AND key LIKE '%.checklist'")


# Schema 3: the exact bytes of every submission file a department wrote, stored in the transaction
# that locks its answers, so the file can be written again (the same bytes) after a crash or a loss.
SCHEMA_3: tuple[str, ...] = (
    """CREATE TABLE sent_submissions (
        fiscal_year INTEGER NOT NULL,
        department_code TEXT NOT NULL,
        revision INTEGER NOT NULL,
        file_name TEXT NOT NULL,
        data BLOB NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (fiscal_year, department_code, revision))""",
)


def _trust_tables(db: Database) -> None:
    """Schema 4: enrolment codes, department keys (with history) and progress notes get tables.

    Before, the IT division pinned a department's key on first use in ``settings``
    (``dept_key.CODE``) and kept progress reports there (``progress.FY.CODE``), parsed
    back by key prefix. Keys pinned that way are kept, marked ``first_use``.
    """
    db.execute("""CREATE TABLE enrolments (
        id INTEGER PRIMARY KEY,
        department_code TEXT NOT NULL,
        code_id TEXT UNIQUE NOT NULL,
        secret BLOB NOT NULL,
        tag BLOB NOT NULL,
        issued_at TEXT NOT NULL,
        used_at TEXT,
        key_fingerprint TEXT NOT NULL DEFAULT '')""")
    db.execute("""CREATE TABLE department_keys (
        id INTEGER PRIMARY KEY,
        department_code TEXT NOT NULL,
        public_key BLOB NOT NULL,
        fingerprint TEXT NOT NULL,
        how TEXT NOT NULL CHECK (how IN ('enrolled', 'first_use', 'lineage')),
        enrolment_id INTEGER REFERENCES enrolments(id),
        trusted_at TEXT NOT NULL,
        replaced_at TEXT)""")
    db.execute(
        "CREATE UNIQUE INDEX one_current_key ON department_keys (department_code) WHERE replaced_at IS NULL"
    )
    db.execute("""CREATE TABLE progress_notes (
        fiscal_year INTEGER NOT NULL,
        department_code TEXT NOT NULL,
        answered INTEGER NOT NULL,
        total INTEGER NOT NULL,
        sent_at TEXT NOT NULL,
        chain_seq INTEGER NOT NULL,
        chain_head TEXT NOT NULL,
        inspector TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (fiscal_year, department_code))""")
    import hashlib
    import json

    for key, value in db.query("SELECT key, value FROM settings WHERE substr(key, 1, 9) = 'dept_key.'"):
        try:
            public = bytes.fromhex(json.loads(value))
        except (ValueError, TypeError):
            continue
        fp = hashlib.sha256(public).hexdigest()[:16].upper()
        db.execute(
            "INSERT INTO department_keys (department_code, public_key, fingerprint, how, trusted_at) "
            "VALUES (?, ?, ?, 'first_use', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
            (key[len("dept_key.") :], public, "-".join(fp[i : i + 4] for i in range(0, 16, 4))),
        )
    for key, value in db.query("SELECT key, value FROM settings WHERE substr(key, 1, 9) = 'progress.'"):
        parts = key.split(".", 2)
        try:
            note = json.loads(value)
            db.execute(
                "INSERT INTO progress_notes VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    int(parts[1]),
                    parts[2],
                    int(note["answered"]),
                    int(note["total"]),
                    str(note["sent_at"]),
                    int(note["chain_seq"]),
                    str(note["chain_head"]),
                    str(note.get("inspector", "")),
                ),
            )
        except (ValueError, TypeError, KeyError, IndexError):
            continue
    db.execute("DELETE FROM settings WHERE substr(key, 1, 9) IN ('dept_key.', 'progress.')")


MIGRATIONS: list[Migration] = [
    Migration(1, "initial schema", SCHEMA_1),
    Migration(2, "a department list and checklist per fiscal year", _years_table),
    Migration(3, "the bytes of each submission file a department wrote", SCHEMA_3),
    Migration(4, "enrolment codes, department keys and progress notes in tables of their own", _trust_tables),
    Migration(
        5,
        "an enrolment code can be cancelled (a new one for the department cancels the unused ones)",
        ["ALTER TABLE enrolments ADD COLUMN cancelled_at TEXT"],
    ),
]


def latest_version(migrations: Sequence[Migration] | None = None) -> int:
    ms = MIGRATIONS if migrations is None else migrations
    return max((int(m[0]) for m in ms), default=0)


def pending(current: int, migrations: Sequence[Migration] | None = None) -> list[Migration]:
    """The migrations still to apply to a database at ``current``, in order. Read-only."""
    ms = MIGRATIONS if migrations is None else migrations
    out = [Migration(*m) for m in ms if int(m[0]) > current]
    out.sort(key=lambda m: m.version)
    return out


def apply(db: Database, migration: Migration) -> None:
    """One migration and its user_version bump in one transaction (rolled back whole on error)."""
    version, _name, step = migration
    with db.transaction():
        if callable(step):
            step(db)
        else:
            for statement in step:
                db.execute(statement)
        db.execute(f"PRAGMA user_version = {int(version)}")


def migrate(db: Database, migrations: Sequence[Migration] | None = None) -> list[int]:
    """Apply every pending migration in order; returns the versions applied."""
    done = []
    for m in pending(db.user_version, migrations):
        apply(db, m)
        done.append(m.version)
    return done
