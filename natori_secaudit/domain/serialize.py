"""Canonical JSON forms of checklists, organisations and answers.

The checklist snapshot stored in databases, bundles and submissions is this
canonical JSON (sorted keys, UTF-8, NFC, no insignificant whitespace); its
SHA-256 identifies the exact checklist a department answered, so history
never depends on YAML files that change later.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from dataclasses import replace
from typing import Any

from .answers import Answer
from .checklist import Checklist, Department, IncidentType, Item, Organization, Section, Severity


def _nfc(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {_nfc(k): _nfc(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_nfc(v) for v in value]
    return value


def canonical_json(data: Any) -> bytes:
    return json.dumps(_nfc(data), ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def checklist_to_dict(checklist: Checklist) -> dict[str, Any]:
    out = _checklist_dict(checklist)
    if checklist.guideline:  # only when set: older checklists keep their SHA-256
        out["guideline"] = checklist.guideline
    return out


def _checklist_dict(checklist: Checklist) -> dict[str, Any]:
    return {
        "id": checklist.id,
        "title": checklist.title,
        "version": checklist.version,
        "language": checklist.language,
        "description": checklist.description,
        "incident_types": [
            {"code": t.code, "name": t.name, "description": t.description} for t in checklist.incident_types
        ],
        "sections": [
            {
                "id": s.id,
                "title": s.title,
                "items": [_item_dict(i) for i in s.items],
            }
            for s in checklist.sections
        ],
    }


def _item_dict(i: Item) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": i.id,
        "question": i.question,
        "severity": i.severity.value,
        "guidance": i.guidance,
        "recommendation": i.recommendation,
        "reference": i.reference,
        "prevents": list(i.prevents),
        "applies_to": list(i.applies_to),
    }
    if i.replaces:  # only when set, so snapshots (and their hashes) of older checklists stay the same
        out["replaces"] = list(i.replaces)
    return out


def checklist_from_dict(data: dict[str, Any], sha256: str = "") -> Checklist:
    """Inverse of :func:`checklist_to_dict` for trusted snapshots (KeyError/ValueError otherwise)."""
    sections = []
    for s in data["sections"]:
        items = tuple(
            Item(
                id=i["id"],
                question=i["question"],
                severity=Severity(i["severity"]),
                section_id=s["id"],
                guidance=i.get("guidance", ""),
                recommendation=i.get("recommendation", ""),
                reference=i.get("reference", ""),
                prevents=tuple(i.get("prevents", ())),
                applies_to=tuple(i.get("applies_to", ())),
                replaces=tuple(i.get("replaces", ())),
            )
            for i in s["items"]
        )
        sections.append(Section(id=s["id"], title=s["title"], items=items))
    return Checklist(
        id=data["id"],
        title=data["title"],
        version=data["version"],
        language=data.get("language", "ja"),
        description=data.get("description", ""),
        guideline=data.get("guideline", ""),
        incident_types=tuple(
            IncidentType(t["code"], t["name"], t.get("description", ""))
            for t in data.get("incident_types", ())
        ),
        sections=tuple(sections),
        sha256=sha256,
    )


def checklist_snapshot(checklist: Checklist) -> tuple[bytes, str]:
    """(canonical JSON, SHA-256 hex) of a checklist."""
    blob = canonical_json(checklist_to_dict(checklist))
    return blob, sha256_hex(blob)


def with_hash(checklist: Checklist) -> Checklist:
    """The checklist with its ``sha256`` set from its canonical snapshot."""
    return replace(checklist, sha256=checklist_snapshot(checklist)[1])


def organization_to_dict(org: Organization) -> dict[str, Any]:
    out: dict[str, Any] = {
        "organization": org.name,
        "departments": [_department_dict(d) for d in org.departments],
    }
    if org.it_division:  # only when set, so older snapshots stay byte for byte the same
        out["it_division"] = org.it_division
    if org.ciso_title:
        out["ciso_title"] = org.ciso_title
    if org.report_classification:
        out["report_classification"] = org.report_classification
    return out


def _department_dict(d: Department) -> dict[str, Any]:
    out: dict[str, Any] = {"code": d.code, "name": d.name, "division": d.division, "tags": list(d.tags)}
    if d.formerly:  # only when set, so older snapshots stay byte for byte the same
        out["formerly"] = list(d.formerly)
    if d.head:
        out["head"] = d.head
    return out


def organization_from_dict(data: dict[str, Any]) -> Organization:
    return Organization(
        name=data["organization"],
        departments=tuple(
            Department(
                d["code"],
                d["name"],
                d.get("division", ""),
                tuple(d.get("tags", ())),
                tuple(d.get("formerly", ())),
                d.get("head", ""),
            )
            for d in data["departments"]
        ),
        it_division=data.get("it_division", ""),
        ciso_title=data.get("ciso_title", ""),
        report_classification=data.get("report_classification", ""),
    )


def answer_to_dict(answer: Answer) -> dict[str, Any]:
    return {
        "item_id": answer.item_id,
        "status": answer.status.value if answer.status else None,
        "comment": answer.comment,
        "evidence": answer.evidence,
        "action": answer.action,
        "due": answer.due.isoformat() if answer.due else None,
        "carried_over": answer.carried_over,
        "answered_by": answer.answered_by,
        "updated_at": answer.updated_at.isoformat() if answer.updated_at else None,
    }
