"""The ``<db>.check`` sidecar: tells a wrong passphrase from a damaged file.

SQLCipher raises the same "file is not a database" for a wrong passphrase and
for a damaged first page or salt (docs/design/reliability-plan.md §1.3). At every clean close
the program writes, next to the database, a small plaintext JSON file with the
size and SHA-256 of the database file (nothing secret: the file is encrypted
and anyone who can read the sidecar can read and hash the database too).

The sidecar is removed as soon as a database is opened, because from then on
the file changes; after a crash there is simply no sidecar and the message
stays the cautious "wrong passphrase, or the file is damaged".

On "file is not a database":
* sidecar matches the file  -> it is the passphrase (WrongPassphrase);
* sidecar does not match    -> the file changed since it was last closed
                               cleanly: damaged or replaced (DamagedFile);
* no (readable) sidecar     -> WrongPassphrase with the KeePassXC-style hint.

The sidecar also records the key-derivation iteration count the file was
created with (``kdf_iter``; not secret, SQLCipher keeps it nowhere in
plaintext), so a database opens with its own count whatever the environment
(``driver.open_kdf_candidates``).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from pathlib import Path
from typing import Literal

from ..errors import AppError, DamagedFile, WrongPassphrase
from ..fileio import write_bytes_atomic

# What matches() said about a file; "unknown" before anybody asked.
Verdict = bool | None | Literal["unknown"]

_NOTE = "natori-secaudit: size and SHA-256 of the database at its last clean close; contains no secrets"


def sidecar_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".check")


def file_digest(path: Path) -> tuple[int, str]:
    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
            size += len(chunk)
    return size, h.hexdigest()


def write(db_path: Path, kdf_iter: int | None = None) -> bool:
    """Record the file's size and hash (and its KDF iteration count). Never raises: on failure
    any stale sidecar is removed."""
    try:
        size, digest = file_digest(db_path)
        record: dict[str, object] = {"size": size, "sha256": digest, "note": _NOTE}
        if kdf_iter is not None:
            record["kdf_iter"] = int(kdf_iter)
        body = json.dumps(record, sort_keys=True)
        write_bytes_atomic(sidecar_path(db_path), body.encode("utf-8"), mode=0o600)
        return True
    except (OSError, AppError):
        remove(db_path)
        return False


def remove(db_path: Path) -> None:
    with contextlib.suppress(OSError):
        sidecar_path(db_path).unlink()


def _read(db_path: Path) -> dict[str, object] | None:
    try:
        recorded = json.loads(sidecar_path(db_path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return recorded if isinstance(recorded, dict) else None


def recorded_kdf_iter(db_path: Path) -> int | None:
    """The KDF iteration count recorded for ``db_path``, or None (no sidecar, or none recorded)."""
    value = (_read(db_path) or {}).get("kdf_iter")
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def matches(db_path: Path) -> bool | None:
    """True/False when a sidecar exists and does/does not match the file; None without one."""
    try:
        recorded = _read(db_path)
        if recorded is None:
            return None
        size, digest = recorded.get("size"), recorded.get("sha256")
        if not isinstance(size, (int, float, str)) or digest is None:
            return None
        expected = (int(size), str(digest))
    except (ValueError, KeyError, TypeError):
        return None
    try:
        return file_digest(db_path) == expected
    except OSError:
        return False


def classify_not_a_database(
    db_path: Path,
    *,
    wrong_key: str = "storage.wrong_passphrase",
    unsure_key: str = "storage.wrong_passphrase_or_damaged",
    changed_key: str = "storage.changed_since_close",
    verdict: Verdict = "unknown",
) -> AppError:
    """The user-facing error for 'file is not a database' on ``db_path`` (``verdict``: what
    :func:`matches` said, when the caller already asked)."""
    if verdict == "unknown":
        verdict = matches(db_path)
    if verdict is True:
        return WrongPassphrase(wrong_key, path=str(db_path))
    if verdict is False:
        return DamagedFile(changed_key, path=str(db_path))
    return WrongPassphrase(unsure_key, path=str(db_path))
