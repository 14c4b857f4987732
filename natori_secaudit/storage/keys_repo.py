"""Key pairs kept inside the encrypted database (the IT division's HPKE/signing
keys, a department's signing key, the IT division's public key)."""

from __future__ import annotations

import hashlib

from . import audit
from .database import Database, now_iso


def store_key(db: Database, name: str, public: bytes, private: bytes | None) -> None:
    """Store or replace a key; the audit entry records the public key's SHA-256 only."""
    with db.transaction():
        old = db.one("SELECT public FROM keys WHERE name = ?", (name,))
        db.execute(
            "INSERT INTO keys (name, private, public, created_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(name) DO UPDATE SET private = excluded.private, public = excluded.public, "
            "created_at = excluded.created_at",
            (name, None if private is None else bytes(private), bytes(public), now_iso()),
        )
        audit.append(
            db,
            actor="",
            event="key_stored",
            subject=name,
            old={"public_sha256": hashlib.sha256(bytes(old[0])).hexdigest()} if old else None,
            new={
                "public_sha256": hashlib.sha256(bytes(public)).hexdigest(),
                "has_private": private is not None,
            },
        )


def load_key(db: Database, name: str) -> tuple[bytes, bytes | None]:
    """(public, private or None); KeyError if there is no such key."""
    row = db.one("SELECT public, private FROM keys WHERE name = ?", (name,))
    if row is None:
        raise KeyError(name)
    return bytes(row[0]), (bytes(row[1]) if row[1] is not None else None)
