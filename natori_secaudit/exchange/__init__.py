"""Files that travel between the IT division and the departments.

Pure: bytes in, bytes out. Standard cryptography only (HPKE RFC 9180 and
Ed25519 from `cryptography`); the formats are in docs/exchange-format.md.
"""

from .bundle import Bundle, decode_bundle, encode_bundle
from .keys import AdminKeys, AdminPublicKeys, DepartmentSigningKey
from .kinds import HEAD_BYTES, FileKind, file_kind
from .return_notice import ReturnNotice, decode_return_notice, encode_return_notice
from .submission import Submission, decode_submission, encode_submission, peek_header, suggested_filename

__all__ = [
    "AdminKeys",
    "AdminPublicKeys",
    "Bundle",
    "DepartmentSigningKey",
    "FileKind",
    "HEAD_BYTES",
    "ReturnNotice",
    "Submission",
    "decode_bundle",
    "decode_return_notice",
    "decode_submission",
    "encode_bundle",
    "encode_return_notice",
    "encode_submission",
    "file_kind",
    "peek_header",
    "suggested_filename",
]
