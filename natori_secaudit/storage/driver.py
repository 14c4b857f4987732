"""The one place that imports the SQLCipher driver, keys connections and maps its errors.

Both ``sqlcipher3-binary`` (Linux) and ``sqlcipher3`` (Windows/macOS wheels)
install the module ``sqlcipher3``. Before the first database is touched the
program checks that the build really encrypts (``PRAGMA cipher_version``).

Keying uses the driver's ``set_key`` (``sqlite3_key``) with the UTF-8 bytes of
the NFC-normalised passphrase: the same key ``PRAGMA key = '...'`` would set,
but the passphrase never becomes SQL text, so no quoting bugs and nothing to
leak into an error message or a trace. SQLCipher 4's own key derivation is
kept (PBKDF2-HMAC-SHA512, 256,000 iterations, 4 KiB pages, HMAC-SHA512 per
page: docs/design/reliability-plan.md §1.2).

Creating a database derives its key once, here (:func:`derive_key`: the same PBKDF2 SQLCipher
runs, over a fresh salt) and keys both connections it needs, the one that builds the file under
a temporary name and the one that opens it under its own, with that raw key: SQLCipher then
derives nothing, and the file opens with the passphrase like any other.
"""

from __future__ import annotations

import functools
import os
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote

import sqlcipher3 as dbapi

from ..errors import AppError, DamagedFile, DatabaseBusy, DiskFull, FileAccessError, Refused

DatabaseError = dbapi.DatabaseError

# A row as the driver returns it: a tuple of SQLite values, typed Any as in the standard library's
# sqlite3 stubs (sqlcipher3 is that module built against SQLCipher and ships no stubs). Each
# repository converts the columns it reads (str(), int(), json.loads) into its records.
Row = Any
# Query parameters: positional values or named ones.
Params = Sequence[object] | Mapping[str, object]


class Cursor(Protocol):
    """The part of a DB-API cursor the storage layer uses."""

    @property
    def lastrowid(self) -> int | None: ...

    @property
    def rowcount(self) -> int: ...

    def fetchone(self) -> Row: ...  # None after the last row (Any holds it, as in sqlite3)

    def fetchall(self) -> list[Row]: ...

    def __iter__(self) -> Iterator[Row]: ...


class Connection(Protocol):
    """The part of a sqlcipher3 connection the storage layer uses."""

    @property
    def in_transaction(self) -> bool: ...

    def execute(self, sql: str, parameters: Params = ..., /) -> Cursor: ...

    def set_key(self, key: bytes, /) -> None: ...

    def reset_key(self, key: bytes, /) -> None: ...

    def close(self) -> None: ...


DEFAULT_KDF_ITER = 256_000

# FOR TESTS AND BENCHMARKS ONLY. With NATORI_SECAUDIT_FAST_KDF=1 a *new*
# database is created with PRAGMA kdf_iter = 4000, so throw-away databases
# open in milliseconds. SQLCipher keeps no plaintext record of kdf_iter (and
# the meta table is encrypted), so the count a file was created with is
# recorded in its plaintext sidecar (``sidecar.py``; nothing secret) and
# opening tries the recorded count first, whatever the environment. Without a
# usable record (a crash, a file copied without its sidecar) both known counts
# are tried, the one this environment creates first: a database made with the
# variable set still opens without it. Production never sets the variable.
FAST_KDF_ENV = "NATORI_SECAUDIT_FAST_KDF"
FAST_KDF_ITER = 4000

# SQLite primary result codes (exc.sqlite_errorcode & 0xFF).
_PERM, _BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = 3, 5, 6, 8, 10, 11, 13, 14, 26

_checked: str | None = None


def cipher_version() -> str:
    """The SQLCipher version string; AppError('storage.no_encryption') if this build cannot encrypt."""
    global _checked
    if _checked:
        return _checked
    conn = dbapi.connect(":memory:")
    try:
        row = conn.execute("PRAGMA cipher_version").fetchone()
    finally:
        conn.close()
    version = row[0] if row else None
    if not version:
        raise AppError("storage.no_encryption")
    _checked = str(version)
    return _checked


def normalise_passphrase(passphrase: str) -> bytes:
    """NFC then UTF-8, so a Japanese passphrase typed in NFD form opens the same database."""
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def fast_kdf() -> bool:
    return os.environ.get(FAST_KDF_ENV) == "1"


def create_kdf_iter() -> int:
    return FAST_KDF_ITER if fast_kdf() else DEFAULT_KDF_ITER


KNOWN_KDF_ITERS = (DEFAULT_KDF_ITER, FAST_KDF_ITER)


def open_kdf_candidates(recorded: int | None = None) -> tuple[int, ...]:
    """The iteration counts to try when opening: ``recorded`` (if it is a known count) first,
    then the one this environment creates, then the other one."""
    order: tuple[int, ...] = (
        (FAST_KDF_ITER, DEFAULT_KDF_ITER) if fast_kdf() else (DEFAULT_KDF_ITER, FAST_KDF_ITER)
    )
    if recorded is not None and recorded in KNOWN_KDF_ITERS:
        order = (recorded, *(k for k in order if k != recorded))
    return order


