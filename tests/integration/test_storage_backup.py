"""Changing the passphrase, encrypted backups and restoring one after damage."""

from __future__ import annotations

import datetime as dt

import pytest

from natori_secaudit import storage
from natori_secaudit.domain.answers import Answer, AnswerStatus
from natori_secaudit.errors import DamagedFile, DatabaseBusy, InvalidInput, WrongPassphrase
from natori_secaudit.storage import migrations, sidecar
from tests.unit.factories import make_checklist

NEW_PASS = "新しい パスフレーズ 2027"


def make_dept(path, passphrase, items=("A-1", "A-2")):
    """An open department database with a few answers."""
    db = storage.Database.create(path, passphrase, "department", department_code="shimin")
    sha = storage.store_checklist(db, make_checklist())
    rec = storage.create_assessment(db, 2026, "shimin", sha)
    for item in items:
        storage.save_answer(
            db, rec.id, Answer(item, AnswerStatus.UNKNOWN, comment=f"{item} 髙橋"), actor="花子"
        )
    return db


def current_answers(db):
    rec = storage.get_assessment(db, 2026, "shimin")
    return {k: (a.status, a.comment) for k, a in storage.load_answers(db, rec.id).items()}


def answers_in(path, passphrase):
    with storage.Database.open(path, passphrase) as db:
        return current_answers(db)


def test_rekey_round_trip(db_path, passphrase):
    db = make_dept(db_path, passphrase)
    before = current_answers(db)
    db.rekey(NEW_PASS)
    db.close()
    with pytest.raises(WrongPassphrase):
        storage.Database.open(db_path, passphrase)
    assert answers_in(db_path, NEW_PASS) == before
    with storage.Database.open(db_path, NEW_PASS) as db:
        assert db.verify().ok
        with pytest.raises(InvalidInput):
            db.rekey("")


def test_backup_to_is_a_verified_encrypted_copy_with_the_same_passphrase(db_path, passphrase, tmp_path):
    db = make_dept(db_path, passphrase)
    expected = current_answers(db)
    dest = db.backup_to(tmp_path / "copies" / "copy.db")
    db.close()
    raw = dest.read_bytes()
    assert not raw.startswith(b"SQLite format 3") and "髙橋".encode() not in raw
    assert answers_in(dest, passphrase) == expected
    with storage.Database.open(dest, passphrase) as copy:
        assert copy.user_version == migrations.latest_version()  # copied by hand: export drops it
        assert copy.verify().ok
    with pytest.raises(WrongPassphrase):
        storage.Database.open(dest, "wrong")
    assert not [p for p in dest.parent.iterdir() if p.name.startswith(".natori-tmp-")]


def test_backup_after_rekey_opens_with_the_new_passphrase_only(db_path, passphrase, tmp_path):
    db = make_dept(db_path, passphrase)
    db.rekey(NEW_PASS)
    dest = db.backup_to(tmp_path / "after.db")
    db.close()
    assert answers_in(dest, NEW_PASS)
    with pytest.raises(WrongPassphrase):
        storage.Database.open(dest, passphrase)


def test_backup_now_names_and_keeps_the_newest(db_path, passphrase, tmp_path):
    db = make_dept(db_path, passphrase)
    made = [storage.backup_now(db, keep=3) for _ in range(5)]
    infos = storage.list_backups(db_path)
    assert [i.path for i in infos] == list(reversed(made))[:3]  # newest first, older ones pruned
    assert all(i.path.parent == db_path.parent / "backups" for i in infos)
    assert all(i.path.name.startswith("dept-") and i.reason == "" and i.size > 0 for i in infos)
    assert infos[0].created.utcoffset() is not None
    assert not made[0].exists() and not sidecar.sidecar_path(made[0]).exists()
    other = storage.backup_now(db, folder=tmp_path / "elsewhere", keep=1)
    assert other.parent == tmp_path / "elsewhere"
    assert storage.list_backups(db_path, tmp_path / "elsewhere")[0].path == other
    db.close()


def test_daily_backup_makes_at_most_one_per_day(db_path, passphrase):
    db = make_dept(db_path, passphrase)
    first = storage.daily_backup(db, keep=10)
    assert first is not None and first.exists()
    assert storage.daily_backup(db, keep=10) is None
    assert len(storage.list_backups(db_path)) == 1
    db.close()


