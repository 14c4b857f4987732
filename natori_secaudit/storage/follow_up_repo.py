"""Checks the app needs while its database is open (the file is locked to this process)."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from . import driver

if TYPE_CHECKING:
    from .database import Database


def passphrase_opens(db: Database, passphrase: str) -> bool:
    """True when ``passphrase`` reads the open database's file (a second, read-only connection)."""
    if not passphrase:
        return False
    try:
        probe = driver.connect(db.path, passphrase, mode="ro", kdf_iter=db.kdf_iter)
    except driver.DatabaseError:
        return False
    try:
        probe.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except driver.DatabaseError:
        return False
    finally:
        with contextlib.suppress(Exception):
            probe.close()
