"""Creating, opening and closing the encrypted database: what a user keeps and sees.

Runs with NATORI_SECAUDIT_FAST_KDF=1 (conftest) except where the real key
derivation is the point of the test.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import textwrap
import unicodedata
from pathlib import Path

import pytest

from natori_secaudit import storage
from natori_secaudit.errors import (
    DatabaseBusy,
    FileAccessError,
    InvalidInput,
    Refused,
    WrongPassphrase,
)
from natori_secaudit.storage import driver, migrations, sidecar

ROOT = Path(__file__).resolve().parents[2]


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def listing(folder: Path) -> dict[str, str]:
    return {p.name: sha(p) for p in sorted(folder.iterdir()) if p.is_file()}


def test_create_then_open_keeps_role_and_meta(db_path, passphrase):
    with storage.Database.create(db_path, passphrase, "department", department_code="shimin") as db:
        db.set_meta("note", "名取")
        created_uuid = db.meta("db_uuid")
    with storage.Database.open(db_path, passphrase) as db:
        assert (db.role, db.department_code) == ("department", "shimin")
        assert db.meta("note") == "名取"
        assert db.meta("db_uuid") == created_uuid and len(created_uuid) == 36
        assert db.meta("created_at")[-6] in "+-"  # ISO 8601 with a UTC offset
        assert db.meta("app_version")
        assert db.meta("kdf_iter") == str(driver.FAST_KDF_ITER)
        assert db.user_version == migrations.latest_version()
        assert db.one("PRAGMA journal_mode")[0] == "delete"
        assert db.one("PRAGMA synchronous")[0] == 2  # FULL
        assert db.one("PRAGMA foreign_keys")[0] == 1
    assert not db_path.read_bytes().startswith(b"SQLite format 3")  # encrypted from byte 0


def test_create_refuses_existing_file_and_empty_passphrase(db_path, passphrase):
    db_path.write_bytes(b"keep me")
    with pytest.raises(Refused) as err:
        storage.Database.create(db_path, passphrase, "admin")
    assert err.value.key == "storage.exists"
    assert db_path.read_bytes() == b"keep me"
    other = db_path.with_name("other.db")
    with pytest.raises(InvalidInput):
        storage.Database.create(other, "", "admin")
    assert not other.exists()
    assert sorted(p.name for p in db_path.parent.iterdir()) == ["dept.db"]  # no temp files left


def test_wrong_passphrase_changes_nothing_and_creates_nothing(db_path, passphrase):
    storage.Database.create(db_path, passphrase, "admin").close()
    before = listing(db_path.parent)
    assert set(before) == {"dept.db", "dept.db.check"}
    for wrong in ("x", passphrase.upper(), passphrase + " ", "ｐａｓｓ", "🔑" * 300):
        with pytest.raises(WrongPassphrase) as err:
            storage.Database.open(db_path, wrong)
        assert err.value.key == "storage.wrong_passphrase"  # sidecar matches: it is the passphrase
        assert wrong not in str(err.value)
    assert listing(db_path.parent) == before  # same bytes, no -journal, no lock file left


def test_wrong_passphrase_without_sidecar_gives_the_cautious_message(db_path, passphrase):
    storage.Database.create(db_path, passphrase, "admin").close()
    sidecar.sidecar_path(db_path).unlink()
    before = listing(db_path.parent)
    with pytest.raises(WrongPassphrase) as err:
        storage.Database.open(db_path, "wrong")
    assert err.value.key == "storage.wrong_passphrase_or_damaged"
    assert "バックアップから復元" in err.value.message
    assert listing(db_path.parent) == before


def test_nfd_typed_passphrase_opens_nfc_created_database(db_path):
    nfc = "がっこう・パスフレーズ"
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfd != nfc
    storage.Database.create(db_path, nfc, "admin").close()
    with storage.Database.open(db_path, nfd) as db:
        assert db.role == "admin"


def test_missing_path_creates_no_file(tmp_path, passphrase):
    missing = tmp_path / "typo" / "dept.db"
    with pytest.raises(FileAccessError) as err:
        storage.Database.open(missing, passphrase)
    assert err.value.key == "common.file_not_found"
    missing2 = tmp_path / "dept-typo.db"
    with pytest.raises(FileAccessError):
        storage.Database.open(missing2, passphrase)
    assert list(tmp_path.iterdir()) == []


def test_real_kdf_round_trip_and_its_settings(db_path, passphrase, monkeypatch):
    monkeypatch.delenv(driver.FAST_KDF_ENV, raising=False)
    storage.Database.create(db_path, passphrase, "department", department_code="doboku").close()
    with storage.Database.open(db_path, passphrase) as db:
        assert db.meta("kdf_iter") == "256000"
        assert db.kdf_iter == driver.DEFAULT_KDF_ITER
        settings = {r[0] for r in db.query("PRAGMA cipher_settings")}
        assert "PRAGMA kdf_iter = 256000;" in settings
        assert "PRAGMA cipher_page_size = 4096;" in settings
        assert "PRAGMA cipher_hmac_algorithm = HMAC_SHA512;" in settings
    with pytest.raises(WrongPassphrase):
        storage.Database.open(db_path, passphrase + "!")


def test_create_derives_the_key_once_and_the_file_opens_with_the_passphrase(db_path, passphrase, monkeypatch):
    """Both connections of a create (temporary name, then the real one) use the one derived key."""
    monkeypatch.delenv(driver.FAST_KDF_ENV, raising=False)
    derived, keyed_by_passphrase = [], []
    real_derive, real_connect = driver.derive_key, driver.connect

    def derive(secret, kdf_iter):
        derived.append(kdf_iter)
        return real_derive(secret, kdf_iter)

    def connect(path, key, *, mode, kdf_iter):
        if isinstance(key, str):
            keyed_by_passphrase.append(Path(path).name)
        return real_connect(path, key, mode=mode, kdf_iter=kdf_iter)

    monkeypatch.setattr(driver, "derive_key", derive)
    monkeypatch.setattr(driver, "connect", connect)
    with storage.Database.create(db_path, passphrase, "department", department_code="doboku") as db:
        db.set_meta("note", "作成直後")
    assert derived == [driver.DEFAULT_KDF_ITER] and keyed_by_passphrase == []
    with storage.Database.open(db_path, passphrase) as db:  # SQLCipher's own derivation agrees
        assert db.meta("note") == "作成直後" and db.department_code == "doboku"
    with pytest.raises(WrongPassphrase):
        storage.Database.open(db_path, passphrase + "!")


def test_rekey_right_after_create(db_path, passphrase):
    with storage.Database.create(db_path, passphrase, "admin") as db:
        db.rekey("新しい合言葉 2027")
    with pytest.raises(WrongPassphrase):
        storage.Database.open(db_path, passphrase)
    with storage.Database.open(db_path, "新しい合言葉 2027") as db:
        assert db.role == "admin" and db.kdf_iter == driver.FAST_KDF_ITER


def test_create_without_a_derivation_of_its_own_still_works(db_path, passphrase, monkeypatch):
    """A SQLCipher build deriving some other way: the passphrase keys both connections (as before)."""
    monkeypatch.setattr(driver, "derives_like_sqlcipher", lambda: False)
    storage.Database.create(db_path, passphrase, "admin").close()
    with storage.Database.open(db_path, passphrase) as db:
        assert db.role == "admin"


def test_fast_kdf_database_opens_without_the_test_switch(db_path, passphrase, monkeypatch):
    """A database made with NATORI_SECAUDIT_FAST_KDF=1 is not locked out once the variable is gone."""
    storage.Database.create(db_path, passphrase, "admin").close()
    assert sidecar.recorded_kdf_iter(db_path) == driver.FAST_KDF_ITER
    monkeypatch.delenv(driver.FAST_KDF_ENV)
    with storage.Database.open(db_path, passphrase) as db:  # the recorded count
        assert db.role == "admin" and db.kdf_iter == driver.FAST_KDF_ITER
    sidecar.sidecar_path(db_path).unlink()  # as after a crash, or a file copied without it
    with storage.Database.open(db_path, passphrase) as db:  # both known counts are tried
        assert db.kdf_iter == driver.FAST_KDF_ITER
    assert sidecar.recorded_kdf_iter(db_path) == driver.FAST_KDF_ITER  # written again at close
    with pytest.raises(WrongPassphrase) as err:
        storage.Database.open(db_path, passphrase + "!")
    assert err.value.key == "storage.wrong_passphrase"


def test_a_recorded_count_is_used_alone_and_a_bad_record_is_ignored(db_path, passphrase, monkeypatch):
    storage.Database.create(db_path, passphrase, "admin").close()
    tried = []
    real_connect = driver.connect

    def counting(path, secret, *, mode, kdf_iter):
        tried.append(kdf_iter)
        return real_connect(path, secret, mode=mode, kdf_iter=kdf_iter)

    monkeypatch.setattr(driver, "connect", counting)
    monkeypatch.delenv(driver.FAST_KDF_ENV)
    with pytest.raises(WrongPassphrase):
        storage.Database.open(db_path, "wrong passphrase")
    assert tried == [driver.FAST_KDF_ITER]  # one key derivation: the record is this file's
    check = sidecar.sidecar_path(db_path)
    check.write_text(
        check.read_text(encoding="utf-8").replace(
            f'"kdf_iter": {driver.FAST_KDF_ITER}', '"kdf_iter": 999999999'
        ),
        encoding="utf-8",
    )
    tried.clear()
    with storage.Database.open(db_path, passphrase) as db:  # an unknown count is never tried
        assert db.role == "admin"
    assert tried == [driver.DEFAULT_KDF_ITER, driver.FAST_KDF_ITER]


def test_second_open_in_same_process_is_busy_and_changes_nothing(db_path, passphrase):
    with storage.Database.create(db_path, passphrase, "admin") as db:
        before = sha(db_path)
        with pytest.raises(DatabaseBusy) as err:
            storage.Database.open(db_path, passphrase)
        assert err.value.key == "storage.busy"
        assert "別のウィンドウ" in err.value.message
        with pytest.raises(DatabaseBusy):
            storage.Database.open(db_path, "wrong passphrase")  # busy is said before the passphrase
        assert sha(db_path) == before
        db.set_meta("still", "works")  # the first holder is unaffected
    with storage.Database.open(db_path, passphrase) as db:  # free again after close
        assert db.meta("still") == "works"


def test_second_open_from_another_process_is_busy(db_path, passphrase):
    child = textwrap.dedent(f"""
        import sys
        from natori_secaudit import storage
        from natori_secaudit.errors import AppError
        try:
            storage.Database.open({str(db_path)!r}, {passphrase!r}).close()
            print("opened")
        except AppError as exc:
            print(type(exc).__name__, exc.key)
    """)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    with storage.Database.create(db_path, passphrase, "admin"):
        out = subprocess.run(
            [sys.executable, "-c", child], check=False, capture_output=True, text=True, env=env, timeout=60
        )
        assert out.stdout.split() == ["DatabaseBusy", "storage.busy"], out.stderr
    out = subprocess.run(
        [sys.executable, "-c", child], check=False, capture_output=True, text=True, env=env, timeout=60
    )
    assert out.stdout.strip() == "opened", out.stderr


def test_lock_left_by_a_killed_process_does_not_block(db_path, passphrase):
    storage.Database.create(db_path, passphrase, "admin").close()
    child = (
        f"from natori_secaudit import storage; import os; storage.Database.open({str(db_path)!r}, "
        f"{passphrase!r}); os._exit(9)"
    )
    subprocess.run(
        [sys.executable, "-c", child], env=dict(os.environ, PYTHONPATH=str(ROOT)), check=False, timeout=60
    )
    assert db_path.with_name("dept.db.lock").exists()  # the file stays, the OS lock died with the process
    assert not sidecar.sidecar_path(db_path).exists()  # no clean close, so no sidecar
    with storage.Database.open(db_path, passphrase) as db:
        assert db.role == "admin"


def test_close_is_idempotent_writes_sidecar_and_open_removes_it(db_path, passphrase):
    db = storage.Database.create(db_path, passphrase, "admin")
    assert not sidecar.sidecar_path(db_path).exists()  # while open the file may change
    db.close()
    db.close()
    assert db.closed
    assert sidecar.matches(db_path) is True
    assert not db_path.with_name("dept.db.lock").exists()
    with pytest.raises(RuntimeError):
        db.meta("role")


def test_transaction_rolls_back_and_nests_with_savepoints(db_path, passphrase):
    with storage.Database.create(db_path, passphrase, "admin") as db:
        with pytest.raises(ZeroDivisionError), db.transaction():
            db.execute("INSERT INTO settings (key, value) VALUES ('a', '1')")
            raise ZeroDivisionError
        assert db.one("SELECT count(*) FROM settings")[0] == 0
        with db.transaction():
            db.execute("INSERT INTO settings (key, value) VALUES ('outer', '1')")
            with pytest.raises(KeyError), db.transaction():
                db.execute("INSERT INTO settings (key, value) VALUES ('inner', '1')")
                raise KeyError("inner fails")
            assert db.in_transaction
        assert [r[0] for r in db.query("SELECT key FROM settings")] == ["outer"]
        assert not db.in_transaction


def test_sql_errors_become_app_errors(db_path, passphrase):
    with storage.Database.create(db_path, passphrase, "admin") as db:
        db.execute("INSERT INTO meta (key, value) VALUES ('dup', '1')")
        with pytest.raises(Refused) as err:
            db.execute("INSERT INTO meta (key, value) VALUES ('dup', '2')")
        assert err.value.key == "storage.constraint"


def test_database_from_a_newer_program_is_refused_untouched(db_path, passphrase):
    with storage.Database.create(db_path, passphrase, "admin") as db:
        db.execute(f"PRAGMA user_version = {migrations.latest_version() + 5}")
    before = sha(db_path)
    with pytest.raises(Refused) as err:
        storage.Database.open(db_path, passphrase)
    assert err.value.key == "storage.too_new"
    assert sha(db_path) == before


def test_encrypted_file_not_made_by_this_program_is_refused(db_path, passphrase):
    conn = driver.connect(db_path, passphrase, mode="rwc", kdf_iter=driver.FAST_KDF_ITER)
    conn.execute("CREATE TABLE other (x)")
    conn.close()
    with pytest.raises(Refused) as err:
        storage.Database.open(db_path, passphrase)
    assert err.value.key == "storage.not_ours"


def test_awkward_folder_and_file_names(tmp_path, passphrase):
    folder = tmp_path / "情報 セキュリティ #1 ?x=1 100%"
    folder.mkdir()
    path = folder / "所属 データ's.db"
    storage.Database.create(path, passphrase, "admin").close()
    with storage.Database.open(path, passphrase) as db:
        copy = db.backup_to(folder / "コピー #2.db")
    assert sorted(p.name for p in folder.iterdir()) == [
        "コピー #2.db",
        "所属 データ's.db",
        "所属 データ's.db.check",
    ]
    with storage.Database.open(copy, passphrase) as db:
        assert db.role == "admin"
    assert sorted(p.name for p in tmp_path.iterdir()) == [folder.name]  # nothing created beside the folder


def test_uri_forms():
    assert driver.uri(Path("/tmp/a b/x?.db"), "rw") == "file:///tmp/a%20b/x%3F.db?mode=rw"


def test_cipher_version_is_sqlcipher_4():
    assert storage.cipher_version().startswith("4.")
