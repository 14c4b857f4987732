"""Safe keeping from the app, on the open workspace of either role: a backup to a chosen folder
(a USB stick), a passphrase change (the one rule of ``setup.check_new_passphrase``), and
putting a backup in place of the database (after the app has closed it)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .. import storage
from ..errors import InvalidInput, Refused
from . import setup

if TYPE_CHECKING:
    from .workspace import Workspace


def backup_to(ws: Workspace, folder: Path | str) -> tuple[Path, bool]:
    """(the backup written, True when it sits on the database's own disk)."""
    out = storage.backup_elsewhere(ws.db, folder)
    return out, setup.backup_on_same_disk(ws.path, out)


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
    aside = setup.restore(backup, db_path, passphrase)
    return setup.describe_restored(db_path, passphrase), aside
