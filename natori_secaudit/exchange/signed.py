"""Signed plaintext files: a magic line, canonical JSON, an Ed25519 signature line.

Used for bundles (IT division → departments) and return notices (差し戻し).
"""

from __future__ import annotations

import binascii
import json
from collections.abc import Callable

from ..errors import DamagedFile

SIG_PREFIX = b"ed25519:"
MAX_BYTES = 20 * 1024 * 1024


def encode(magic: bytes, body: bytes, sign: Callable[[bytes], bytes]) -> bytes:
    head = magic + b"\n" + body + b"\n"
    return head + SIG_PREFIX + binascii.hexlify(sign(head)) + b"\n"


def split(
    data: bytes, magic: bytes, error_key: str, source: str, wrong_kind_key: str
) -> tuple[bytes, bytes, dict[str, object]]:
    """(signed part, signature, decoded JSON) or DamagedFile."""
    if len(data) > MAX_BYTES:
        raise DamagedFile(error_key, path=source)
    if not data.startswith(magic + b"\n"):
        if data.startswith(b"NATORI-SECAUDIT-"):
            raise DamagedFile(wrong_kind_key, path=source)
        raise DamagedFile(error_key, path=source)
    cut = data.rfind(b"\n" + SIG_PREFIX)
    if cut < 0 or not data.endswith(b"\n"):
        raise DamagedFile(error_key, path=source)
    head = data[: cut + 1]
    try:
        signature = binascii.unhexlify(data[cut + 1 + len(SIG_PREFIX) : -1])
        body = json.loads(head[len(magic) + 1 : -1].decode("utf-8"))
    except (ValueError, binascii.Error, UnicodeDecodeError, RecursionError):
        # RecursionError: JSON nested deeper than the parser goes (a crafted file).
        raise DamagedFile(error_key, path=source) from None
    if not isinstance(body, dict) or len(signature) != 64:
        raise DamagedFile(error_key, path=source)
    return head, signature, body
