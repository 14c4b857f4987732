"""登録コード (enrolment codes): how a department's database is authorised, and how it checks the IT division.

The IT division issues one code per department database (printed, handed over
outside the shared folder). A code is 12 random-looking bytes written as 20
characters of Crockford base32 in four groups (``7KQ2M-9XHTD-4RJ0C-WBN5E``):

* 8 bytes are a secret shared by the IT division's database and the
  department's database;
* 4 bytes are a *tag*: HMAC-SHA256(secret, "tag" | IT division public keys |
  department code), truncated. When the department sets up (or accepts a
  changed IT division key), its database recomputes the tag over the bundle's
  IT division key: a bundle made by anybody else does not match, so nothing is
  ever encrypted to a forged key.

Every submission then carries a *proof*: HMAC-SHA256(secret, "proof" |
department code | the database's signing public key). The IT division trusts a
signing key only when a proof made with a code it issued for that department
verifies; re-enrolling (a new PC, a forgotten passphrase) issues a new code and
the new key replaces the old one. Codes are single-use. Threat model and steps:
docs/exchange-format.md (登録コード).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import unicodedata
from dataclasses import dataclass

SECRET_BYTES = 8
TAG_BYTES = 4
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U
_READ_AS = {"O": "0", "I": "1", "L": "1", "U": "V"}
GROUPS = 4


class BadCode(ValueError):
    """The text is not an enrolment code (wrong length or characters, or a typing mistake)."""


@dataclass(frozen=True)
class EnrolmentCode:
    secret: bytes
    tag: bytes

    def text(self) -> str:
        return format_code(self.secret + self.tag)

    @property
    def code_id(self) -> str:
        """A short public name of the code (in audit entries and submissions); not the secret."""
        return hashlib.sha256(b"natori-enrolment-id\0" + self.secret).hexdigest()[:16]


def _tag(secret: bytes, admin_public: bytes, department_code: str) -> bytes:
    msg = b"tag\0" + bytes(admin_public) + b"\0" + department_code.encode("utf-8")
    return hmac.new(secret, msg, hashlib.sha256).digest()[:TAG_BYTES]


def issue(admin_public: bytes, department_code: str) -> EnrolmentCode:
    secret = secrets.token_bytes(SECRET_BYTES)
    return EnrolmentCode(secret, _tag(secret, admin_public, department_code))


def format_code(raw: bytes) -> str:
    number = int.from_bytes(raw, "big")
    chars = []
    for _ in range(_chars(len(raw))):
        chars.append(_ALPHABET[number & 31])
        number >>= 5
    text = "".join(reversed(chars))
    size = len(text) // GROUPS
    return "-".join(text[i : i + size] for i in range(0, len(text), size))


def _chars(size: int) -> int:
    return -(-size * 8 // 5)


def parse_code(text: str) -> EnrolmentCode:
    """A code as people type it: any case, full-width characters, spaces or hyphens, O for 0."""
    cleaned = unicodedata.normalize("NFKC", text or "").upper()
    cleaned = "".join(c for c in cleaned if c not in " -_‐－ー　\t")
    cleaned = "".join(_READ_AS.get(c, c) for c in cleaned)
    size = SECRET_BYTES + TAG_BYTES
    if len(cleaned) != _chars(size) or any(c not in _ALPHABET for c in cleaned):
        raise BadCode(text)
    number = 0
    for c in cleaned:
        number = (number << 5) | _ALPHABET.index(c)
    if number >> (size * 8):
        raise BadCode(text)
    raw = number.to_bytes(size, "big")
    return EnrolmentCode(raw[:SECRET_BYTES], raw[SECRET_BYTES:])


def matches_bundle(code: EnrolmentCode, admin_public: bytes, department_code: str) -> bool:
    """True when the code was issued by the holder of ``admin_public`` for ``department_code``."""
    return hmac.compare_digest(code.tag, _tag(code.secret, admin_public, department_code))


def proof(secret: bytes, department_code: str, signing_public: bytes) -> bytes:
    msg = b"proof\0" + department_code.encode("utf-8") + b"\0" + bytes(signing_public)
    return hmac.new(secret, msg, hashlib.sha256).digest()


def verify_proof(secret: bytes, department_code: str, signing_public: bytes, given: bytes) -> bool:
    return hmac.compare_digest(proof(secret, department_code, signing_public), bytes(given))
