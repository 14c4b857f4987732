"""Writing the department list (``departments.yaml``) edited in the app: the same file, checked
by the same loader before it replaces the old one.

Why the YAML file and not the admin database: ``departments.yaml`` is what ``bundle``, ``checklist
validate`` and 年度の準備 read, what the manual documents and what the IT division may still open
in an editor. Editing that file in the app keeps the command line and the app one product with one
source of the list; the admin database keeps, as before, a snapshot of the list of each bundled year
(``years``), so history never changes when the file does. A list kept only in the database would
need an export for the CLI, and two copies that can disagree.

The save never writes a file the loader would refuse: the bytes are written to memory, parsed by
:func:`~.departments_file.parse_departments_lineage` (with last year's list, so ``formerly`` is
checked as ``bundle`` checks it), compared with the list meant, and only then put in place with
an atomic replace (:func:`natori_secaudit.fileio.write_bytes_atomic`). A refused list raises
:class:`ChecklistFileError` with the loader's located Japanese problems; the old file stays.
The comment lines at the top of the file being replaced (the explanation of the tags) are kept.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import yaml

from ..domain.checklist import Department, Organization
from ..errors import InvalidInput
from ..fileio import os_error_to_app_error, write_bytes_atomic
from .departments_file import parse_departments_lineage
from .located_yaml import STR, _Loader, read_limited
from .problems import ChecklistFileError, Problem

# Characters a plain (unquoted) scalar may not start with, and sequences it may not contain.
_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")
_PLAIN_BAD = re.compile(r"[,\[\]{}]|: |:$| #|[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff]")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}
_NEEDS_ESCAPE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]")
_RESOLVER = _Loader("")  # only its resolver is used: what a plain scalar would be read as


def scalar(text: str) -> str:
    """``text`` as a YAML scalar that reads back as exactly this string."""
    if _plain_ok(text):
        return text
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif _NEEDS_ESCAPE.match(ch):
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _plain_ok(text: str) -> bool:
    if not text or text != text.strip() or text[0] in _INDICATORS or _PLAIN_BAD.search(text):
        return False
    return bool(_RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == STR)


def _flow(values: tuple[str, ...]) -> str:
    return "[" + ", ".join(scalar(v) for v in values) + "]"


def normalized(org: Organization) -> Organization:
    """The list as the loader gives it back: every text NFC-normalised and stripped."""

    def n(s: str) -> str:
        return unicodedata.normalize("NFC", s).strip()

    return Organization(
        n(org.name),
        tuple(
            Department(
                n(d.code),
                n(d.name),
                n(d.division),
                tuple(n(t) for t in d.tags),
                tuple(n(c) for c in d.formerly),
                n(d.head),
            )
            for d in org.departments
        ),
        n(org.it_division),
        n(org.ciso_title),
        n(org.report_classification),
    )


def dump_departments(org: Organization, header: str = "") -> bytes:
    """The YAML text of ``org`` (UTF-8): optional keys only when set, ``header`` comments first."""
    org = normalized(org)
    lines = [line for line in header.splitlines() if line.startswith("#")]
    lines.append(f"organization: {scalar(org.name)}")
    if org.it_division:
        lines.append(f"it_division: {scalar(org.it_division)}")
    if org.ciso_title:
        lines.append(f"ciso_title: {scalar(org.ciso_title)}")
    if org.report_classification:
        lines.append(f"report_classification: {scalar(org.report_classification)}")
    lines.append("departments:" if org.departments else "departments: []")
    for d in org.departments:
        lines.append(f"  - code: {scalar(d.code)}")
        lines.append(f"    name: {scalar(d.name)}")
        if d.division:
            lines.append(f"    division: {scalar(d.division)}")
        if d.tags:
            lines.append(f"    tags: {_flow(d.tags)}")
        if d.formerly:
            lines.append(f"    formerly: {_flow(d.formerly)}")
        if d.head:
            lines.append(f"    head: {scalar(d.head)}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def header_of(path: Path | str) -> str:
    """The comment lines at the top of the file at ``path`` ("" when it does not exist)."""
    try:
        text = read_limited(path).decode("utf-8-sig")
    except (ChecklistFileError, UnicodeDecodeError, OSError):
        return ""
    head = []
    for line in text.splitlines():
        if not line.startswith("#") and line.strip():
            break
        if line.startswith("#"):
            head.append(line)
    return "\n".join(head)


def check_departments_bytes(
    data: bytes, path: Path | str, meant: Organization, previous: Organization | None = None
) -> list[Problem]:
    """What the loader says of ``data`` (warnings when valid); ChecklistFileError when it refuses."""
    org, problems, warnings = parse_departments_lineage(data, str(path), previous)
    if org is None:
        raise ChecklistFileError.of(str(path), problems)
    if org != normalized(meant):
        raise InvalidInput("department_list.not_same", path=str(path))
    return warnings


def save_departments(
    org: Organization,
    path: Path | str,
    previous: Organization | None = None,
    header_from: Path | str | None = None,
) -> list[Problem]:
    """Write ``org`` to ``path`` if the loader accepts it; the loader's notes (warnings) are returned.

    ``previous``: last year's list, to check ``formerly`` against (as ``bundle`` does).
    ``header_from``: the file whose top comments are kept (default ``path`` itself; the shipped
    list when its first edit is saved as the user's copy). The parent folder is created.
    """
    data = dump_departments(org, header_of(header_from or path))
    warnings = check_departments_bytes(data, path, org, previous)
    try:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise os_error_to_app_error(exc, Path(path)) from None
    write_bytes_atomic(path, data, mode=0o644)
    return warnings
