"""The hash-chained audit log inside the encrypted database.

Every change of an answer or an assessment's state, every import, passphrase
change, restore and report appends one entry *in the same transaction* as the
change, so the log and the data never disagree. An entry's hash is SHA-256
over the canonical JSON of (seq, ts, actor, os_user, event, subject, old, new,
prev_hash) and the first entry links to 64 zeros, so editing, deleting or
reordering rows breaks the chain and :func:`verify_chain` says where.

Tamper-evident, not tamper-proof: someone with the passphrase could rewrite
the whole chain. The chain head also travels in every submission, so the IT
division notices a chain that was cut short or rewritten. Never put secrets
(passphrases, private keys) in ``old``/``new``.
"""

from __future__ import annotations

import datetime as _dt
import getpass
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .. import i18n
from ..domain.serialize import canonical_json, sha256_hex

if TYPE_CHECKING:
    from .database import Database

GENESIS = "0" * 64
_COLS = "seq, ts, actor, os_user, event, subject, old, new, prev_hash, hash"


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    ts: str
    actor: str
    os_user: str
    event: str
    subject: str
    old: str | None
    new: str | None
    prev_hash: str
    hash: str


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name on some systems (KeyError, OSError)
        return ""


def entry_hash(
    seq: int,
    ts: str,
    actor: str,
    os_user: str,
    event: str,
    subject: str,
    old: str | None,
    new: str | None,
    prev_hash: str,
) -> str:
    body = {
        "seq": seq,
        "ts": ts,
        "actor": actor,
        "os_user": os_user,
        "event": event,
        "subject": subject,
        "old": old,
        "new": new,
        "prev_hash": prev_hash,
    }
    return sha256_hex(canonical_json(body))


def as_text(value: object) -> str | None:
    """``old``/``new`` as stored: None, a string as is, anything else as canonical JSON."""
    if value is None:
        return None
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, str):
        return value
    return canonical_json(json.loads(json.dumps(value, default=str))).decode("utf-8")


def append(
    db: Database, *, actor: str, event: str, subject: str = "", old: object = None, new: object = None
) -> str:
    """Append one entry; must run inside the transaction that makes the change. Returns its hash."""
    if not db.in_transaction:
        raise RuntimeError("audit.append must be called inside the caller's transaction")
    seq, prev = head(db)
    seq += 1
    ts = _dt.datetime.now().astimezone().isoformat(timespec="microseconds")
    os_user = _os_user()
    old_t, new_t = as_text(old), as_text(new)
    digest = entry_hash(seq, ts, actor or "", os_user, event, subject or "", old_t, new_t, prev)
    db.execute(
        f"INSERT INTO audit_log ({_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (seq, ts, actor or "", os_user, event, subject or "", old_t, new_t, prev, digest),
    )
    return digest


def head(db: Database) -> tuple[int, str]:
    """(seq, hash) of the newest entry; (0, 64 zeros) for an empty log."""
    row = db.one("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
    return (int(row[0]), str(row[1])) if row else (0, GENESIS)


def entries(db: Database, limit: int | None = None) -> list[AuditEntry]:
    """Entries newest first (all, or the newest ``limit``)."""
    sql = f"SELECT {_COLS} FROM audit_log ORDER BY seq DESC"
    params: tuple[int, ...] = ()
    if limit is not None:
        sql += " LIMIT ?"
        params = (int(limit),)
    return [AuditEntry(*row) for row in db.query(sql, params)]


def count(db: Database) -> int:
    return int(db.one("SELECT count(*) FROM audit_log")[0])


def verify_chain(db: Database, *, max_problems: int = 50) -> list[str]:
    """Translated problems: edited rows, deleted rows (a gap or a broken link), reordered rows."""
    problems: list[str] = []
    prev = GENESIS
    expected = 1
    for row in db.execute(f"SELECT {_COLS} FROM audit_log ORDER BY seq"):
        e = AuditEntry(*row)
        if e.seq != expected:
            problems.append(i18n.t("storage.audit_gap", expected=expected, found=e.seq))
        if e.prev_hash != prev:
            problems.append(i18n.t("storage.audit_broken_link", seq=e.seq))
        if (
            entry_hash(e.seq, e.ts, e.actor, e.os_user, e.event, e.subject, e.old, e.new, e.prev_hash)
            != e.hash
        ):
            problems.append(i18n.t("storage.audit_edited", seq=e.seq))
        prev = e.hash
        expected = e.seq + 1
        if len(problems) >= max_problems:
            break
    return problems
