"""Encrypted backups: one on each day of use, one before every migration,
the last N kept; restore puts a verified backup in place and keeps the
file it replaces (never deletes what the user might still need)."""

from __future__ import annotations

import datetime as _dt
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from ..errors import DamagedFile, FileAccessError
from . import driver

_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})(?:-(?P<reason>[a-z]+))?\.db$")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: _dt.datetime
    size: int
    reason: str


def backup_folder(db_path: Path) -> Path:
    return db_path.parent / "backups"


def backup_now(db, folder: Path | None = None, keep: int = 10, reason: str = "") -> Path:
    folder = folder or backup_folder(Path(db.path))
    folder.mkdir(parents=True, exist_ok=True)
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    suffix = f"-{reason}" if reason else ""
    target = folder / f"{Path(db.path).stem}-{stamp}{suffix}.db"
    n = 1
    while target.exists():
        target = folder / f"{Path(db.path).stem}-{stamp}{suffix}{n}.db"
        n += 1
    db.backup_to(target)
    _prune(Path(db.path), folder, keep)
    return target


def daily_backup(db, keep: int = 10, folder: Path | None = None) -> Path | None:
    """At most one backup per calendar day of use."""
    today = _dt.date.today().strftime("%Y%m%d")
    for info in list_backups(Path(db.path), folder):
        if info.created.strftime("%Y%m%d") == today:
            return None
    return backup_now(db, folder, keep)


def list_backups(db_path: Path, folder: Path | None = None) -> list[BackupInfo]:
    folder = folder or backup_folder(Path(db_path))
    if not folder.is_dir():
        return []
    out = []
    for p in folder.iterdir():
        m = _NAME.match(p.name)
        if not m or m.group("stem") != Path(db_path).stem:
            continue
        created = _dt.datetime.strptime(m.group("stamp"), "%Y%m%d-%H%M%S")
        out.append(BackupInfo(p, created, p.stat().st_size, m.group("reason") or ""))
    out.sort(key=lambda b: (b.created, b.path.name), reverse=True)
    return out


def _prune(db_path: Path, folder: Path, keep: int) -> None:
    regular = [b for b in list_backups(db_path, folder) if b.reason != "migration"]
    for old in regular[max(keep, 1):]:
        try:
            old.path.unlink()
        except OSError:
            pass


def restore(backup_path: Path, db_path: Path, passphrase: str) -> Path | None:
    """Check the backup opens and verifies, move the current file aside, put the backup in place.

    Returns where the replaced file was kept (None when there was none).
    """
    from .database import Database, _uri

    backup_path, db_path = Path(backup_path), Path(db_path)
    conn = driver.connect(_uri(backup_path, "ro"), passphrase)
    try:
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            problems = [r[0] for r in conn.execute("PRAGMA cipher_integrity_check").fetchall()]
            if [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()] != ["ok"]:
                problems.append("integrity_check")
        except driver.DatabaseError as exc:
            from ..errors import WrongPassphrase

            if "not a database" in str(exc).lower():
                raise WrongPassphrase("storage.backup_wrong_passphrase", path=str(backup_path)) from None
            raise DamagedFile("storage.backup_damaged", path=str(backup_path)) from None
    finally:
        conn.close()
    if problems:
        raise DamagedFile("storage.backup_damaged", path=str(backup_path))
    from .locking import InstanceLock

    lock = InstanceLock(db_path)
    lock.acquire()
    try:
        aside = None
        tmp = db_path.with_name(f".natori-tmp-restore-{os.getpid()}.db")
        shutil.copyfile(backup_path, tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        if db_path.exists():
            aside = db_path.with_name(f"{db_path.name}.replaced-{_dt.datetime.now():%Y%m%d-%H%M%S}")
            os.replace(db_path, aside)
        os.replace(tmp, db_path)
        for suffix in (".check",):
            side = db_path.with_name(db_path.name + suffix)
            if side.exists():
                side.unlink()
    except OSError as exc:
        raise FileAccessError("common.io_error", path=str(db_path), detail=str(exc)) from None
    finally:
        lock.release(remove=True)
    # Prove it opens in place, and record the restore in its audit log.
    from . import audit

    with Database.open(db_path, passphrase) as db:
        with db.transaction():
            audit.append(db, actor="", event="restored", subject=backup_path.name,
                         new={"replaced_file": aside.name if aside else None})
    return aside
