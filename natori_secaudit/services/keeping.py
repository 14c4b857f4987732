"""Safe keeping, for either role: backups, restoring one, passphrase changes and the integrity check.

On the open workspace (the app): a backup to a chosen folder (a USB stick), a passphrase change
(the one rule of ``setup.check_new_passphrase``), putting a backup in place of the database
after the app has closed it. By path (the CLI): the same steps on a closed database."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .. import i18n, storage
from ..errors import FileAccessError, InvalidInput, Refused
from . import setup

if TYPE_CHECKING:
    from .workspace import Workspace


def backup_to(ws: Workspace, folder: Path | str) -> tuple[Path, bool]:
    """(the backup written, True when it sits on the database's own disk)."""
    out = storage.backup_elsewhere(ws.db, folder)
    return out, backup_on_same_disk(ws.path, out)


def change_passphrase(ws: Workspace, old: str, new: str, repeat: str) -> None:
    """Re-key the open database: the current passphrase first, then the rule, then both copies alike."""
    if not storage.passphrase_opens(ws.db, old):
        raise Refused("admin_year.passphrase_wrong")
    setup.check_new_passphrase(new)
    if new != repeat:
        raise InvalidInput("admin_year.passphrase_mismatch")
    ws.db.rekey(new, actor=getattr(ws, "user_name", ""))


def restore_closed(backup: Path | str, db_path: Path | str, passphrase: str) -> tuple[str, Path | None]:
    """With the database closed: put the checked backup in place. (whose database, where the old file went)"""
    aside = restore(backup, db_path, passphrase)
    return describe_restored(db_path, passphrase), aside


# -- by path, the database closed (the CLI, and the app before a database is open) ----------
def verify(path: Path | str, passphrase: str) -> storage.VerifyReport:
    with storage.Database.open(path, passphrase, check=False) as db:
        return db.verify()


def change_passphrase_at(path: Path | str, old: str, new: str) -> None:
    """Re-key the database. Backups made before keep the old passphrase."""
    setup.check_new_passphrase(new)
    with storage.Database.open(path, old) as db:
        db.rekey(new)


def backup(path: Path | str, passphrase: str, out: Path | str | None = None) -> Path:
    """An encrypted backup (the same passphrase opens it): in ``backups/`` beside the database, or,
    with ``out``, at that file or in that folder (a USB stick), never pruned by the rotation."""
    with storage.Database.open(path, passphrase) as db:
        if out is None:
            return storage.backup_now(db)
        return storage.backup_elsewhere(db, out)


def backup_on_same_disk(db_path: Path | str, backup_path: Path | str) -> bool:
    """True when a backup sits on the database's own disk (it would be lost with the PC)."""
    return storage.on_same_disk(db_path, backup_path)


def list_backups(path: Path | str) -> list[storage.BackupInfo]:
    return storage.list_backups(Path(path))


def restore(backup_path: Path | str, db_path: Path | str, passphrase: str) -> Path | None:
    """Put a checked backup at ``db_path`` (also on a new PC, where no database exists yet).
    Returns where the file it replaced was moved, or None."""
    if not Path(backup_path).is_file():
        raise FileAccessError("common.file_not_found", path=str(backup_path))
    return storage.restore(Path(backup_path), Path(db_path), passphrase)


def describe_restored(db_path: Path | str, passphrase: str) -> str:
    """One line saying whose database was restored (with the IT division's key fingerprint)."""
    with storage.Database.open(db_path, passphrase) as db:
        if db.role == "admin":
            return i18n.t("safekeeping.restored_admin", fingerprint=setup.admin_keys(db).fingerprint())
        return i18n.t("safekeeping.restored_department", code=db.department_code)
