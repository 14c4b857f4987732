"""差し戻し: the IT division sends an assessment back with a message (signed)."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from ..domain.serialize import canonical_json
from ..errors import DamagedFile, Refused
from . import fields, signed
from .keys import AdminKeys, AdminPublicKeys

MAGIC = b"NATORI-SECAUDIT-RETURN 1"


@dataclass(frozen=True)
class ReturnNotice:
    department_code: str
    fiscal_year: int
    revision_returned: int
    message: str
    issued_at: _dt.datetime
    issuer: str


def encode_return_notice(notice: ReturnNotice, admin_keys: AdminKeys) -> bytes:
    body = canonical_json(
        {
            "department_code": notice.department_code,
            "fiscal_year": notice.fiscal_year,
            "revision_returned": notice.revision_returned,
            "message": notice.message,
            "issued_at": notice.issued_at.isoformat(),
            "issuer": notice.issuer,
            "admin_fingerprint": admin_keys.fingerprint(),
        }
    )
    return signed.encode(MAGIC, body, admin_keys.sign)


def decode_return_notice(data: bytes, admin_public: AdminPublicKeys, source_name: str) -> ReturnNotice:
    head, signature, body = signed.split(
        data, MAGIC, "exchange.notice_damaged", source_name, "exchange.not_a_notice"
    )
    if not admin_public.verify(signature, head):
        if body.get("admin_fingerprint") not in (None, admin_public.fingerprint()):
            raise Refused("exchange.notice_foreign", path=source_name)
        raise DamagedFile("exchange.notice_damaged", path=source_name)
    try:
        return ReturnNotice(
            department_code=fields.get(body, "department_code", str, max_len=64),
            fiscal_year=fields.get(body, "fiscal_year", int),
            revision_returned=fields.get(body, "revision_returned", int),
            message=fields.get(body, "message", str),
            issued_at=fields.aware(fields.get(body, "issued_at", str), "issued_at"),
            issuer=fields.get(body, "issuer", str, max_len=200),
        )
    except fields.BadField:
        raise DamagedFile("exchange.notice_damaged", path=source_name) from None
