"""Encrypted copies: backups (one per day of use, one before every migration,
the last N kept) and restoring one.

A copy is made with ``sqlcipher_export`` into a database ATTACHed *without* a
KEY clause, which SQLCipher keys with the main database's own key and salt: the
copy opens with the same passphrase, and the program never has to keep the
passphrase in memory to make it (docs/design/reliability-plan.md §1.5). ``user_version`` is not
exported, so it is copied by hand (sqlcipher issue #438). The copy is written
under a temporary name, fsynced, re-read through a fresh read-only attachment
(page HMACs, integrity, user_version) and only then renamed into place, so a
backup under its real name is always complete.

A copy for safekeeping (``backup_elsewhere``: a USB stick, another disk) goes to
any folder or file name the user gives, named ``<stem>-YYYYMMDD-HHMMSS-copy.db``
in a folder; its reason ``copy`` means the rotation of ``backups/`` never prunes
it, wherever it is.

Restore checks the backup (a whole encrypted database of this program, readable
with the passphrase, page HMACs and integrity) before anything is put in place,
also into a folder that has no database yet, and never deletes what the user
might still need: the current database is moved aside to
``<db>.damaged-<timestamp>`` (with its journal, if any).
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import DamagedFile, FileAccessError, InvalidInput, Refused
from ..fileio import os_error_to_app_error
from . import driver, files, migrations, sidecar
from .locking import InstanceLock

if TYPE_CHECKING:
    from .database import Database

DEFAULT_KEEP = 10
COPY_REASON = "copy"  # backups made for safekeeping elsewhere: never pruned
_PAGE = 4096
_STAMP = "%Y%m%d-%H%M%S"
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})(?:-(?P<reason>[a-z]+))?(?:-(?P<n>\d+))?\.db$")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: _dt.datetime  # local time, aware
    size: int
    reason: str  # "" for regular backups, "migration" before a schema upgrade


def backup_folder(db_path: Path) -> Path:
    return Path(db_path).parent / "backups"


# -- making copies ---------------------------------------------------------------------
def export_copy(db: Database, dest: Path) -> Path:
    """Write a verified encrypted copy of ``db`` (same key) to ``dest``."""
    if db.in_transaction:
        raise RuntimeError("cannot copy a database inside a transaction")
    folder = dest.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=".natori-tmp-", suffix=".db", dir=folder)
        os.close(fd)
    except OSError as exc:
        raise os_error_to_app_error(exc, dest) from exc
    tmp = Path(tmp_name)
    version = db.user_version
    try:
        db.execute("ATTACH DATABASE ? AS natori_copy", (driver.uri(tmp, "rw"),))
        try:
            db.execute("PRAGMA natori_copy.synchronous = FULL")
            db.execute("SELECT sqlcipher_export('natori_copy')").fetchall()
            db.execute(f"PRAGMA natori_copy.user_version = {int(version)}")
        finally:
            db.execute("DETACH DATABASE natori_copy")
        files.fsync_file(tmp)
        problems = _check_attached(db, tmp, version)
        if problems:
            raise DamagedFile("storage.backup_failed", path=str(dest), detail="; ".join(problems[:3]))
        os.replace(tmp, dest)
        files.fsync_dir(folder)
    except OSError as exc:
        files.silent_unlink(tmp)
        raise os_error_to_app_error(exc, dest) from exc
    except BaseException:
        files.silent_unlink(tmp)
        raise
    return dest


def _check_attached(db: Database, copy: Path, version: int) -> list[str]:
    """Re-read the copy from disk through a fresh read-only attachment."""
    db.execute("ATTACH DATABASE ? AS natori_check", (driver.uri(copy, "ro"),))
    try:
        problems = [str(r[0]) for r in db.query("PRAGMA natori_check.cipher_integrity_check")]
        result = [str(r[0]) for r in db.query("PRAGMA natori_check.quick_check")]
        if result != ["ok"]:
            problems.extend(result)
        got = int(db.one("PRAGMA natori_check.user_version")[0])
        if got != version:
            problems.append(f"user_version {got} != {version}")
    finally:
        db.execute("DETACH DATABASE natori_check")
    return problems


def backup_now(
    db: Database, folder: Path | str | None = None, keep: int = DEFAULT_KEEP, *, reason: str = ""
) -> Path:
    """An encrypted backup ``<folder>/<stem>-YYYYMMDD-HHMMSS[-reason].db``; keeps the newest ``keep``
    regular backups (migration backups are never pruned)."""
    if reason and not reason.isalpha():
        raise ValueError(reason)
    db_path = Path(db.path)
    folder = Path(folder) if folder else backup_folder(db_path)
    stamp = _dt.datetime.now().strftime(_STAMP)
    base = f"{db_path.stem}-{stamp}" + (f"-{reason}" if reason else "")
    taken = [_order(b)[1] for b in list_backups(db_path, folder) if b.path.name.startswith(base)]
    n = max(taken, default=0) + 1  # never reuse a freed name: a later backup must sort later
    target = folder / (f"{base}.db" if n == 1 else f"{base}-{n}.db")
    export_copy(db, target)
    sidecar.write(target, db.kdf_iter)
    prune(db_path, folder, keep, protect=target)
    return target


def daily_backup(db: Database, keep: int = DEFAULT_KEEP, folder: Path | str | None = None) -> Path | None:
    """At most one regular backup per calendar day (call after opening)."""
    today = _dt.date.today()
    for info in list_backups(Path(db.path), folder):
        if info.reason == "" and info.created.date() == today:
            return None
    return backup_now(db, folder, keep)


def backup_elsewhere(db: Database, out: Path | str) -> Path:
    """A verified encrypted copy (same passphrase) at ``out``: a file name, or a folder that gets
    ``<stem>-YYYYMMDD-HHMMSS-copy.db`` inside. Never overwrites a file; the folder must exist
    (a USB stick that is not plugged in is an error, not a new folder on the local disk)."""
    text = str(out)
    out, db_path = Path(out), Path(db.path)
    if out.is_dir():
        base = f"{db_path.stem}-{_dt.datetime.now().strftime(_STAMP)}-{COPY_REASON}"
        target, n = out / f"{base}.db", 2
        while target.exists() or target.is_symlink():
            target, n = out / f"{base}-{n}.db", n + 1
    else:
        folder = out if text.endswith(("/", "\\")) else out.parent
        if not folder.is_dir():
            raise FileAccessError("safekeeping.out_folder_missing", path=str(folder))
        if out.exists() or out.is_symlink():
            raise Refused("safekeeping.out_exists", path=str(out))
        m = _NAME.match(out.name)
        if (
            m
            and m.group("stem") == db_path.stem
            and not m.group("reason")
            and _same_place(out.parent, backup_folder(db_path))
        ):
            raise InvalidInput("safekeeping.out_in_rotation", path=str(out))
        target = out
    export_copy(db, target)
    sidecar.write(target, db.kdf_iter)
    return target


def on_same_disk(path: Path | str, other: Path | str) -> bool:
    """True when both files' folders are on one disk (a copy there does not survive its loss)."""
    try:
        return os.stat(Path(path).parent).st_dev == os.stat(Path(other).parent).st_dev
    except OSError:
        return False


