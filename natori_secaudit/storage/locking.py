"""One running program per database: an OS lock on `<db>.lock`.

The lock is held for as long as the database is open; a second instance (or
a second open in the same process) is refused with a clear message and
changes nothing.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from ..errors import DatabaseBusy

if os.name == "nt":  # pragma: no cover - exercised on Windows
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        with contextlib.suppress(OSError):
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


class InstanceLock:
    def __init__(self, db_path: Path) -> None:
        self.path = lock_path(db_path)
        self._fd: int | None = None
        self._created = False

    def acquire(self) -> None:
        existed = self.path.exists()
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        if not _try_lock(fd):
            os.close(fd)
            raise DatabaseBusy("storage.busy", path=str(self.path.with_suffix("")))
        self._fd = fd
        self._created = not existed

    def release(self, remove: bool = True) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        _unlock(fd)
        os.close(fd)
        if remove:
            with contextlib.suppress(OSError):
                self.path.unlink()
