"""Fiscal years: the checklist and the department list each year was run with."""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass

from ..domain.checklist import Organization
from ..domain.serialize import canonical_json, organization_from_dict, organization_to_dict, sha256_hex
from ..errors import DamagedFile
from . import audit
from .database import Database, now_iso
from .driver import Row


@dataclass(frozen=True)
class YearRecord:
    fiscal_year: int
    checklist_sha256: str
    organization: Organization
    bundle_sha256: str = ""
    deadline: _dt.date | None = None


def set_year(
    db: Database,
    fiscal_year: int,
    checklist_sha256: str,
    organization: Organization,
    *,
    bundle_sha256: str = "",
    deadline: _dt.date | None = None,
    actor: str = "",
) -> bool:
    """Store or replace a year's checklist link and department list; True when anything changed."""
    blob = canonical_json(organization_to_dict(organization)).decode("utf-8")
    due = deadline.isoformat() if deadline else None
    with db.transaction():
        old = db.one(
            "SELECT checklist_sha256, organization, bundle_sha256, deadline FROM years WHERE fiscal_year = ?",
            (int(fiscal_year),),
        )
        if old is not None and tuple(old) == (checklist_sha256, blob, bundle_sha256, due):
            return False
        db.execute(
            "INSERT INTO years (fiscal_year, checklist_sha256, organization, bundle_sha256, deadline, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(fiscal_year) DO UPDATE SET "
            "checklist_sha256 = excluded.checklist_sha256, organization = excluded.organization, "
            "bundle_sha256 = excluded.bundle_sha256, deadline = excluded.deadline",
            (int(fiscal_year), checklist_sha256, blob, bundle_sha256, due, now_iso()),
        )
        audit.append(
            db,
            actor=actor,
            event="year_stored",
            subject=str(int(fiscal_year)),
            old={"checklist": old[0]} if old else None,
            new={
                "checklist": checklist_sha256,
                "organization_sha256": sha256_hex(blob.encode("utf-8")),
                "deadline": due,
            },
        )
    return True


def _record(db: Database, row: Row) -> YearRecord:
    try:
        org = organization_from_dict(json.loads(row[2]))
        deadline = _dt.date.fromisoformat(row[4]) if row[4] else None
    except (ValueError, KeyError, TypeError) as exc:
        raise DamagedFile("storage.snapshot_mismatch", path=str(db.path)) from exc
    return YearRecord(int(row[0]), row[1], org, row[3] or "", deadline)


_COLS = "fiscal_year, checklist_sha256, organization, bundle_sha256, deadline"


def get_year(db: Database, fiscal_year: int) -> YearRecord | None:
    row = db.one(f"SELECT {_COLS} FROM years WHERE fiscal_year = ?", (int(fiscal_year),))
    return None if row is None else _record(db, row)


def list_years(db: Database) -> list[YearRecord]:
    """Every fiscal year the database holds, oldest first."""
    return [_record(db, r) for r in db.query(f"SELECT {_COLS} FROM years ORDER BY fiscal_year")]