def test_restore_after_damage_keeps_the_damaged_file(db_path, passphrase):
    db = make_dept(db_path, passphrase)
    good = storage.backup_now(db)
    expected = current_answers(db)
    db.close()
    data = bytearray(db_path.read_bytes())
    data[len(data) - 100] ^= 0xFF
    db_path.write_bytes(bytes(data))
    damaged_bytes = db_path.read_bytes()
    with pytest.raises(DamagedFile):
        storage.Database.open(db_path, passphrase)

    aside = storage.restore(good, db_path, passphrase)

    assert aside is not None and aside.name.startswith("dept.db.damaged-")
    assert aside.read_bytes() == damaged_bytes  # never deleted: the user may still need it
    assert good.exists()
    assert answers_in(db_path, passphrase) == expected
    with storage.Database.open(db_path, passphrase) as db:
        assert db.verify().ok
        assert storage.audit_entries(db, limit=1)[0].event == "restored"


def test_restore_refuses_a_wrong_passphrase_or_a_damaged_backup_and_changes_nothing(db_path, passphrase):
    db = make_dept(db_path, passphrase)
    good = storage.backup_now(db)
    db.close()
    current = db_path.read_bytes()
    with pytest.raises(WrongPassphrase) as err:
        storage.restore(good, db_path, "wrong")
    assert err.value.key == "storage.backup_wrong_passphrase"  # the backup's sidecar matches
    data = bytearray(good.read_bytes())
    data[len(data) - 50] ^= 1
    good.write_bytes(bytes(data))
    with pytest.raises(DamagedFile) as err:
        storage.restore(good, db_path, passphrase)
    assert err.value.key == "storage.backup_damaged"
    assert db_path.read_bytes() == current
    assert sorted(p.name for p in db_path.parent.iterdir()) == ["backups", "dept.db", "dept.db.check"]


def test_restore_is_refused_while_the_database_is_open(db_path, passphrase):
    db = make_dept(db_path, passphrase)
    good = storage.backup_now(db)
    with pytest.raises(DatabaseBusy):
        storage.restore(good, db_path, passphrase)
    db.close()


def test_restore_moves_a_hot_journal_aside_with_the_old_file(db_path, passphrase):
    db = make_dept(db_path, passphrase)
    good = storage.backup_now(db)
    db.close()
    journal = db_path.with_name("dept.db-journal")
    journal.write_bytes(b"\x00" * 512)  # stands for a journal left by a crash
    aside = storage.restore(good, db_path, passphrase)
    assert not journal.exists()
    assert aside.with_name(aside.name + "-journal").exists()
    assert answers_in(db_path, passphrase)


def test_list_backups_ignores_other_files(db_path, passphrase):
    folder = db_path.parent / "backups"
    folder.mkdir()
    for name in (
        "dept-20260401-090000.db",
        "dept-20260402-090000-migration.db",
        "dept-20260402-090000-2.db",
        "deptx-20260401-090000.db",
        "dept-2026.db",
        "notes.txt",
        "dept-20260401-090000.db.check",
    ):
        (folder / name).write_bytes(b"x")
    infos = storage.list_backups(db_path)
    assert [i.path.name for i in infos] == [
        "dept-20260402-090000-2.db",
        "dept-20260402-090000-migration.db",
        "dept-20260401-090000.db",
    ]
    assert infos[-1].created.replace(tzinfo=None) == dt.datetime(2026, 4, 1, 9, 0)


def test_a_fast_kdf_backup_restores_on_a_new_pc_without_the_test_switch(
    db_path, passphrase, tmp_path, monkeypatch
):
    from natori_secaudit.storage import driver

    db = make_dept(db_path, passphrase)
    expected = current_answers(db)
    kept = storage.backup_elsewhere(db, tmp_path / "usb-copy.db")
    db.close()
    assert sidecar.recorded_kdf_iter(kept) == driver.FAST_KDF_ITER
    sidecar.sidecar_path(kept).unlink()  # only the .db file was carried to the new PC
    monkeypatch.delenv(driver.FAST_KDF_ENV)
    target = tmp_path / "new-pc" / "folder" / "dept.db"
    assert storage.restore(kept, target, passphrase) is None  # nothing was there to move aside
    assert answers_in(target, passphrase) == expected
    assert sidecar.recorded_kdf_iter(target) == driver.FAST_KDF_ITER
