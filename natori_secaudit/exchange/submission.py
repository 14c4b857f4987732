"""The submission file: a department's locked assessment, readable only by the IT division.

Layout (docs/exchange-format.md):

    NATORI-SECAUDIT-SUBMISSION\\n
    {"aead":1,"kdf":1,"kem":32,"to":"<admin fingerprint>","v":1}\\n     (plaintext header)
    enc (32 bytes) || ciphertext                                        (HPKE, RFC 9180, base mode)

HPKE suite DHKEM(X25519, HKDF-SHA256) / HKDF-SHA256 / AES-128-GCM, single
shot, with the magic line and header as ``info``: editing any byte of the
file makes decryption fail. The plaintext is canonical JSON
``{"body": {...}, "sig": "<hex>"}``, the body signed by the department's
Ed25519 key (pinned by the IT division at the first import).
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from dataclasses import dataclass

from cryptography.hazmat.primitives import hpke

from ..domain.answers import Answer
from ..domain.serialize import answer_to_dict, canonical_json
from ..errors import DamagedFile, Refused
from . import fields
from .keys import AdminKeys, AdminPublicKeys, DepartmentSigningKey, verify_ed25519

MAGIC = b"NATORI-SECAUDIT-SUBMISSION"
FORMAT_VERSION = 1
SUITE_IDS = {"kem": 0x0020, "kdf": 0x0001, "aead": 0x0001}
MAX_BYTES = 20 * 1024 * 1024
MAX_REVISION = 1_000_000  # a department hands in a few revisions a year
_SUITE = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_128_GCM)


@dataclass(frozen=True)
class Submission:
    format_version: int
    department_code: str
    department_name: str
    fiscal_year: int
    checklist_id: str
    checklist_version: str
    checklist_sha256: str
    revision: int
    inspector: str
    submitted_at: _dt.datetime
    answers: tuple[Answer, ...]
    chain_head: str
    chain_seq: int
    app_version: str
    department_public_key: bytes
    admin_fingerprint: str
    kind: str = "final"  # "final" (locks, counts) | "progress" (途中経過: shows 回答中, counts nothing)
    # HMAC of the department's 登録コード over its code and signing key (exchange/enrolment.py).
    enrolment_proof: bytes = b""

    @property
    def is_progress(self) -> bool:
        return self.kind == "progress"


KINDS = ("final", "progress")


def _body(sub: Submission) -> dict[str, object]:
    return {
        "format_version": sub.format_version,
        "department_code": sub.department_code,
        "department_name": sub.department_name,
        "fiscal_year": sub.fiscal_year,
        "checklist_id": sub.checklist_id,
        "checklist_version": sub.checklist_version,
        "checklist_sha256": sub.checklist_sha256,
        "revision": sub.revision,
        "inspector": sub.inspector,
        "submitted_at": sub.submitted_at.isoformat(),
        "answers": [answer_to_dict(a) for a in sub.answers],
        "chain_head": sub.chain_head,
        "chain_seq": sub.chain_seq,
        "app_version": sub.app_version,
        "department_public_key": sub.department_public_key.hex(),
        "admin_fingerprint": sub.admin_fingerprint,
        "kind": sub.kind,
        **({"enrolment_proof": sub.enrolment_proof.hex()} if sub.enrolment_proof else {}),
    }


def _header(fingerprint: str) -> bytes:
    return MAGIC + b"\n" + canonical_json({"v": FORMAT_VERSION, "to": fingerprint, **SUITE_IDS}) + b"\n"


def encode_submission(
    sub: Submission, admin_public: AdminPublicKeys, dept_key: DepartmentSigningKey
) -> bytes:
    body = canonical_json(_body(sub))
    plaintext = canonical_json({"body": json.loads(body), "sig": dept_key.sign(body).hex()})
    header = _header(admin_public.fingerprint())
    return header + _SUITE.encrypt(plaintext, admin_public.hpke_key(), info=header)


def peek_header(data: bytes) -> dict[str, object]:
    """The plaintext header (version, suite, recipient fingerprint), or {} if there is none."""
    if not data.startswith(MAGIC + b"\n"):
        return {}
    end = data.find(b"\n", len(MAGIC) + 1)
    if end < 0:
        return {}
    try:
        header = json.loads(data[len(MAGIC) + 1 : end].decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return {}
    return header if isinstance(header, dict) else {}


def decode_submission(data: bytes, admin_keys: AdminKeys, source_name: str) -> Submission:
    if len(data) > MAX_BYTES:
        raise Refused("exchange.too_large", path=source_name)
    if not data.startswith(MAGIC + b"\n"):
        if data.startswith(b"NATORI-SECAUDIT-"):
            raise DamagedFile("exchange.not_a_submission_kind", path=source_name)
        raise DamagedFile("exchange.not_a_submission", path=source_name)
    end = data.find(b"\n", len(MAGIC) + 1)
    header = peek_header(data)
    if end < 0 or not header:
        raise DamagedFile("exchange.tampered", path=source_name)
    if header.get("v") != FORMAT_VERSION or {k: header.get(k) for k in SUITE_IDS} != SUITE_IDS:
        raise DamagedFile("exchange.unsupported_version", path=source_name)
    if header.get("to") != admin_keys.fingerprint():
        raise Refused(
            "exchange.other_admin",
            path=source_name,
            fingerprint=str(header.get("to"))[:24],
            ours=admin_keys.fingerprint(),
        )
    info = data[: end + 1]
    try:
        plaintext = _SUITE.decrypt(data[end + 1 :], admin_keys.hpke_key(), info=info)
    except Exception:  # noqa: BLE001 - any failure of the AEAD or KEM means the file changed
        raise DamagedFile("exchange.tampered", path=source_name) from None
    try:
        outer = json.loads(plaintext.decode("utf-8"))
        body = fields.get(outer, "body", dict)
        signature = bytes.fromhex(fields.get(outer, "sig", str))
        sub = _parse_body(body)
        signed_part = canonical_json(body)
    except _BAD_CONTENT:
        raise DamagedFile("exchange.bad_content", path=source_name) from None
    if not verify_ed25519(sub.department_public_key, signature, signed_part):
        raise DamagedFile("exchange.bad_signature", path=source_name)
    if sub.admin_fingerprint != admin_keys.fingerprint():
        raise Refused(
            "exchange.other_admin",
            path=source_name,
            fingerprint=sub.admin_fingerprint,
            ours=admin_keys.fingerprint(),
        )
    return sub


# What a decrypted body can throw at the parser: wrong types and values, text that is not
# UTF-8 (or lone surrogates that cannot be encoded again), numbers too large for any field,
# JSON nested deeper than Python's parser goes.
_BAD_CONTENT = (fields.BadField, ValueError, UnicodeError, TypeError, RecursionError, OverflowError)
_CODE = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
_HEX64 = re.compile(r"[0-9a-f]{64}")


def _parse_body(b: dict[str, object]) -> Submission:
    g = fields.get
    code = g(b, "department_code", str, max_len=64)
    sha = g(b, "checklist_sha256", str, max_len=64)
    head = g(b, "chain_head", str, max_len=64)
    if not _CODE.fullmatch(code) or not _HEX64.fullmatch(sha) or not _HEX64.fullmatch(head):
        raise fields.BadField("ids")
    answers_raw = g(b, "answers", list)
    if len(answers_raw) > 5000:
        raise fields.BadField("answers")
    answers = tuple(fields.answer(a) for a in answers_raw)
    if len({a.item_id for a in answers}) != len(answers):
        raise fields.BadField("duplicate answers")
    key = bytes.fromhex(g(b, "department_public_key", str, max_len=64))
    if len(key) != 32:
        raise fields.BadField("department_public_key")
    revision = g(b, "revision", int)
    year = g(b, "fiscal_year", int)
    seq = g(b, "chain_seq", int)
    if not 1 <= revision <= MAX_REVISION or not 1926 <= year <= 9998 or seq < 0:
        raise fields.BadField("numbers")
    submitted_at = fields.aware(g(b, "submitted_at", str), "submitted_at")
    if not 1926 <= submitted_at.year <= 9998:  # a date every later calculation can handle
        raise fields.BadField("submitted_at")
    kind = g(b, "kind", str, max_len=20) if "kind" in b else "final"  # files from 0.1 have no "kind"
    if kind not in KINDS:
        raise fields.BadField("kind")
    proof = bytes.fromhex(g(b, "enrolment_proof", str, max_len=64)) if "enrolment_proof" in b else b""
    if proof and len(proof) != 32:
        raise fields.BadField("enrolment_proof")
    return Submission(
        format_version=g(b, "format_version", int),
        department_code=code,
        department_name=g(b, "department_name", str, max_len=200),
        fiscal_year=year,
        checklist_id=g(b, "checklist_id", str, max_len=200),
        checklist_version=g(b, "checklist_version", str, max_len=200),
        checklist_sha256=sha,
        revision=revision,
        inspector=g(b, "inspector", str, max_len=200),
        submitted_at=submitted_at,
        answers=answers,
        chain_head=head,
        chain_seq=seq,
        app_version=g(b, "app_version", str, max_len=50),
        department_public_key=key,
        admin_fingerprint=g(b, "admin_fingerprint", str, max_len=64),
        kind=kind,
        enrolment_proof=proof,
    )


def suggested_filename(sub: Submission) -> str:
    if sub.is_progress:  # one file per department, replaced by the next progress report
        return f"{sub.fiscal_year}_{sub.department_code}_progress.natori-submission"
    return f"{sub.fiscal_year}_{sub.department_code}_r{sub.revision}.natori-submission"