def _same_place(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def list_backups(db_path: Path | str, folder: Path | str | None = None) -> list[BackupInfo]:
    """Backups of ``db_path``, newest first."""
    db_path = Path(db_path)
    folder = Path(folder) if folder else backup_folder(db_path)
    if not folder.is_dir():
        return []
    out = []
    for p in folder.iterdir():
        m = _NAME.match(p.name)
        if not m or m.group("stem") != db_path.stem or not p.is_file():
            continue
        created = _dt.datetime.strptime(m.group("stamp"), _STAMP).astimezone()
        out.append(BackupInfo(p, created, p.stat().st_size, m.group("reason") or ""))
    out.sort(key=_order, reverse=True)
    return out


def _order(info: BackupInfo) -> tuple[_dt.datetime, int, str]:
    m = _NAME.match(info.path.name)
    return info.created, int(m.group("n") or 1) if m else 1, info.path.name


def prune(db_path: Path, folder: Path, keep: int, protect: Path | None = None) -> list[Path]:
    """Delete regular backups beyond the newest ``keep`` (at least one, and ``protect``, always kept)."""
    removed = []
    regular = [b for b in list_backups(db_path, folder) if b.reason == ""]
    for old in regular[max(int(keep), 1) :]:
        if protect is not None and old.path == protect:
            continue
        with contextlib.suppress(OSError):
            old.path.unlink()
            sidecar.remove(old.path)
            removed.append(old.path)
    return removed


# -- restoring -------------------------------------------------------------------------
def check_backup(backup_path: Path, passphrase: str) -> int:
    """Raise unless the backup opens with ``passphrase`` and passes the page and integrity checks;
    return the KDF iteration count it opened with."""
    from .unlocking import try_unlock

    if not backup_path.is_file():
        raise FileAccessError("common.file_not_found", path=str(backup_path))
    if not passphrase:
        raise InvalidInput("storage.empty_passphrase")
    _refuse_foreign(backup_path)
    try:
        found, verdict = try_unlock(backup_path, passphrase, mode="ro")
    except driver.DatabaseError as exc:
        raise DamagedFile("storage.backup_damaged", path=str(backup_path)) from exc
    if found is None:
        raise sidecar.classify_not_a_database(
            backup_path,
            wrong_key="storage.backup_wrong_passphrase",
            unsure_key="storage.backup_wrong_passphrase_or_damaged",
            changed_key="storage.backup_damaged",
            verdict=verdict,
        )
    conn, kdf_iter = found
    try:
        problems = [str(r[0]) for r in conn.execute("PRAGMA cipher_integrity_check").fetchall()]
        if [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()] != ["ok"]:
            problems.append("integrity_check")
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    except (driver.DatabaseError, MemoryError) as exc:
        raise DamagedFile("storage.backup_damaged", path=str(backup_path)) from exc
    finally:
        conn.close()
    if problems:
        raise DamagedFile("storage.backup_damaged", path=str(backup_path))
    if version == 0:
        raise InvalidInput("safekeeping.restore_not_ours", path=str(backup_path))
    if version > migrations.latest_version():
        raise Refused("safekeeping.restore_too_new", path=str(backup_path), version=version)
    return kdf_iter


def _refuse_foreign(path: Path) -> None:
    """Files that cannot be a backup, named for what they are (before any key derivation)."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(32)
    except OSError as exc:
        raise os_error_to_app_error(exc, path) from exc
    if head.startswith(b"SQLite format 3\0"):
        raise InvalidInput("safekeeping.restore_plain_sqlite", path=str(path))
    if head.startswith(b"NATORI-SECAUDIT-"):
        raise InvalidInput("safekeeping.restore_exchange_file", path=str(path))
    if size < _PAGE or size % _PAGE:
        raise InvalidInput("safekeeping.restore_not_a_database", path=str(path), size=size)


def restore(backup_path: Path | str, db_path: Path | str, passphrase: str) -> Path | None:
    """Put a verified backup in place of ``db_path``.

    The current file (maybe damaged) is moved aside to ``<db>.damaged-<timestamp>``
    and its path returned (None when there was no current file). Refuses while the
    database is open anywhere (DatabaseBusy).
    """
    from . import audit
    from .database import Database

    backup_path, db_path = Path(backup_path), Path(db_path)
    kdf_iter = check_backup(backup_path, passphrase)
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)  # a new PC: a folder with no database yet
    except OSError as exc:
        raise os_error_to_app_error(exc, db_path) from exc
    lock = InstanceLock(db_path)
    lock.acquire()
    aside = None
    tmp = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=".natori-tmp-", suffix=".db", dir=db_path.parent)
        os.close(fd)
        tmp = Path(tmp_name)
        shutil.copyfile(backup_path, tmp)
        files.fsync_file(tmp)
        if sidecar.file_digest(tmp) != sidecar.file_digest(backup_path):  # e.g. a failing USB stick
            raise DamagedFile("safekeeping.restore_copy_differs", path=str(backup_path))
        stamp = _dt.datetime.now().strftime(_STAMP)
        if db_path.exists():
            aside = db_path.with_name(f"{db_path.name}.damaged-{stamp}")
            n = 2
            while aside.exists():
                aside, n = db_path.with_name(f"{db_path.name}.damaged-{stamp}-{n}"), n + 1
            os.replace(db_path, aside)
        journal = db_path.with_name(db_path.name + "-journal")
        if journal.exists():  # a hot journal belongs to the old file, never to the backup
            keep_as = aside or db_path.with_name(f"{db_path.name}.damaged-{stamp}")
            os.replace(journal, keep_as.with_name(keep_as.name + "-journal"))
        os.replace(tmp, db_path)
        tmp = None
        files.fsync_dir(db_path.parent)
        sidecar.write(db_path, kdf_iter)  # a whole, checked copy: the backup's count is the file's
    except OSError as exc:
        raise os_error_to_app_error(exc, db_path) from exc
    finally:
        if tmp is not None:
            files.silent_unlink(tmp)
        lock.release()
    with Database.open(db_path, passphrase) as db, db.transaction():
        audit.append(
            db,
            actor="",
            event="restored",
            subject=backup_path.name,
            new={"backup": backup_path.name, "replaced_file": aside.name if aside else None},
        )
    return aside
