"""The one place that imports the SQLCipher driver.

Both `sqlcipher3-binary` (Linux) and `sqlcipher3` (Windows/macOS wheels)
install the module `sqlcipher3`. At start-up the program checks that the
build really encrypts (PRAGMA cipher_version) and refuses otherwise.
"""

from __future__ import annotations

import os
import unicodedata

import sqlcipher3 as dbapi  # noqa: F401 - re-exported for the storage package

from ..errors import AppError

DatabaseError = dbapi.DatabaseError
OperationalError = dbapi.OperationalError
IntegrityError = dbapi.IntegrityError

# Tests and benchmarks may ask for a cheaper key derivation for throw-away
# databases. SQLCipher does not record kdf_iter in the file, so the same
# setting must be in force when the database is opened again: the variable
# applies to every connection of the process. Production never sets it
# (SQLCipher 4 defaults: PBKDF2-HMAC-SHA512, 256,000 iterations).
FAST_KDF_ENV = "NATORI_SECAUDIT_FAST_KDF"
FAST_KDF_ITER = 4000

_checked: str | None = None


def cipher_version() -> str:
    """The SQLCipher version string; AppError if this build does not encrypt."""
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


def normalise_passphrase(passphrase: str) -> str:
    """NFC, so a Japanese passphrase typed in NFD form opens the same database."""
    return unicodedata.normalize("NFC", passphrase)


def quote_key(passphrase: str) -> str:
    """A SQL string literal for PRAGMA key (PRAGMA takes no parameters)."""
    return "'" + normalise_passphrase(passphrase).replace("'", "''") + "'"


def fast_kdf() -> bool:
    return os.environ.get(FAST_KDF_ENV) == "1"


def connect(uri: str, passphrase: str):
    """A keyed connection. ``uri`` is a file: URI (mode=rw for existing files)."""
    cipher_version()
    conn = dbapi.connect(uri, uri=True, isolation_level=None, check_same_thread=True, timeout=2.0)
    # SQLCipher logs every HMAC failure to stderr; our own messages say it better.
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(f"PRAGMA key = {quote_key(passphrase)}")
    if fast_kdf():
        conn.execute(f"PRAGMA kdf_iter = {FAST_KDF_ITER}")
    return conn
