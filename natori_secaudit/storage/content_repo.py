"""Checklist snapshots, the department list, keys and settings."""

from __future__ import annotations

import datetime as _dt
import json
from typing import Any

from ..domain.checklist import Checklist, Organization
from ..domain.serialize import (
    checklist_from_dict,
    checklist_snapshot,
    organization_from_dict,
    organization_to_dict,
    canonical_json,
)
from ..errors import DamagedFile

_checklist_cache: dict[str, Checklist] = {}


def _now() -> str:
    return _dt.datetime.now().astimezone().isoformat(timespec="seconds")


def store_checklist(db, checklist: Checklist) -> str:
    """Store the canonical snapshot; idempotent by SHA-256. Returns the SHA-256."""
    blob, sha = checklist_snapshot(checklist)
    with db.transaction():
        db.execute(
            "INSERT INTO checklists (checklist_id, version, sha256, title, snapshot, stored_at) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(sha256) DO NOTHING",
            (checklist.id, checklist.version, sha, checklist.title, blob.decode("utf-8"), _now()),
        )
    return sha


def load_checklist(db, sha256: str) -> Checklist:
    cached = _checklist_cache.get(sha256)
    if cached is not None:
        return cached
    row = db.one("SELECT snapshot FROM checklists WHERE sha256 = ?", (sha256,))
    if row is None:
        raise KeyError(sha256)
    checklist = checklist_from_dict(json.loads(row[0]), sha256=sha256)
    if checklist_snapshot(checklist)[1] != sha256:
        raise DamagedFile("storage.snapshot_mismatch", path=str(db.path))
    _checklist_cache[sha256] = checklist
    return checklist


def list_checklists(db) -> list[tuple[str, str, str, str]]:
    return [tuple(r) for r in db.query("SELECT checklist_id, version, sha256, title FROM checklists ORDER BY ref")]


def store_organization(db, org: Organization) -> None:
    with db.transaction():
        db.execute("DELETE FROM departments")
        db.execute(
            "INSERT INTO organization (id, name, snapshot) VALUES (1, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET name = excluded.name, snapshot = excluded.snapshot",
            (org.name, canonical_json(organization_to_dict(org)).decode("utf-8")),
        )
        for n, d in enumerate(org.departments):
            db.execute(
                "INSERT INTO departments (code, name, division, tags, sort_order) VALUES (?, ?, ?, ?, ?)",
                (d.code, d.name, d.division, json.dumps(list(d.tags), ensure_ascii=False), n),
            )


def load_organization(db) -> Organization:
    row = db.one("SELECT snapshot FROM organization WHERE id = 1")
    if row is None:
        return Organization("", ())
    return organization_from_dict(json.loads(row[0]))


def store_key(db, name: str, public: bytes, private: bytes | None) -> None:
    with db.transaction():
        db.execute(
            "INSERT INTO keys (name, private, public, created_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(name) DO UPDATE SET private = excluded.private, public = excluded.public",
            (name, private, public, _now()),
        )


def load_key(db, name: str) -> tuple[bytes, bytes | None]:
    row = db.one("SELECT public, private FROM keys WHERE name = ?", (name,))
    if row is None:
        raise KeyError(name)
    return bytes(row[0]), (bytes(row[1]) if row[1] is not None else None)


def get_setting(db, key: str, default: Any = None) -> Any:
    row = db.one("SELECT value FROM settings WHERE key = ?", (key,))
    if row is None:
        return default
    try:
        return json.loads(row[0])
    except ValueError:
        return default


def set_setting(db, key: str, value: Any) -> None:
    with db.transaction():
        db.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, json.dumps(value, ensure_ascii=False)),
        )


def setting_keys(db, prefix: str) -> list[str]:
    return [r[0] for r in db.query("SELECT key FROM settings WHERE key LIKE ? ORDER BY key", (prefix + "%",))]
