"""What the IT division's import sees: every file of a folder, its outcome, its line.

The database side (decrypt, check, store) is ``AdminWorkspace._import``; this
module lists files, tells submissions from other files by their content (the
magic line, not the name) and says what became of each one.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import i18n
from ..errors import Refused

if TYPE_CHECKING:
    from ..domain.checklist import Item
    from ..exchange import Submission


SUBMISSION_SUFFIX = ".natori-submission"
MAX_SUBMISSION_BYTES = 20 * 1024 * 1024
#: Temporary files of an interrupted write (fileio.atomic_writer) and staged submissions start so.
TEMP_PREFIX = ".natori-tmp-"
#: How many item ids an incomplete-submission refusal names before 「ほか N 件」.
LISTED_ITEMS = 5


class ImportOutcome(str, Enum):
    """What became of one file (the words are the CLI contract)."""

    IMPORTED = "imported"
    REPLACED = "replaced"
    UNCHANGED = "unchanged"
    REJECTED = "rejected"  # a submission (by content or by name) that was refused: the reason says why
    SKIPPED = "skipped"  # not a submission at all (a bundle, a return notice, another file)

    def __str__(self) -> str:  # f-strings and format() give the word, as before the Enum
        return self.value

    @property
    def ok(self) -> bool:
        """The file was a submission and the IT division's database now holds it."""
        return self in (ImportOutcome.IMPORTED, ImportOutcome.REPLACED, ImportOutcome.UNCHANGED)


@dataclass(frozen=True)
class ImportResult:
    path: Path
    outcome: ImportOutcome
    reason: str = ""
    department_code: str = ""
    fiscal_year: int = 0
    revision: int = 0

    def __post_init__(self) -> None:
        object.__setattr__(self, "outcome", ImportOutcome(self.outcome))

    def line(self) -> str:
        if self.outcome in (ImportOutcome.REJECTED, ImportOutcome.SKIPPED):
            return f"{self.path}: {self.outcome.value}: {self.reason}"
        return f"{self.path}: {self.outcome.value}"


def skipped(path: Path, key: str, **params: Any) -> ImportResult:  # i18n.t's format parameters
    return ImportResult(path, ImportOutcome.SKIPPED, i18n.t(key, **params))


def all_ok(results: Iterable[ImportResult]) -> bool:
    """True when every file was a submission that was imported, replaced or unchanged."""
    return all(r.outcome.ok for r in results)


def expand_submission_paths(paths: Iterable[Path | str]) -> list[Path]:
    """Every file under the given paths (folders searched recursively, in name order), so that each
    gets a line of its own. A folder that is empty or cannot be listed stands for itself (its line
    says so); a path that does not exist is kept (its line says it is missing)."""
    out: list[Path] = []
    seen: set[str] = set()
    for p in paths:
        p = Path(p)
        if p.is_dir():
            _walk(p, out, seen)
        else:
            out.append(p)
    return out


def _walk(folder: Path, out: list[Path], seen: set[str]) -> None:
    real = os.path.realpath(folder)
    if real in seen:  # a folder link that leads back: searched once
        return
    seen.add(real)
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError:
        out.append(folder)  # import_file says why it cannot be read
        return
    before = len(out)
    for entry in entries:
        path = folder / entry.name
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            _walk(path, out, seen)
        else:
            out.append(path)
    if len(out) == before:
        out.append(folder)  # an empty folder gets a line too


def folder_result(path: Path) -> ImportResult:
    """The line for a folder given as one of the files: empty, or unreadable."""
    try:
        with os.scandir(path) as it:
            empty = next(it, None) is None
    except OSError as exc:
        from ..fileio import os_error_to_app_error

        return ImportResult(path, ImportOutcome.REJECTED, str(os_error_to_app_error(exc, path)))
    if empty:
        return skipped(path, "importing.skip_empty_folder")
    return skipped(path, "importing.skip_folder")


_STANDARD_NAME = re.compile(r"(\d{4})_(.+)_(r(\d+)|progress)" + re.escape(SUBMISSION_SUFFIX))


def check_file_name(path: Path, sub: Submission) -> None:
    """A file with the standard name must be what its name says: a submission renamed to stand in
    for another department, year or revision is refused (a custom name is fine)."""
    m = _STANDARD_NAME.fullmatch(path.name)
    if m is None:
        return
    said = (int(m.group(1)), m.group(2), "progress" if m.group(4) is None else int(m.group(4)))
    holds = (sub.fiscal_year, sub.department_code, "progress" if sub.is_progress else sub.revision)
    if said != holds:
        raise Refused(
            "service.reject_renamed",
            name=path.name,
            code=sub.department_code,
            department=sub.department_name,
            year=sub.fiscal_year,
            revision=holds[2] if holds[2] != "progress" else i18n.t("service.progress_label"),
        )


def incomplete_refusal(missing: Sequence[tuple[Item, tuple[str, ...]]]) -> Refused:
    """The refusal of a final submission with items unanswered or lacking details."""
    ids = [item.id for item, _lacks in missing]
    shown = ", ".join(ids[:LISTED_ITEMS])
    if len(ids) > LISTED_ITEMS:
        shown += i18n.t("importing.more_items", n=len(ids) - LISTED_ITEMS)
    return Refused("importing.reject_incomplete", count=len(ids), items=shown, item_ids=ids)


def result_label(outcome: ImportOutcome | str) -> str:
    return i18n.t(f"importing.outcome_{ImportOutcome(outcome).value}")
