"""The encrypted database: create, open, verify, re-key, back up.

SQLCipher 4 defaults (PBKDF2-HMAC-SHA512 256,000 iterations, 4 KiB pages,
per-page HMAC-SHA512), ``journal_mode=DELETE`` and ``synchronous=FULL`` so
every committed answer lives in the HMAC-checked main file (WAL frames escape
the integrity check: RELIABILITY.md §1.7).

A wrong passphrase and a damaged first page raise the same SQLCipher error.
To tell them apart, a plaintext sidecar ``<db>.check`` (size and SHA-256 of
the file, nothing secret) is written at every clean close.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import errno
import hashlib
import json
import os
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from .. import __version__, i18n
from ..errors import (
    AppError,
    DamagedFile,
    DatabaseBusy,
    DiskFull,
    FileAccessError,
    InvalidInput,
    Refused,
    WrongPassphrase,
)
from . import driver, migrations
from .locking import InstanceLock

ROLES = ("admin", "department")


@dataclass
class VerifyReport:
    ok: bool
    problems: list[str] = field(default_factory=list)
    pages_checked: int = 0
    audit_entries: int = 0


def _uri(path: Path, mode: str) -> str:
    return f"file:{quote(str(path.resolve()))}?mode={mode}"


def sidecar_path(path: Path) -> Path:
    return path.with_name(path.name + ".check")


def file_digest(path: Path) -> tuple[int, str]:
    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
            size += len(chunk)
    return size, h.hexdigest()


def translate_error(exc: Exception, path: Path) -> AppError:
    """A driver error as the user-facing error it stands for."""
    text = str(exc).lower()
    if "disk is full" in text or "disk full" in text or getattr(exc, "errno", None) == errno.ENOSPC:
        return DiskFull(path=str(path))
    if "locked" in text or "busy" in text:
        return DatabaseBusy("storage.busy", path=str(path))
    if "malformed" in text or "not a database" in text or "hmac" in text:
        return DamagedFile("storage.damaged", path=str(path), detail=str(exc))
    if "readonly" in text or "read-only" in text:
        return FileAccessError("common.permission_denied", path=str(path))
    return FileAccessError("common.io_error", path=str(path), detail=str(exc))


class Database:
    """An open, unlocked, single-instance encrypted database."""

    def __init__(self, path: Path, conn, passphrase: str, lock: InstanceLock) -> None:
        self.path = path
        self.conn = conn
        self._passphrase = passphrase
        self._lock = lock
        self._depth = 0
        self._closed = False
        self.role = self.meta("role") or ""
        self.department_code = self.meta("department_code") or ""

    # -- creating and opening ---------------------------------------------------------------
    @classmethod
    def create(cls, path: Path | str, passphrase: str, role: str, *, department_code: str | None = None) -> Database:
        path = Path(path)
        if role not in ROLES:
            raise ValueError(role)
        if not passphrase:
            raise InvalidInput("storage.empty_passphrase")
        if path.exists():
            raise Refused("storage.exists", path=str(path))
        folder = path.parent if str(path.parent) else Path(".")
        try:
            fd, tmp_name = tempfile.mkstemp(prefix=".natori-new-", suffix=".db", dir=folder)
            os.close(fd)
            os.unlink(tmp_name)
        except OSError as exc:
            from ..fileio import os_error_to_app_error

            raise os_error_to_app_error(exc, path) from None
        tmp = Path(tmp_name)
        try:
            conn = driver.connect(_uri(tmp, "rwc"), passphrase)
            try:
                _configure(conn)
                for m in migrations.pending(0):
                    migrations.apply(conn, m)
                now = _now_iso()
                conn.execute("BEGIN IMMEDIATE")
                for key, value in (
                    ("role", role),
                    ("department_code", department_code or ""),
                    ("created_at", now),
                    ("db_uuid", str(uuid.uuid4())),
                    ("app_version", __version__),
                    ("kdf", "fast" if driver.fast_kdf() else "default"),
                ):
                    conn.execute("INSERT INTO meta (key, value) VALUES (?, ?)", (key, value))
                conn.execute("COMMIT")
            finally:
                conn.close()
            if path.exists():
                raise Refused("storage.exists", path=str(path))
            os.replace(tmp, path)
        except driver.DatabaseError as exc:
            _silent_unlink(tmp)
            raise translate_error(exc, path) from None
        except OSError as exc:
            _silent_unlink(tmp)
            from ..fileio import os_error_to_app_error

            raise os_error_to_app_error(exc, path) from None
        except BaseException:
            _silent_unlink(tmp)
            raise
        _write_sidecar(path)
        return cls.open(path, passphrase)

    @classmethod
    def open(cls, path: Path | str, passphrase: str, *, check: bool = True) -> Database:
        """Open and unlock. ``check`` runs the quick page-HMAC and integrity checks."""
        path = Path(path)
        if not path.is_file():
            raise FileAccessError("common.file_not_found", path=str(path))
        if not passphrase:
            raise WrongPassphrase("storage.wrong_passphrase", path=str(path))
        lock = InstanceLock(path)
        try:
            lock.acquire()
        except OSError as exc:
            from ..fileio import os_error_to_app_error

            raise os_error_to_app_error(exc, path) from None
        conn = None
        try:
            conn = driver.connect(_uri(path, "rw"), passphrase)
            try:
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            except driver.DatabaseError as exc:
                raise _classify_open_failure(exc, path) from None
            _configure(conn)
            if check:
                problems = _quick_checks(conn)
                if problems:
                    raise DamagedFile("storage.damaged", path=str(path), detail="; ".join(problems[:3]))
            db = cls(path, conn, passphrase, lock)
        except BaseException as exc:
            if conn is not None:
                with contextlib.suppress(Exception):
                    conn.close()
            lock.release(remove=True)
            if isinstance(exc, driver.DatabaseError):
                raise translate_error(exc, path) from None
            raise
        try:
            db._migrate()
        except BaseException:
            db.close(write_sidecar=False)
            raise
        return db

    def _migrate(self) -> None:
        current = self.user_version
        todo = migrations.pending(current)
        if not todo:
            return
        if current > 0:
            from .backup import backup_now

            backup_now(self, reason="migration")
        for m in todo:
            try:
                migrations.apply(self.conn, m)
            except driver.DatabaseError as exc:
                raise translate_error(exc, self.path) from None

    # -- lifetime --------------------------------------------------------------------------
    def close(self, *, write_sidecar: bool = True) -> None:
        if self._closed:
            return
        self._closed = True
        with contextlib.suppress(Exception):
            self.conn.close()
        self._passphrase = ""
        if write_sidecar:
            with contextlib.suppress(OSError):
                _write_sidecar(self.path)
        self._lock.release(remove=True)

    @property
    def closed(self) -> bool:
        return self._closed

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- queries ---------------------------------------------------------------------------
    def execute(self, sql: str, params=()):
        try:
            return self.conn.execute(sql, params)
        except driver.DatabaseError as exc:
            raise translate_error(exc, self.path) from None

    def query(self, sql: str, params=()) -> list:
        return self.execute(sql, params).fetchall()

    def one(self, sql: str, params=()):
        return self.execute(sql, params).fetchone()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Database]:
        """BEGIN IMMEDIATE … COMMIT; nested calls use savepoints."""
        if self._depth == 0:
            self.execute("BEGIN IMMEDIATE")
        else:
            self.execute(f"SAVEPOINT sp{self._depth}")
        self._depth += 1
        try:
            yield self
        except BaseException:
            self._depth -= 1
            with contextlib.suppress(Exception):
                if self._depth == 0:
                    self.conn.execute("ROLLBACK")
                else:
                    self.conn.execute(f"ROLLBACK TO sp{self._depth}")
                    self.conn.execute(f"RELEASE sp{self._depth}")
            raise
        else:
            self._depth -= 1
            if self._depth == 0:
                try:
                    self.conn.execute("COMMIT")
                except driver.DatabaseError as exc:
                    with contextlib.suppress(Exception):
                        self.conn.execute("ROLLBACK")
                    raise translate_error(exc, self.path) from None
            else:
                self.execute(f"RELEASE sp{self._depth}")

    @property
    def in_transaction(self) -> bool:
        return self._depth > 0

    # -- meta ------------------------------------------------------------------------------
    def meta(self, key: str) -> str | None:
        row = self.one("SELECT value FROM meta WHERE key = ?", (key,))
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction():
            self.execute("INSERT INTO meta (key, value) VALUES (?, ?) "
                         "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))

    @property
    def user_version(self) -> int:
        return int(self.one("PRAGMA user_version")[0])

    # -- checks ----------------------------------------------------------------------------
    def verify(self) -> VerifyReport:
        from . import audit

        problems: list[str] = []
        try:
            for (row,) in self.conn.execute("PRAGMA cipher_integrity_check").fetchall():
                problems.append(i18n.t("storage.verify_page", detail=row))
            result = [r[0] for r in self.conn.execute("PRAGMA integrity_check").fetchall()]
            if result != ["ok"]:
                problems.extend(i18n.t("storage.verify_integrity", detail=r) for r in result[:20])
            for row in self.conn.execute("PRAGMA foreign_key_check").fetchall():
                problems.append(i18n.t("storage.verify_foreign_key", detail=str(tuple(row))))
            pages = int(self.conn.execute("PRAGMA page_count").fetchone()[0])
        except driver.DatabaseError as exc:
            return VerifyReport(False, [translate_error(exc, self.path).message])
        chain_problems, entries = audit.verify_chain(self)
        problems.extend(chain_problems)
        return VerifyReport(not problems, problems, pages, entries)

    # -- passphrase --------------------------------------------------------------------------
    def rekey(self, new_passphrase: str) -> None:
        from . import audit

        if not new_passphrase:
            raise InvalidInput("storage.empty_passphrase")
        if self.in_transaction:
            raise RuntimeError("rekey inside a transaction")
        try:
            self.conn.execute(f"PRAGMA rekey = {driver.quote_key(new_passphrase)}")
        except driver.DatabaseError as exc:
            raise translate_error(exc, self.path) from None
        probe = driver.connect(_uri(self.path, "ro"), new_passphrase)
        try:
            probe.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except driver.DatabaseError as exc:  # pragma: no cover - would be a SQLCipher bug
            raise DamagedFile("storage.rekey_failed", path=str(self.path), detail=str(exc)) from None
        finally:
            probe.close()
        self._passphrase = new_passphrase
        with self.transaction():
            audit.append(self, actor="", event="passphrase_changed", subject=self.path.name)

    # -- copies ------------------------------------------------------------------------------
    def backup_to(self, dest: Path | str) -> Path:
        """An encrypted copy with the same key, written under a temporary name first."""
        dest = Path(dest)
        dest.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=".natori-tmp-", suffix=".db", dir=dest.parent)
        os.close(fd)
        os.unlink(tmp_name)
        tmp = Path(tmp_name)
        try:
            target = driver.connect(_uri(tmp, "rwc"), self._passphrase)
            try:
                self.conn.backup(target)
                target.execute(f"PRAGMA user_version = {self.user_version}")
                rows = target.execute("PRAGMA cipher_integrity_check").fetchall()
                if rows:
                    raise DamagedFile("storage.backup_failed", path=str(dest), detail=str(rows[:3]))
            finally:
                target.close()
            with open(tmp, "rb+") as fh:
                os.fsync(fh.fileno())
            os.replace(tmp, dest)
        except driver.DatabaseError as exc:
            _silent_unlink(tmp)
            raise translate_error(exc, dest) from None
        except OSError as exc:
            _silent_unlink(tmp)
            from ..fileio import os_error_to_app_error

            raise os_error_to_app_error(exc, dest) from None
        except BaseException:
            _silent_unlink(tmp)
            raise
        return dest


def _configure(conn) -> None:
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")


def _quick_checks(conn) -> list[str]:
    problems = [str(r[0]) for r in conn.execute("PRAGMA cipher_integrity_check").fetchall()]
    result = [r[0] for r in conn.execute("PRAGMA quick_check").fetchall()]
    if result != ["ok"]:
        problems.extend(str(r) for r in result)
    return problems


def _classify_open_failure(exc: Exception, path: Path) -> AppError:
    text = str(exc).lower()
    if "not a database" in text or "encrypted" in text:
        side = sidecar_path(path)
        try:
            recorded = json.loads(side.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return WrongPassphrase("storage.wrong_passphrase_or_damaged", path=str(path))
        try:
            current = file_digest(path)
        except OSError:
            return FileAccessError("common.io_error", path=str(path), detail=str(exc))
        if [recorded.get("size"), recorded.get("sha256")] == list(current):
            return WrongPassphrase("storage.wrong_passphrase", path=str(path))
        return DamagedFile("storage.changed_since_close", path=str(path))
    return translate_error(exc, path)


def _write_sidecar(path: Path) -> None:
    from ..fileio import write_bytes_atomic

    size, digest = file_digest(path)
    body = json.dumps({"size": size, "sha256": digest, "note": "natori-secaudit integrity hint; no secrets"})
    with contextlib.suppress(AppError):
        write_bytes_atomic(sidecar_path(path), body.encode("utf-8"), mode=0o600)


def _silent_unlink(p: Path) -> None:
    with contextlib.suppress(OSError):
        p.unlink()


def _now_iso() -> str:
    return _dt.datetime.now().astimezone().isoformat(timespec="seconds")
