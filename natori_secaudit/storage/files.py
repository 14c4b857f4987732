"""Small file helpers for the storage package: durable renames, fsync, quiet unlink."""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path

from ..errors import Refused
from ..fileio import os_error_to_app_error

_NO_LINKS = {
    errno.EPERM,
    errno.EXDEV,
    errno.EMLINK,
    getattr(errno, "ENOTSUP", -1),
    getattr(errno, "EOPNOTSUPP", -1),
}


def rename_no_clobber(src: Path, dst: Path) -> None:
    """Rename that refuses to replace an existing ``dst`` (two creates racing for one name)."""
    try:
        if os.name == "nt":  # pragma: no cover - os.rename never replaces on Windows
            os.rename(src, dst)
        else:
            try:
                os.link(src, dst)
            except OSError as exc:
                if exc.errno not in _NO_LINKS:
                    raise
                if dst.exists():  # a file system without hard links (FAT USB stick, some shares)
                    raise FileExistsError(str(dst)) from None
                os.rename(src, dst)
            else:
                os.unlink(src)
    except FileExistsError:
        raise Refused("storage.exists", path=str(dst)) from None
    except OSError as exc:
        raise os_error_to_app_error(exc, dst) from exc
    fsync_dir(dst.parent)


def fsync_file(p: Path) -> None:
    with open(p, "rb+") as fh:
        os.fsync(fh.fileno())


def fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder if str(folder) else ".", os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def silent_unlink(p: Path) -> None:
    with contextlib.suppress(OSError):
        p.unlink()
