"""Safe file writing: temporary file in the same folder, fsync, then rename.

A crash or a full disk never leaves a half-written file under the real name,
and an existing file is replaced only by a complete new one (the KeePassXC
lesson, docs/design/reliability-plan.md §2.1). Files are created readable by the user only
where the OS allows, since reports and exports are plaintext by nature.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from .errors import DiskFull, FileAccessError

_TMP_PREFIX = ".natori-tmp-"


def os_error_to_app_error(exc: OSError, path: Path | str) -> Exception:
    """Translate an OSError into the user-facing error it stands for."""
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return DiskFull(path=str(path))
    if isinstance(exc, FileNotFoundError):
        return FileAccessError("common.file_not_found", path=str(path))
    if isinstance(exc, PermissionError):
        return FileAccessError("common.permission_denied", path=str(path))
    return FileAccessError("common.io_error", path=str(path), detail=exc.strerror or str(exc))


@contextlib.contextmanager
def atomic_writer(path: Path | str, mode: int = 0o600) -> Iterator[BinaryIO]:
    """Yield a binary file; on success it replaces ``path`` atomically.

    On any error the temporary file is removed and ``path`` is left as it was.
    OSErrors become :class:`DiskFull` / :class:`FileAccessError`.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=_TMP_PREFIX, suffix=".part", dir=folder)
    except OSError as exc:
        raise os_error_to_app_error(exc, target) from None
    tmp = Path(tmp_name)
    try:
        with contextlib.suppress(OSError):
            os.chmod(tmp, mode)
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        fsync_dir(folder)
    except OSError as exc:
        _silent_unlink(tmp)
        raise os_error_to_app_error(exc, target) from None
    except BaseException:
        _silent_unlink(tmp)
        raise


def write_bytes_atomic(path: Path | str, data: bytes, mode: int = 0o600) -> Path:
    with atomic_writer(path, mode) as fh:
        fh.write(data)
    return Path(path)


def _silent_unlink(p: Path) -> None:
    with contextlib.suppress(OSError):
        p.unlink()


def fsync_dir(folder: Path) -> None:
    """Make a rename or a new file in ``folder`` durable (POSIX; Windows has no folder fsync)."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def leftover_temp_files(folder: Path | str) -> list[Path]:
    """Temporary files an interrupted write left behind (never under a real name)."""
    return sorted(Path(folder).glob(_TMP_PREFIX + "*"))


def remove_leftovers(folders, older_than_s: float = 60.0) -> list[Path]:
    """Delete what killed writes left in ``folders`` (a half-written export is plaintext).

    Only files older than ``older_than_s`` go, so a write in progress in another window is left alone.
    Returns what was removed; a folder that cannot be read is skipped.
    """
    import time

    removed = []
    now = time.time()
    for folder in folders:
        try:
            candidates = leftover_temp_files(folder)
        except OSError:
            continue
        for path in candidates:
            try:
                if path.is_file() and now - path.stat().st_mtime > older_than_s:
                    path.unlink()
                    removed.append(path)
            except OSError:
                continue
    return removed
