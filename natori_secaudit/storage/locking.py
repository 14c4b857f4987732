"""One open Database per file: an OS lock on ``<db>.lock``.

The lock is held for as long as the database is open. A second open, in
another process or in this one, is refused with :class:`DatabaseBusy` and
changes nothing. The OS drops the lock when a process dies, so a lock file
left by a crash never blocks anyone (only the OS lock counts, not the file).

POSIX uses ``flock`` (per open file description, so a second open in the same
process conflicts too); Windows uses ``msvcrt.locking`` on the first byte.
The lock file is removed on release: on POSIX while the lock is still held,
and an acquirer re-checks that the file it locked is still the one on disk,
so a release racing with an acquire can never let two holders in.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from ..errors import DatabaseBusy
from ..fileio import os_error_to_app_error

if os.name == "nt":  # pragma: no cover - exercised on Windows
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]  # Windows only
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        with contextlib.suppress(OSError):
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]  # Windows only

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
        self.db_path = Path(db_path)
        self.path = lock_path(self.db_path)
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        """Take the lock or raise DatabaseBusy('storage.busy')."""
        for _attempt in range(5):
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            except OSError as exc:
                raise os_error_to_app_error(exc, self.path) from exc
            if not _try_lock(fd):
                os.close(fd)
                raise DatabaseBusy("storage.busy", path=str(self.db_path))
            if os.name == "nt" or _same_file(fd, self.path):
                self._fd = fd
                return
            # The holder removed the file between our open and our lock: retry on the new one.
            _unlock(fd)
            os.close(fd)
        raise DatabaseBusy("storage.busy", path=str(self.db_path))

    def release(self) -> None:
        """Drop the lock and remove the lock file. Idempotent."""
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        if os.name == "nt":  # pragma: no cover - cannot delete a file another handle has open
            _unlock(fd)
            os.close(fd)
            with contextlib.suppress(OSError):
                self.path.unlink()
            return
        with contextlib.suppress(OSError):
            self.path.unlink()
        _unlock(fd)
        os.close(fd)


def _same_file(fd: int, path: Path) -> bool:
    try:
        on_disk = os.stat(path)
    except OSError:
        return False
    mine = os.fstat(fd)
    return (mine.st_dev, mine.st_ino) == (on_disk.st_dev, on_disk.st_ino)
