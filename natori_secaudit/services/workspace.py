"""What every open database has in common: opening with the day's backup, closing, `with`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from .. import storage

W = TypeVar("W", bound="Workspace")


class Workspace:
    db: storage.Database
    user_name: str

    def __init__(self, db: storage.Database, user_name: str) -> None:
        """Each kind checks the database is its own first (AdminWorkspace, DepartmentWorkspace)."""
        self.db = db
        self.user_name = user_name.strip()

    @classmethod
    def open(cls: type[W], path: Path | str, passphrase: str, user_name: str = "") -> W:
        """Open, make the day's encrypted backup (once a day), and build the workspace."""
        return _open(path, passphrase, user_name, lambda _db: cls)

    def close(self) -> None:
        self.db.close()

    def __enter__(self: W) -> W:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def path(self) -> Path:
        return Path(self.db.path)

    # Settings are JSON values of any shape (storage.get_setting): Any, as json.loads gives them.
    def setting(self, key: str, default: Any = None) -> Any:
        return storage.get_setting(self.db, key, default)

    def set_setting(self, key: str, value: Any) -> None:
        storage.set_setting(self.db, key, value)


def open_any(path: Path | str, passphrase: str, user_name: str = "") -> Workspace:
    """Open a database of either role: the IT division's (AdminWorkspace) or a department's."""
    from .admin import AdminWorkspace
    from .department import DepartmentWorkspace

    return _open(
        path, passphrase, user_name, lambda db: AdminWorkspace if db.role == "admin" else DepartmentWorkspace
    )


def _open(
    path: Path | str,
    passphrase: str,
    user_name: str,
    kind: Callable[[storage.Database], Callable[[storage.Database, str], W]],
) -> W:
    """Open, make the day's backup, build the workspace ``kind(db)`` names; close again on any failure."""
    db = storage.Database.open(path, passphrase)
    try:
        _clean_leftovers(Path(path))
        storage.daily_backup(db, keep=backup_keep(db))
        return kind(db)(db, user_name)
    except BaseException:
        db.close()
        raise


def _clean_leftovers(db_path: Path) -> None:
    """Half-written files of killed writes (exports, reports, submissions) in the folders the program uses."""
    from ..fileio import remove_leftovers
    from . import paths

    remove_leftovers({db_path.parent, paths.reports_dir(), paths.data_dir() / "submissions", Path.cwd()})


def backup_keep(db: storage.Database) -> int:
    """How many daily backups to keep (setting "backup.keep", default 10)."""
    try:
        return max(1, int(storage.get_setting(db, "backup.keep", 10)))
    except (TypeError, ValueError):
        return 10
