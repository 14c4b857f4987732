"""The organisation and its departments (replaced whole; order kept)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from ..domain.checklist import Organization
from ..domain.serialize import canonical_json, organization_from_dict, organization_to_dict, sha256_hex
from ..errors import DamagedFile
from . import audit

if TYPE_CHECKING:
    from .database import Database


def store_organization(db: Database, org: Organization, *, actor: str = "") -> None:
    """Replace the organisation and every department, in the given order."""
    blob = canonical_json(organization_to_dict(org))
    with db.transaction():
        db.execute("DELETE FROM departments")
        db.execute(
            "INSERT INTO organization (id, name, snapshot) VALUES (1, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET name = excluded.name, snapshot = excluded.snapshot",
            (org.name, blob.decode("utf-8")),
        )
        for n, d in enumerate(org.departments):
            db.execute(
                "INSERT INTO departments (code, name, division, tags, sort_order) VALUES (?, ?, ?, ?, ?)",
                (d.code, d.name, d.division, json.dumps(list(d.tags), ensure_ascii=False), n),
            )
        audit.append(
            db,
            actor=actor,
            event="organization_stored",
            subject=org.name,
            new={"departments": len(org.departments), "sha256": sha256_hex(blob)},
        )


def load_organization(db: Database) -> Organization:
    """The stored organisation (an empty one if none was stored yet)."""
    row = db.one("SELECT snapshot FROM organization WHERE id = 1")
    if row is None:
        return Organization("", ())
    try:
        return organization_from_dict(json.loads(row[0]))
    except (ValueError, KeyError, TypeError) as exc:
        raise DamagedFile("storage.snapshot_mismatch", path=str(db.path)) from exc
