"""これまでの回答 (history file): a re-enrolled department gets its accepted answers back.

IT division → one department, after a new 登録コード was issued (new PC, forgotten
passphrase). The answers are encrypted with AES-256-GCM under a key derived from
that code's secret (HKDF-SHA256), so only the database set up with the paper code
can read them; the file is signed by the IT division (Ed25519) like a bundle.

    NATORI-SECAUDIT-HISTORY 1
    {"admin_fingerprint":…,"code_id":…,"department_code":…,"issued_at":…,"nonce":hex,"sealed":hex}
    ed25519:<signature over the two lines above>

``sealed`` opens to canonical JSON: ``{"years": [{fiscal_year, department_code,
checklist, organization, state, revision, submitted_at, inspector, answers}]}``.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from ..domain.answers import Answer
from ..domain.checklist import Checklist, Organization
from ..domain.serialize import (
    answer_to_dict,
    canonical_json,
    checklist_to_dict,
    organization_to_dict,
)
from ..errors import DamagedFile, Refused
from . import fields, signed
from .keys import AdminKeys, AdminPublicKeys

MAGIC = b"NATORI-SECAUDIT-HISTORY 1"


@dataclass(frozen=True)
class HistoryYear:
    fiscal_year: int
    department_code: str
    checklist: Checklist
    organization: Organization
    state: str
    revision: int
    submitted_at: _dt.datetime | None
    inspector: str
    answers: tuple[Answer, ...]


@dataclass(frozen=True)
class History:
    department_code: str
    issued_at: _dt.datetime
    years: tuple[HistoryYear, ...]


def _key(secret: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"natori-secaudit history 1").derive(
        secret
    )


def encode_history(history: History, code_id: str, secret: bytes, admin_keys: AdminKeys) -> bytes:
    inner = canonical_json(
        {
            "years": [
                {
                    "fiscal_year": y.fiscal_year,
                    "department_code": y.department_code,
                    "checklist": checklist_to_dict(y.checklist),
                    "organization": organization_to_dict(y.organization),
                    "state": y.state,
                    "revision": y.revision,
                    "submitted_at": y.submitted_at.isoformat() if y.submitted_at else None,
                    "inspector": y.inspector,
                    "answers": [answer_to_dict(a) for a in y.answers],
                }
                for y in history.years
            ]
        }
    )
    nonce = os.urandom(12)
    head = {
        "admin_fingerprint": admin_keys.fingerprint(),
        "code_id": code_id,
        "department_code": history.department_code,
        "issued_at": history.issued_at.isoformat(),
    }
    sealed = AESGCM(_key(secret)).encrypt(nonce, inner, canonical_json(head))
    body = canonical_json({**head, "nonce": nonce.hex(), "sealed": sealed.hex()})
    return signed.encode(MAGIC, body, admin_keys.sign)


def decode_history(
    data: bytes, admin_public: AdminPublicKeys, secrets_by_id: dict[str, bytes], source_name: str
) -> History:
    """Verify (the trusted IT division key), decrypt (this database's code) and parse; DamagedFile/Refused."""
    from ..loading import ChecklistFileError, load_checklist_bytes, load_departments_bytes

    head, signature, body = signed.split(
        data, MAGIC, "enrolment.history_damaged", source_name, "enrolment.not_a_history"
    )
    if not admin_public.verify(signature, head):
        if body.get("admin_fingerprint") not in (None, admin_public.fingerprint()):
            raise Refused("enrolment.history_foreign", path=source_name)
        raise DamagedFile("enrolment.history_damaged", path=source_name)
    try:
        code_id = fields.get(body, "code_id", str, max_len=64)
        if code_id not in secrets_by_id:
            raise Refused("enrolment.history_other_code", path=source_name)
        meta = {k: body[k] for k in ("admin_fingerprint", "code_id", "department_code", "issued_at")}
        inner = AESGCM(_key(secrets_by_id[code_id])).decrypt(
            bytes.fromhex(fields.get(body, "nonce", str, max_len=24)),
            bytes.fromhex(fields.get(body, "sealed", str)),
            canonical_json(meta),
        )
        years = []
        for y in fields.get(json.loads(inner.decode("utf-8")), "years", list):
            checklist = load_checklist_bytes(
                json.dumps(fields.get(y, "checklist", dict), ensure_ascii=False).encode("utf-8"), source_name
            )
            org = load_departments_bytes(
                json.dumps(fields.get(y, "organization", dict), ensure_ascii=False).encode("utf-8"),
                source_name,
            )
            when = y.get("submitted_at")
            years.append(
                HistoryYear(
                    fiscal_year=fields.get(y, "fiscal_year", int),
                    department_code=fields.get(y, "department_code", str, max_len=64),
                    checklist=checklist,
                    organization=org,
                    state=fields.get(y, "state", str, max_len=20),
                    revision=fields.get(y, "revision", int),
                    submitted_at=fields.aware(when, "submitted_at") if when else None,
                    inspector=fields.get(y, "inspector", str, max_len=200),
                    answers=tuple(fields.answer(a) for a in fields.get(y, "answers", list)),
                )
            )
        return History(
            fields.get(body, "department_code", str, max_len=64),
            fields.aware(fields.get(body, "issued_at", str), "issued_at"),
            tuple(years),
        )
    except Refused:
        raise
    except (
        fields.BadField,
        KeyError,
        TypeError,
        ValueError,
        UnicodeError,
        RecursionError,
        OverflowError,
        ChecklistFileError,
        InvalidTag,
    ):
        raise DamagedFile("enrolment.history_damaged", path=source_name) from None
