"""The distribution bundle: the year's checklist, the department list and the
IT division's public keys, signed by the IT division.

The bundle carries the public key that verifies it, so the signature detects
damage, not forgery; departments compare the fingerprint shown on screen
with the one the IT division announces (docs/exchange-format.md).
"""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass

from ..domain.checklist import Checklist, Organization
from ..domain.serialize import canonical_json, checklist_snapshot, checklist_to_dict, organization_to_dict
from ..errors import DamagedFile
from . import fields, signed
from .keys import AdminKeys, AdminPublicKeys

MAGIC = b"NATORI-SECAUDIT-BUNDLE 1"


@dataclass(frozen=True)
class Bundle:
    fiscal_year: int
    checklist: Checklist
    organization: Organization
    admin_public: AdminPublicKeys
    created_at: _dt.datetime
    issuer: str

    @property
    def fingerprint(self) -> str:
        return self.admin_public.fingerprint()


def encode_bundle(bundle: Bundle, admin_keys: AdminKeys) -> bytes:
    body = canonical_json(
        {
            "format": 1,
            "fiscal_year": bundle.fiscal_year,
            "checklist": checklist_to_dict(bundle.checklist),
            "checklist_sha256": checklist_snapshot(bundle.checklist)[1],
            "organization": organization_to_dict(bundle.organization),
            "admin_public": bundle.admin_public.to_bytes().hex(),
            "created_at": bundle.created_at.isoformat(),
            "issuer": bundle.issuer,
        }
    )
    return signed.encode(MAGIC, body, admin_keys.sign)


_decoded: dict[str, Bundle] = {}  # by SHA-256 of the file: a bundle is verified and validated once


def decode_bundle(data: bytes, source_name: str) -> Bundle:
    """The verified bundle in ``data``; DamagedFile otherwise (the same bytes are decoded once a process)."""
    import hashlib

    digest = hashlib.sha256(data).hexdigest()
    found = _decoded.get(digest)
    if found is None:
        found = _decode_bundle(data, source_name)
        if len(_decoded) > 64:
            _decoded.clear()
        _decoded[digest] = found
    return found


def _decode_bundle(data: bytes, source_name: str) -> Bundle:
    head, signature, body = signed.split(
        data, MAGIC, "exchange.bundle_damaged", source_name, "exchange.not_a_bundle"
    )
    try:
        admin_public = AdminPublicKeys.from_bytes(bytes.fromhex(fields.get(body, "admin_public", str)))
        if not admin_public.verify(signature, head):
            raise DamagedFile("exchange.bundle_damaged", path=source_name)
        if fields.get(body, "format", int) != 1:
            raise DamagedFile("exchange.unsupported_version", path=source_name)
        # JSON is YAML: the embedded checklist and department list pass the
        # same validation as files the IT division writes.
        from ..loading import ChecklistFileError, load_checklist_bytes, load_departments_bytes

        sha = fields.get(body, "checklist_sha256", str)
        try:
            checklist = load_checklist_bytes(
                json.dumps(fields.get(body, "checklist", dict), ensure_ascii=False).encode("utf-8"),
                source_name,
            )
            org = load_departments_bytes(
                json.dumps(fields.get(body, "organization", dict), ensure_ascii=False).encode("utf-8"),
                source_name,
            )
        except ChecklistFileError:
            raise DamagedFile("exchange.bundle_damaged", path=source_name) from None
        if checklist.sha256 != sha:
            raise DamagedFile("exchange.bundle_damaged", path=source_name)
        return Bundle(
            fiscal_year=fields.get(body, "fiscal_year", int),
            checklist=checklist,
            organization=org,
            admin_public=admin_public,
            created_at=fields.aware(fields.get(body, "created_at", str), "created_at"),
            issuer=fields.get(body, "issuer", str),
        )
    except (
        fields.BadField,
        KeyError,
        TypeError,
        ValueError,
        json.JSONDecodeError,
        RecursionError,
        OverflowError,
    ):
        raise DamagedFile("exchange.bundle_damaged", path=source_name) from None
