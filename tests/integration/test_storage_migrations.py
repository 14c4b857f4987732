"""Schema migrations: from an empty encrypted file to the latest version, and a
failing step that leaves the database as it was, with a backup beside it."""

from __future__ import annotations

import pytest

from natori_secaudit import storage
from natori_secaudit.errors import AppError
from natori_secaudit.storage import driver, migrations
from natori_secaudit.storage.database import Database

TABLES = {
    "meta",
    "checklists",
    "organization",
    "departments",
    "keys",
    "assessments",
    "answers",
    "audit_log",
    "submissions",
    "settings",
}


def test_migration_versions_are_numbered_one_by_one():
    versions = [m[0] for m in migrations.MIGRATIONS]
    assert versions == list(range(1, len(versions) + 1))
    assert all(name for _v, name, _step in migrations.MIGRATIONS)


def test_empty_database_migrates_from_version_0_to_latest(db_path, passphrase):
    conn = driver.connect(db_path, passphrase, mode="rwc", kdf_iter=driver.FAST_KDF_ITER)
    driver.configure(conn)
    db = Database(db_path, conn, None, driver.FAST_KDF_ITER)
    try:
        assert db.user_version == 0
        assert migrations.pending(0) == [migrations.Migration(*m) for m in migrations.MIGRATIONS]
        applied = migrations.migrate(db)
        assert applied == [m[0] for m in migrations.MIGRATIONS]
        assert db.user_version == migrations.latest_version()
        names = {r[0] for r in db.query("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert names >= TABLES
        assert migrations.migrate(db) == []  # nothing left: idempotent
        assert db.one("PRAGMA foreign_key_check") is None
        assert [r[0] for r in db.query("PRAGMA integrity_check")] == ["ok"]
    finally:
        db._close_connection()


def test_schema_rejects_bad_values(db_path, passphrase):
    with storage.Database.create(db_path, passphrase, "admin") as db:
        with pytest.raises(AppError):
            db.execute(
                "INSERT INTO assessments (fiscal_year, department_code, checklist_sha256, state, "
                "created_at, updated_at) VALUES (2026, 'x', 'nope', 'in_progress', '', '')"
            )  # no checklist
        with pytest.raises(AppError):
            db.execute("INSERT INTO organization (id, name, snapshot) VALUES (2, 'x', '{}')")


def test_failing_migration_keeps_previous_version_and_a_backup(db_path, passphrase, monkeypatch):
    with storage.Database.create(db_path, passphrase, "admin") as db:
        storage.set_setting(db, "font_size", 14)
    v1 = migrations.latest_version()

    def broken(db):
        db.execute("CREATE TABLE half_done (x)")
        db.execute("INSERT INTO settings (key, value) VALUES ('font_size', '99')")  # PK clash: fails

    with monkeypatch.context() as patch:
        patch.setattr(
            migrations,
            "MIGRATIONS",
            [*migrations.MIGRATIONS, migrations.Migration(v1 + 1, "add things", broken)],
        )
        with pytest.raises(AppError) as err:
            storage.Database.open(db_path, passphrase)
    assert err.value.key == "storage.constraint"
    backups = storage.list_backups(db_path)
    assert [b.reason for b in backups] == ["migration"]

    # The program as it was: the database must be exactly at v1, with its data.
    with storage.Database.open(db_path, passphrase) as db:
        assert db.user_version == v1
        assert storage.get_setting(db, "font_size") == 14
        assert db.one("SELECT name FROM sqlite_master WHERE name = 'half_done'") is None
    with storage.Database.open(backups[0].path, passphrase) as bak:  # the backup is a real database
        assert storage.get_setting(bak, "font_size") == 14


def test_failing_python_migration_names_the_step_and_the_backup(db_path, passphrase, monkeypatch):
    storage.Database.create(db_path, passphrase, "admin").close()
    v1 = migrations.latest_version()

    def broken(db):
        raise ValueError("bug in step")

    monkeypatch.setattr(
        migrations,
        "MIGRATIONS",
        [*migrations.MIGRATIONS, migrations.Migration(v1 + 1, "split answers", broken)],
    )
    with pytest.raises(AppError) as err:
        storage.Database.open(db_path, passphrase)
    assert err.value.key == "storage.migration_failed"
    assert "split answers" in err.value.message and "backups" in err.value.message


def test_successful_migration_runs_once_after_a_backup(db_path, passphrase, monkeypatch):
    storage.Database.create(db_path, passphrase, "admin").close()
    v1 = migrations.latest_version()
    step = ("CREATE TABLE extra (x TEXT)", "INSERT INTO extra VALUES ('ok')")
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, (v1 + 1, "extra table", step)])
    with storage.Database.open(db_path, passphrase) as db:
        assert db.user_version == v1 + 1
        assert db.one("SELECT x FROM extra")[0] == "ok"
    with storage.Database.open(db_path, passphrase) as db:  # not applied twice
        assert db.one("SELECT count(*) FROM extra")[0] == 1
    assert len(storage.list_backups(db_path)) == 1
    backup = storage.list_backups(db_path)[0]
    assert backup.reason == "migration"
    conn = driver.connect(backup.path, passphrase, mode="ro", kdf_iter=driver.FAST_KDF_ITER)
    try:  # the backup holds the database as it was before the step
        assert conn.execute("PRAGMA user_version").fetchone()[0] == v1
        assert conn.execute("SELECT name FROM sqlite_master WHERE name = 'extra'").fetchone() is None
    finally:
        conn.close()


def test_schema_5_keeps_the_open_codes_of_a_schema_4_database_open(db_path, passphrase, monkeypatch):
    """A database made by the previous version, with one code handed out and not used yet: after
    the step that lets a code be cancelled, that code still enrols (nobody cancelled it)."""
    with monkeypatch.context() as patch:
        patch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:4])
        with storage.Database.create(db_path, passphrase, "admin") as db:
            assert db.user_version == 4
            db.execute(  # what version 4 wrote when it issued a code
                "INSERT INTO enrolments VALUES (NULL, 'shimin', 'c0de', ?, ?, '2026-04-01T09:00:00+09:00', NULL, '')",
                (b"s" * 16, b"t" * 4),
            )
    with storage.Database.open(db_path, passphrase) as db:
        assert db.user_version == 5
        assert [e.code_id for e in storage.open_enrolments(db, "shimin")] == ["c0de"]
        storage.add_enrolment(db, "shimin", "c0de-2", b"s" * 16, b"t" * 4, actor="情報 太郎")
        assert [e.code_id for e in storage.open_enrolments(db, "shimin")] == ["c0de-2"]
