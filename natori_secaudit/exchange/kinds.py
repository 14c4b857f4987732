"""Which kind of exchange file some bytes are, from the magic line alone (nothing decrypted)."""

from __future__ import annotations

from enum import Enum

from .bundle import MAGIC as BUNDLE_MAGIC
from .return_notice import MAGIC as NOTICE_MAGIC
from .submission import MAGIC as SUBMISSION_MAGIC

FAMILY = b"NATORI-SECAUDIT-"
#: Enough of a file's start to tell its kind.
HEAD_BYTES = 64


class FileKind(str, Enum):
    SUBMISSION = "submission"  # a submission or a progress report (encrypted)
    BUNDLE = "bundle"  # 配布パッケージ
    RETURN_NOTICE = "return_notice"  # 差し戻し通知
    OTHER_FAMILY = "other_family"  # this program's family of files, but no kind this version knows
    FOREIGN = "foreign"  # anything else


def file_kind(head: bytes) -> FileKind:
    """The kind of a file that starts with ``head`` (at least :data:`HEAD_BYTES` bytes, or the whole file)."""
    for magic, kind in (
        (SUBMISSION_MAGIC, FileKind.SUBMISSION),
        (BUNDLE_MAGIC, FileKind.BUNDLE),
        (NOTICE_MAGIC, FileKind.RETURN_NOTICE),
    ):
        if head.startswith(magic + b"\n"):
            return kind
    if head.startswith(FAMILY):
        return FileKind.OTHER_FAMILY
    return FileKind.FOREIGN