# SQLCipher 4's key derivation, which derive_key repeats: PBKDF2-HMAC-SHA512 to a 32-byte key
# over a 16-byte salt (the salt is the file's first 16 bytes).
KDF_ALGORITHM = "PBKDF2_HMAC_SHA512"
KEY_BYTES = 32
SALT_BYTES = 16


@dataclass(frozen=True, repr=False)
class DerivedKey:
    """A raw SQLCipher key and its salt, as ``x'<key><salt>'`` (``keyspec``). As secret as the
    passphrase it came from: only ever handed from :func:`derive_key` to :func:`connect`."""

    keyspec: bytes

    def __repr__(self) -> str:
        return "<DerivedKey>"


@functools.cache
def derives_like_sqlcipher() -> bool:
    """Whether this SQLCipher build derives keys the way :func:`derive_key` does."""
    conn = dbapi.connect(":memory:")
    try:
        row = conn.execute("PRAGMA cipher_default_kdf_algorithm").fetchone()
    finally:
        conn.close()
    return bool(row) and row[0] == KDF_ALGORITHM


def derive_key(passphrase: str, kdf_iter: int) -> DerivedKey:
    """The key SQLCipher would derive from ``passphrase`` for a new file, over a new random salt."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

    salt = os.urandom(SALT_BYTES)
    key = PBKDF2HMAC(hashes.SHA512(), KEY_BYTES, salt, kdf_iter).derive(normalise_passphrase(passphrase))
    return DerivedKey(b"x'" + (key + salt).hex().encode("ascii") + b"'")


def uri(path: Path, mode: str) -> str:
    """A ``file:`` URI; ``mode=rw`` never creates a file, ``rwc`` may, ``ro`` never writes.

    Empty authority and an absolute path: ``file:///home/x.db``, ``file:///C:/Users/x.db``
    (SQLite drops the slash before a Windows drive), ``file:////server/share/x.db`` (UNC).
    Everything else, including ``?``, ``#``, ``%`` and Japanese names, is percent-encoded.
    """
    p = Path(path).resolve().as_posix()
    if not p.startswith("/"):
        p = "/" + p
    return f"file://{quote(p)}?mode={mode}"


def connect(path: Path, key: str | DerivedKey, *, mode: str, kdf_iter: int) -> Connection:
    """A connection keyed with a passphrase (derived on the first read) or a :class:`DerivedKey`
    (nothing to derive). Nothing is read yet: a wrong key shows at the first read."""
    cipher_version()
    conn: Connection = dbapi.connect(
        uri(path, mode), uri=True, isolation_level=None, check_same_thread=True, timeout=5.0
    )
    try:
        # SQLCipher logs every HMAC failure to stderr; our own messages say it better,
        # and a windowed Windows build has no stderr (docs/design/reliability-plan.md §1.3).
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.set_key(key.keyspec if isinstance(key, DerivedKey) else normalise_passphrase(key))
        if kdf_iter != DEFAULT_KDF_ITER:
            conn.execute(f"PRAGMA kdf_iter = {int(kdf_iter)}")
    except BaseException:
        conn.close()
        raise
    return conn


def configure(conn: Connection) -> None:
    """Connection settings: every commit lands in the HMAC-checked main file (no WAL, §1.7)."""
    conn.execute("PRAGMA journal_mode = DELETE").fetchall()
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")


def rekey(conn: Connection, new_passphrase: str) -> None:
    """PRAGMA rekey on the open connection (``sqlite3_rekey``; no passphrase in SQL text)."""
    conn.reset_key(normalise_passphrase(new_passphrase))


def _code(exc: BaseException) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def is_not_a_database(exc: BaseException) -> bool:
    """'file is not a database': a wrong passphrase, or a damaged first page (the same error, §1.3)."""
    return _code(exc) == _NOTADB or "not a database" in str(exc).lower()


def is_corrupt(exc: BaseException) -> bool:
    return _code(exc) == _CORRUPT or "malformed" in str(exc).lower()


def translate_error(exc: BaseException, path: Path | str) -> AppError:
    """A driver error as the user-facing error it stands for. Never contains a passphrase
    (passphrases are never SQL text)."""
    code, text, where = _code(exc), str(exc), str(path)
    lower = text.lower()
    if code == _FULL or "disk is full" in lower:
        return DiskFull(path=where)
    if code in (_BUSY, _LOCKED) or "database is locked" in lower:
        return DatabaseBusy("storage.busy", path=where)
    if code in (_CORRUPT, _NOTADB) or is_corrupt(exc) or is_not_a_database(exc):
        return DamagedFile("storage.damaged", path=where, detail=text)
    if code in (_READONLY, _PERM) or "readonly" in lower:
        return FileAccessError("common.permission_denied", path=where)
    if code == _CANTOPEN:
        if not Path(path).exists():
            return FileAccessError("common.file_not_found", path=where)
        return FileAccessError("common.io_error", path=where, detail=text)
    if code == _IOERR:
        return FileAccessError("common.io_error", path=where, detail=text)
    if isinstance(exc, dbapi.IntegrityError):
        return Refused("storage.constraint", path=where, detail=text)
    return AppError("storage.db_error", path=where, detail=text)
