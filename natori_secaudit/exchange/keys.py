"""The IT division's key pair and the departments' signing keys.

* IT division: X25519 (HPKE recipient: only it can read submissions) and
  Ed25519 (signs bundles and return notices). Both private keys live only
  inside the IT division's encrypted database.
* Department: Ed25519 signing key, generated with its database; the IT
  division pins the public key on the first import (trust on first use).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

_RAW = serialization.Encoding.Raw
_PUB = serialization.PublicFormat.Raw
_PRIV = serialization.PrivateFormat.Raw
_NOENC = serialization.NoEncryption()


def _group(hexstr: str) -> str:
    return "-".join(hexstr[i : i + 4] for i in range(0, len(hexstr), 4)).upper()


@dataclass(frozen=True)
class AdminPublicKeys:
    x25519: bytes
    ed25519: bytes

    def to_bytes(self) -> bytes:
        return self.x25519 + self.ed25519

    @classmethod
    def from_bytes(cls, data: bytes) -> AdminPublicKeys:
        if len(data) != 64:
            raise ValueError("admin public keys are 64 bytes")
        return cls(bytes(data[:32]), bytes(data[32:]))

    def fingerprint(self) -> str:
        """16 hex digits in groups of four, for people to compare on paper."""
        return _group(hashlib.sha256(self.to_bytes()).hexdigest()[:16])

    def hpke_key(self) -> X25519PublicKey:
        return X25519PublicKey.from_public_bytes(self.x25519)

    def verify(self, signature: bytes, data: bytes) -> bool:
        try:
            Ed25519PublicKey.from_public_bytes(self.ed25519).verify(signature, data)
            return True
        except (InvalidSignature, ValueError):
            return False


class AdminKeys:
    def __init__(self, x25519: X25519PrivateKey, ed25519: Ed25519PrivateKey) -> None:
        self._x = x25519
        self._e = ed25519

    @classmethod
    def generate(cls) -> AdminKeys:
        return cls(X25519PrivateKey.generate(), Ed25519PrivateKey.generate())

    def private_bytes(self) -> bytes:
        return self._x.private_bytes(_RAW, _PRIV, _NOENC) + self._e.private_bytes(_RAW, _PRIV, _NOENC)

    @classmethod
    def from_private_bytes(cls, data: bytes) -> AdminKeys:
        if len(data) != 64:
            raise ValueError("admin private keys are 64 bytes")
        return cls(
            X25519PrivateKey.from_private_bytes(data[:32]), Ed25519PrivateKey.from_private_bytes(data[32:])
        )

    def public(self) -> AdminPublicKeys:
        return AdminPublicKeys(
            self._x.public_key().public_bytes(_RAW, _PUB), self._e.public_key().public_bytes(_RAW, _PUB)
        )

    def fingerprint(self) -> str:
        return self.public().fingerprint()

    def hpke_key(self) -> X25519PrivateKey:
        return self._x

    def sign(self, data: bytes) -> bytes:
        return self._e.sign(data)


class DepartmentSigningKey:
    def __init__(self, key: Ed25519PrivateKey) -> None:
        self._k = key

    @classmethod
    def generate(cls) -> DepartmentSigningKey:
        return cls(Ed25519PrivateKey.generate())

    @classmethod
    def from_private_bytes(cls, data: bytes) -> DepartmentSigningKey:
        return cls(Ed25519PrivateKey.from_private_bytes(data))

    def private_bytes(self) -> bytes:
        return self._k.private_bytes(_RAW, _PRIV, _NOENC)

    def public_bytes(self) -> bytes:
        return self._k.public_key().public_bytes(_RAW, _PUB)

    def sign(self, data: bytes) -> bytes:
        return self._k.sign(data)


def verify_ed25519(public: bytes, signature: bytes, data: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, data)
        return True
    except (InvalidSignature, ValueError):
        return False
