"""Enrolment (登録コード): the IT division trusts a department's key only when it authorised that database.

IT division: :func:`issue_code` makes a one-time code for a department (printed
and handed over outside the shared folder). Department: the code is entered
once at set-up (:func:`check_code_for_bundle` proves the bundle's IT division key
is the one that issued it, before anything is encrypted to it) and every
submission carries a proof made with it. Import: :func:`decide` says whether the
submission's key is trusted, becomes trusted (a valid proof for an open code:
first enrolment or re-enrolment, which replaces the old key), continues a
renamed or merged department's key (lineage), or is refused with what to do.
docs/exchange-format.md (登録コード) has the threat model.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .. import storage
from ..domain.checklist import Organization
from ..errors import InvalidInput, Refused
from ..exchange import enrolment as codes

if TYPE_CHECKING:
    from ..exchange import Submission
    from .admin import AdminWorkspace


@dataclass(frozen=True)
class IssuedCode:
    department_code: str
    department_name: str
    text: str  # the code as printed: 7KQ2M-9XHTD-4RJ0C-WBN5E
    admin_fingerprint: str
    replaces_key: str  # fingerprint of the key the department has now ("" if none)


def issue_code(ws: AdminWorkspace, department_code: str) -> IssuedCode:
    """A new single-use code for ``department_code`` (the IT division's workspace)."""
    org = ws.organization()
    if not org.has(department_code):
        raise InvalidInput(
            "enrolment.unknown_department",
            code=department_code,
            codes=", ".join(d.code for d in org.departments),
        )
    public = ws.keys.public()
    code = codes.issue(public.to_bytes(), department_code)
    current = storage.current_key(ws.db, department_code)
    storage.add_enrolment(ws.db, department_code, code.code_id, code.secret, code.tag, actor=ws.user_name)
    return IssuedCode(
        department_code,
        org.department(department_code).name,
        code.text(),
        public.fingerprint(),
        current.fingerprint if current else "",
    )


def enrolment_status(ws: AdminWorkspace) -> list[tuple[str, str, storage.KeyRecord | None, int]]:
    """(code, name, current key or None, open codes) for every department of the latest list."""
    out = []
    for d in ws.organization().departments:
        out.append(
            (d.code, d.name, storage.current_key(ws.db, d.code), len(storage.open_enrolments(ws.db, d.code)))
        )
    return out


# -- the department's side --------------------------------------------------------------------------
def parse_for_bundle(
    text: str | None, admin_public: bytes, department_code: str, fingerprint: str
) -> codes.EnrolmentCode:
    """The entered code, checked against the bundle's IT division key and the department chosen."""
    if not text or not text.strip():
        raise InvalidInput("enrolment.code_needed")
    try:
        code = codes.parse_code(text)
    except codes.BadCode:
        raise InvalidInput("enrolment.code_malformed") from None
    if not codes.matches_bundle(code, admin_public, department_code):
        raise Refused("enrolment.code_mismatch", department=department_code, fingerprint=fingerprint)
    return code


def store_own_code(db: storage.Database, department_code: str, code: codes.EnrolmentCode, actor: str) -> None:
    storage.add_enrolment(db, department_code, code.code_id, code.secret, code.tag, actor=actor, used=True)


def own_proof(db: storage.Database, department_code: str, signing_public: bytes) -> bytes:
    """The proof a department's submissions carry (empty for a database set up before enrolment existed)."""
    mine = storage.enrolments(db)
    if not mine:
        return b""
    return codes.proof(mine[-1].secret, department_code, signing_public)


# -- the IT division's import -------------------------------------------------------------------------
@dataclass(frozen=True)
class KeyDecision:
    """What to record with the import (in its transaction); nothing when the key is already trusted."""

    department_code: str
    public_key: bytes
    how: str = ""  # "" (trusted already) | enrolled | lineage
    enrolment_id: int | None = None
    new_chain: bool = False  # a re-enrolled database: its audit chain starts afresh

    def record(self, db: storage.Database, actor: str) -> None:
        if self.how:
            storage.trust_key(
                db,
                self.department_code,
                self.public_key,
                how=self.how,
                actor=actor,
                enrolment_id=self.enrolment_id,
            )


def decide(db: storage.Database, sub: Submission, org: Organization) -> KeyDecision:
    """Trust, enrol or refuse the key that signed ``sub`` (Refused says why and what to do)."""
    code, key = sub.department_code, bytes(sub.department_public_key)
    current = storage.current_key(db, code)
    if current is not None and current.public_key == key:
        return KeyDecision(code, key)
    if sub.enrolment_proof:
        for open_code in storage.open_enrolments(db, code):
            if codes.verify_proof(open_code.secret, code, key, sub.enrolment_proof):
                return KeyDecision(code, key, "enrolled", open_code.id, new_chain=current is not None)
    if current is None and org.has(code):
        for old in org.department(code).formerly:  # a renamed or merged department keeps its key
            previous = storage.current_key(db, old)
            if previous is not None and previous.public_key == key:
                return KeyDecision(code, key, "lineage")
    replaced = storage.find_key(db, code, key)
    if replaced is not None and replaced.replaced_at:
        raise Refused(
            "enrolment.key_replaced",
            code=code,
            when=replaced.replaced_at[:10],
            fingerprint=storage.key_fingerprint(key),
        )
    if current is None:
        raise Refused("enrolment.not_enrolled", code=code, fingerprint=storage.key_fingerprint(key))
    raise Refused(
        "enrolment.other_key",
        code=code,
        fingerprint=storage.key_fingerprint(key),
        trusted=current.fingerprint,
    )
