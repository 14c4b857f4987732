"""Unlocking an encrypted file: which KDF count reads it, and what a failure means.

A failed first read is the passphrase when the ``<db>.check`` sidecar matches the file, damage
otherwise (``sidecar.py``); a generic SQLite error after page 1 decrypted is damage. Apart from
:class:`~.database.Database` so that the rules of telling those apart change in one place.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import AppError, DamagedFile
from . import driver, sidecar
from .driver import Connection


def unlock_with_passphrase(path: Path, passphrase: str) -> tuple[Connection, int]:
    """(connection, kdf_iter) that reads the file, or the error that explains why not."""
    try:
        found, verdict = try_unlock(path, passphrase, mode="rw")
    except driver.DatabaseError as exc:
        raise open_error(exc, path) from exc
    if found is None:
        raise sidecar.classify_not_a_database(path, verdict=verdict)
    return found


def keyed_connection(path: Path, key: driver.DerivedKey, kdf_iter: int) -> Connection:
    """A connection to ``path`` with the key it was created with, read once (as :func:`try_unlock`)."""
    conn = driver.connect(path, key, mode="rw", kdf_iter=kdf_iter)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except BaseException:
        conn.close()
        raise
    return conn


def try_unlock(
    path: Path, passphrase: str, *, mode: str
) -> tuple[tuple[Connection, int], None] | tuple[None, sidecar.Verdict]:
    """((connection, kdf_iter), None) for the first KDF count that reads ``path``, else (None,
    sidecar verdict). The recorded count goes first; if it fails and the sidecar matches the
    file, it is the passphrase: no other count is tried. Other driver errors are raised."""
    recorded = sidecar.recorded_kdf_iter(path)
    verdict: sidecar.Verdict = "unknown"
    for kdf_iter in driver.open_kdf_candidates(recorded):
        conn = driver.connect(path, passphrase, mode=mode, kdf_iter=kdf_iter)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return (conn, kdf_iter), None
        except driver.DatabaseError as exc:
            conn.close()
            if not driver.is_not_a_database(exc):
                raise
        if kdf_iter == recorded and verdict == "unknown":
            verdict = sidecar.matches(path)
            if verdict is True:
                break
    return None, verdict


def open_error(exc: BaseException, path: Path) -> AppError:
    """While opening, the key already decrypted page 1: a generic SQLite error is damage."""
    if isinstance(exc, MemoryError):
        return DamagedFile("storage.damaged", path=str(path), detail="page decryption failed")
    err = driver.translate_error(exc, path)
    if type(err) is AppError:
        return DamagedFile("storage.damaged", path=str(path), detail=str(exc))
    return err


def quick_checks(conn: Connection) -> list[str]:
    """Page HMACs first: if one fails, stop there (reading that page would poison the pager)."""
    problems = [str(r[0]) for r in conn.execute("PRAGMA cipher_integrity_check").fetchall()]
    if problems:
        return problems
    result = [str(r[0]) for r in conn.execute("PRAGMA quick_check").fetchall()]
    if result != ["ok"]:
        problems.extend(result)
    return problems
