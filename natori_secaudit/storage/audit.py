"""The hash-chained audit log inside the encrypted database.

Every change of an answer, a submission, an import, a passphrase change and
a report generation appends one entry *in the same transaction* as the
change. Each entry's hash covers its content and the previous entry's hash,
so editing, deleting or reordering rows breaks the chain and ``verify``
says where. (Tamper-evident, not tamper-proof: the chain head also travels
in every submission, so the IT division notices a shortened chain.)
"""

from __future__ import annotations

import datetime as _dt
import getpass
import hashlib
import json
from typing import Any

from .. import i18n

GENESIS = "0" * 64


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name on some systems
        return ""


def _entry_hash(seq: int, ts: str, actor: str, os_user: str, event: str, subject: str,
                old: str | None, new: str | None, prev_hash: str) -> str:
    body = json.dumps([seq, ts, actor, os_user, event, subject, old, new, prev_hash],
                      ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def append(db, *, actor: str, event: str, subject: str = "", old: Any = None, new: Any = None) -> str:
    """Append one entry; call inside the transaction that makes the change."""
    if not db.in_transaction:
        raise RuntimeError("audit.append outside a transaction")
    row = db.one("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
    seq, prev = (row[0] + 1, row[1]) if row else (1, GENESIS)
    ts = _dt.datetime.now().astimezone().isoformat(timespec="microseconds")
    os_user = _os_user()
    old_t, new_t = _as_text(old), _as_text(new)
    digest = _entry_hash(seq, ts, actor or "", os_user, event, subject, old_t, new_t, prev)
    db.execute(
        "INSERT INTO audit_log (seq, ts, actor, os_user, event, subject, old, new, prev_hash, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (seq, ts, actor or "", os_user, event, subject, old_t, new_t, prev, digest),
    )
    return digest


def head(db) -> tuple[int, str]:
    row = db.one("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
    return (int(row[0]), row[1]) if row else (0, GENESIS)


def entries(db, limit: int | None = None) -> list[dict]:
    sql = "SELECT seq, ts, actor, os_user, event, subject, old, new, prev_hash, hash FROM audit_log ORDER BY seq DESC"
    if limit:
        sql += f" LIMIT {int(limit)}"
    keys = ("seq", "ts", "actor", "os_user", "event", "subject", "old", "new", "prev_hash", "hash")
    return [dict(zip(keys, row)) for row in db.query(sql)]


def verify_chain(db) -> tuple[list[str], int]:
    """(problems, number of entries): edited, deleted or reordered rows."""
    problems: list[str] = []
    prev = GENESIS
    expected_seq = 1
    count = 0
    for row in db.query(
        "SELECT seq, ts, actor, os_user, event, subject, old, new, prev_hash, hash FROM audit_log ORDER BY seq"
    ):
        seq, ts, actor, os_user, event, subject, old, new, prev_hash, digest = row
        count += 1
        if seq != expected_seq:
            problems.append(i18n.t("storage.audit_gap", expected=expected_seq, found=seq))
        if prev_hash != prev:
            problems.append(i18n.t("storage.audit_broken_link", seq=seq))
        if _entry_hash(seq, ts, actor, os_user, event, subject, old, new, prev_hash) != digest:
            problems.append(i18n.t("storage.audit_edited", seq=seq))
        prev = digest
        expected_seq = seq + 1
        if len(problems) > 50:
            break
    return problems, count
