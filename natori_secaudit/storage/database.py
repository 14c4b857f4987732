"""The encrypted database: create, open, transactions, verify, re-key, copy.

SQLCipher 4 defaults (PBKDF2-HMAC-SHA512 with 256,000 iterations, 4 KiB
pages, per-page HMAC-SHA512), ``journal_mode=DELETE`` and ``synchronous=FULL``
so every committed answer lives in the HMAC-checked main file (WAL frames
escape SQLCipher's integrity check: docs/design/reliability-plan.md §1.7). One Database per
file at a time (``locking.py``); a ``<db>.check`` sidecar written at clean
close tells a wrong passphrase from a damaged file (``sidecar.py``).

Every driver error leaves this package as an :class:`AppError`; passphrases
are never SQL text and never stored on the object.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import os
import tempfile
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Self

from .. import __version__, i18n
from ..errors import AppError, DamagedFile, FileAccessError, InvalidInput, Refused
from ..fileio import os_error_to_app_error
from . import driver, files, migrations, sidecar
from .driver import Connection, Cursor, Params, Row
from .locking import InstanceLock
from .unlocking import keyed_connection, open_error, quick_checks, unlock_with_passphrase

ROLES = ("admin", "department")


@dataclass
class VerifyReport:
    ok: bool
    problems: list[str] = field(default_factory=list)
    pages_checked: int = 0
    audit_entries: int = 0


def now_iso() -> str:
    """Now, local time with its UTC offset (ISO 8601, seconds)."""
    return _dt.datetime.now().astimezone().isoformat(timespec="seconds")


class Database:
    """An open, unlocked, single-instance encrypted database. Use :meth:`create` or :meth:`open`."""

    def __init__(self, path: Path, conn: Connection, lock: InstanceLock | None, kdf_iter: int) -> None:
        self.path = Path(path)
        self.conn = conn  # storage-internal: repositories go through execute/query/one
        self.kdf_iter = kdf_iter
        self._lock = lock
        self._depth = 0
        self._closed = False
        self._meta_cache: dict[str, str | None] = {}

    # -- creating and opening ---------------------------------------------------------------
    @classmethod
    def create(
        cls, path: Path | str, passphrase: str, role: str, *, department_code: str | None = None
    ) -> Database:
        """A new database, built under a temporary name in the same folder and then renamed.

        Refuses an existing path (Refused 'storage.exists') and an empty passphrase.
        """
        path = Path(path)
        if role not in ROLES:
            raise ValueError(f"role must be one of {ROLES}: {role!r}")
        if role == "department" and not department_code:
            raise ValueError("a department database needs its department_code")
        if not passphrase:
            raise InvalidInput("storage.empty_passphrase")
        if path.exists() or path.is_symlink():
            raise Refused("storage.exists", path=str(path))
        driver.cipher_version()
        folder = path.parent if str(path.parent) else Path(".")
        try:
            fd, tmp_name = tempfile.mkstemp(prefix=".natori-new-", suffix=".db", dir=folder)
            os.close(fd)  # an empty file is a new database to SQLite; keeping it reserves the name
        except OSError as exc:
            raise os_error_to_app_error(exc, path) from exc
        tmp = Path(tmp_name)
        kdf_iter = driver.create_kdf_iter()
        # Derived once for both connections below (else each derives it again: 0.1-0.2 s apiece).
        key: str | driver.DerivedKey = (
            driver.derive_key(passphrase, kdf_iter) if driver.derives_like_sqlcipher() else passphrase
        )
        try:
            try:
                conn = driver.connect(tmp, key, mode="rw", kdf_iter=kdf_iter)
            except driver.DatabaseError as exc:
                raise driver.translate_error(exc, path) from exc
            db = cls(tmp, conn, None, kdf_iter)
            try:
                driver.configure(conn)
                migrations.migrate(db)
                with db.transaction():
                    for name, value in (
                        ("role", role),
                        ("department_code", department_code or ""),
                        ("created_at", now_iso()),
                        ("db_uuid", str(uuid.uuid4())),
                        ("app_version", __version__),
                        ("kdf_iter", str(kdf_iter)),
                    ):
                        db.execute("INSERT INTO meta (key, value) VALUES (?, ?)", (name, value))
            finally:
                db._close_connection()
            files.fsync_file(tmp)
            files.rename_no_clobber(tmp, path)
        except BaseException:
            files.silent_unlink(tmp)
            raise
        sidecar.write(path, kdf_iter)
        if isinstance(key, str):
            return cls.open(path, passphrase)
        derived = key
        return cls._open_locked(
            path, lambda: (keyed_connection(path, derived, kdf_iter), kdf_iter), check=True
        )

    @classmethod
    def open(cls, path: Path | str, passphrase: str, *, check: bool = True) -> Database:
        """Open and unlock; run pending migrations (after an encrypted backup).

        ``check`` runs ``cipher_integrity_check`` and ``quick_check`` first; with
        ``check=False`` damage is left for :meth:`verify` to report.
        """
        path = Path(path)
        if not path.is_file():  # and mode=rw below: a mistyped path never creates a file
            raise FileAccessError("common.file_not_found", path=str(path))
        if not passphrase:
            raise InvalidInput("storage.empty_passphrase")
        return cls._open_locked(path, lambda: unlock_with_passphrase(path, passphrase), check=check)

    @classmethod
    def _open_locked(
        cls, path: Path, unlock: Callable[[], tuple[Connection, int]], *, check: bool
    ) -> Database:
        """Lock ``path``, ``unlock()`` it ((connection, kdf_iter) that reads it), check and migrate."""
        lock = InstanceLock(path)
        lock.acquire()
        conn = None
        try:
            conn, kdf_iter = unlock()
            driver.configure(conn)
            if check:
                problems = quick_checks(conn)
                if problems:
                    raise DamagedFile("storage.damaged", path=str(path), detail="; ".join(problems[:5]))
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if version > migrations.latest_version():
                raise Refused("storage.too_new", path=str(path), version=version)
            if version == 0:
                raise Refused("storage.not_ours", path=str(path))
            sidecar.remove(path)  # from now on the file changes; a crash leaves no stale hint
            db = cls(path, conn, lock, kdf_iter)
        except BaseException as exc:
            if conn is not None:
                with contextlib.suppress(Exception):
                    conn.close()
            lock.release()
            if isinstance(exc, (driver.DatabaseError, MemoryError)):
                raise open_error(exc, path) from exc
            raise
        try:
            db._migrate()
        except BaseException:
            db.close()
            raise
        return db

    def _migrate(self) -> None:
        todo = migrations.pending(self.user_version)
        if not todo:
            return
        from .backup import backup_now

        kept = backup_now(self, reason="migration")
        for m in todo:
            try:
                migrations.apply(self, m)
            except AppError:
                raise
            except Exception as exc:
                raise AppError(
                    "storage.migration_failed",
                    path=str(self.path),
                    version=m.version,
                    name=m.name,
                    backup=str(kept),
                    detail=str(exc),
                ) from exc

    # -- lifetime --------------------------------------------------------------------------
    def close(self) -> None:
        """Close the connection, write the ``.check`` sidecar, release the lock. Idempotent."""
        if self._closed:
            return
        if self._depth:
            with contextlib.suppress(Exception):
                self.conn.execute("ROLLBACK")
            self._depth = 0
        clean = self._close_connection()
        if clean and self._lock is not None:
            sidecar.write(self.path, self.kdf_iter)  # still holding the lock: nobody changes the file
        if self._lock is not None:
            self._lock.release()

    def _close_connection(self) -> bool:
        self._closed = True
        try:
            self.conn.close()
            return True
        except Exception:  # noqa: BLE001 - closing must not fail; no sidecar then
            return False

    @property
    def closed(self) -> bool:
        return self._closed

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<Database {self.path} {'closed' if self._closed else 'open'}>"

    # -- queries (storage-internal) ---------------------------------------------------------
    def execute(self, sql: str, params: Params = ()) -> Cursor:
        if self._closed:
            raise RuntimeError("database is closed")
        try:
            return self.conn.execute(sql, params)
        except driver.DatabaseError as exc:
            raise driver.translate_error(exc, self.path) from exc
        except MemoryError as exc:  # SQLITE_NOMEM: the pager's state after a page failed its HMAC
            raise DamagedFile(
                "storage.damaged", path=str(self.path), detail="page decryption failed"
            ) from exc

    def insert(self, sql: str, params: Params = ()) -> int:
        """Run an INSERT; the id of the row it added."""
        rowid = self.execute(sql, params).lastrowid
        if rowid is None:
            raise RuntimeError("INSERT gave no row id")
        return rowid

    def query(self, sql: str, params: Params = ()) -> list[Row]:
        try:
            return self.execute(sql, params).fetchall()
        except driver.DatabaseError as exc:
            raise driver.translate_error(exc, self.path) from exc

    def one(self, sql: str, params: Params = ()) -> Row:
        """The first row, or None."""
        try:
            return self.execute(sql, params).fetchone()
        except driver.DatabaseError as exc:
            raise driver.translate_error(exc, self.path) from exc

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Database]:
        """BEGIN IMMEDIATE ... COMMIT, ROLLBACK on any exception; nested calls use SAVEPOINTs."""
        depth = self._depth
        self.execute("BEGIN IMMEDIATE" if depth == 0 else f"SAVEPOINT sp{depth}")
        self._depth += 1
        try:
            yield self
        except BaseException:
            self._depth = depth
            with contextlib.suppress(Exception):
                if depth == 0:
                    if self.conn.in_transaction:
                        self.conn.execute("ROLLBACK")
                else:
                    self.conn.execute(f"ROLLBACK TO sp{depth}")
                    self.conn.execute(f"RELEASE sp{depth}")
            raise
        self._depth = depth
        if depth:
            self.execute(f"RELEASE sp{depth}")
            return
        try:
            self.conn.execute("COMMIT")
        except driver.DatabaseError as exc:
            with contextlib.suppress(Exception):
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
            raise driver.translate_error(exc, self.path) from exc

    @property
    def in_transaction(self) -> bool:
        return self._depth > 0

    # -- meta ------------------------------------------------------------------------------
    def meta(self, key: str) -> str | None:
        row = self.one("SELECT value FROM meta WHERE key = ?", (key,))
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction():
            self.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, str(value)),
            )
        self._meta_cache.pop(key, None)

    def _cached_meta(self, key: str) -> str:
        if key not in self._meta_cache:
            self._meta_cache[key] = self.meta(key)
        return self._meta_cache[key] or ""

    @property
    def role(self) -> str:
        return self._cached_meta("role")

    @property
    def department_code(self) -> str:
        return self._cached_meta("department_code")

    @property
    def user_version(self) -> int:
        return int(self.one("PRAGMA user_version")[0])

    # -- checks ----------------------------------------------------------------------------
    def verify(self) -> VerifyReport:
        """Page HMACs, integrity_check, foreign_key_check and the audit chain, as translated problems."""
        from . import audit

        problems: list[str] = []
        pages = entries = 0
        try:
            pages = int(self.conn.execute("PRAGMA page_count").fetchone()[0])
            for (row,) in self.conn.execute("PRAGMA cipher_integrity_check").fetchall():
                problems.append(i18n.t("storage.verify_page", detail=row))
            if problems:
                # Reading a page that fails its HMAC puts the pager in a permanent error
                # state (§1.3): the checks below would only add noise.
                return VerifyReport(False, problems, pages, 0)
            result = [r[0] for r in self.conn.execute("PRAGMA integrity_check").fetchall()]
            if result != ["ok"]:
                problems.extend(i18n.t("storage.verify_integrity", detail=r) for r in result[:20])
            for row in self.conn.execute("PRAGMA foreign_key_check").fetchall():
                problems.append(i18n.t("storage.verify_foreign_key", detail=str(tuple(row))))
            problems.extend(audit.verify_chain(self))
            entries = audit.count(self)
        except (driver.DatabaseError, MemoryError, AppError) as exc:
            err = exc if isinstance(exc, AppError) else driver.translate_error(exc, self.path)
            problems.append(err.message)
        return VerifyReport(not problems, problems, pages, entries)

    # -- passphrase --------------------------------------------------------------------------
    def rekey(self, new_passphrase: str, *, actor: str = "") -> None:
        """Change the passphrase, prove the new one opens the file, and audit it (no secrets)."""
        from . import audit

        if not new_passphrase:
            raise InvalidInput("storage.empty_passphrase")
        if self.in_transaction:
            raise RuntimeError("rekey inside a transaction")
        try:
            driver.rekey(self.conn, new_passphrase)
        except driver.DatabaseError as exc:
            raise driver.translate_error(exc, self.path) from exc
        try:
            probe = driver.connect(self.path, new_passphrase, mode="ro", kdf_iter=self.kdf_iter)
            try:
                probe.execute("SELECT count(*) FROM sqlite_master").fetchone()
                bad = probe.execute("PRAGMA cipher_integrity_check").fetchall()
            finally:
                probe.close()
        except driver.DatabaseError as exc:  # pragma: no cover - would be a SQLCipher bug
            raise DamagedFile("storage.rekey_failed", path=str(self.path), detail=str(exc)) from exc
        if bad:  # pragma: no cover - same
            raise DamagedFile("storage.rekey_failed", path=str(self.path), detail=str(bad[:3]))
        with self.transaction():
            audit.append(self, actor=actor, event="passphrase_changed", subject=self.path.name)

    # -- copies ------------------------------------------------------------------------------
    def backup_to(self, dest: Path | str) -> Path:
        """An encrypted copy with the same key at ``dest`` (temp name, verified, then renamed)."""
        from .backup import export_copy

        return export_copy(self, Path(dest))
