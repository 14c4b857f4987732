"""Which kind of file is this, is it valid, and which checklists does a folder hold.

``checklist validate`` accepts either kind of file, so the kind is read from
the top-level keys (``sections`` → checklist, ``departments`` → department
list). A file with neither is usually a checklist or department list with a
typo in that very key, so :func:`validate_path` then guesses from the other
keys and validates it as that kind (the typo is then reported as an unknown
key with a suggestion) rather than just saying "unknown file".
"""

from __future__ import annotations

import difflib
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode

from ..domain.checklist import Checklist, Organization
from .checklist_file import TOP as CHECKLIST_TOP
from .checklist_file import check_checklist
from .departments_file import TOP as DEPARTMENTS_TOP
from .departments_file import check_departments
from .located_yaml import compose, read_limited
from .problems import ChecklistFileError, Problem, Problems

CHECKLIST = "checklist"
DEPARTMENTS = "departments"
_KEYS = {CHECKLIST: [f.name for f in CHECKLIST_TOP], DEPARTMENTS: [f.name for f in DEPARTMENTS_TOP]}


def _top_keys(root: Node | None) -> list[str]:
    if not isinstance(root, MappingNode):
        return []
    return [k.value.strip() for k, _v in root.value if isinstance(k, ScalarNode) and isinstance(k.value, str)]


def _strict_kind(root: Node | None) -> str | None:
    keys = _top_keys(root)
    if "sections" in keys:
        return CHECKLIST
    if "departments" in keys:
        return DEPARTMENTS
    return None


def _guessed_kind(root: Node | None) -> str | None:
    """The strict kind, else the kind whose keys the top level resembles most (None on a tie)."""
    kind = _strict_kind(root)
    if kind is not None:
        return kind
    keys = [k.lower() for k in _top_keys(root)]
    score = {
        kind: sum(1 for k in keys if difflib.get_close_matches(k, names, n=1, cutoff=0.75))
        for kind, names in _KEYS.items()
    }
    if score[CHECKLIST] > score[DEPARTMENTS]:
        return CHECKLIST
    if score[DEPARTMENTS] > score[CHECKLIST]:
        return DEPARTMENTS
    return None


def file_kind(data: bytes) -> str | None:
    """The kind of file from its top-level keys; never raises.

    ``"checklist"`` if the top-level mapping has ``sections``, ``"departments"``
    if it has ``departments``, else None (also for bytes that are not readable YAML).
    """
    root, _problems = compose(data, "")
    return _strict_kind(root)


def _check(
    path: str,
    data: bytes,
    previous: Checklist | Organization | None = None,
    warnings: list[Problem] | None = None,
) -> tuple[str | None, Checklist | Organization | None, list[Problem]]:
    """(kind, the checklist or organisation if the file is valid, problems) for the bytes of one file.

    ``previous`` of the file's kind is checked against (``replaces`` / ``formerly``);
    notes about last year's departments are appended to ``warnings``.
    """
    root, problems = compose(data, path)
    kind = _guessed_kind(root)
    if root is None or problems:
        return kind, None, problems.result()
    if kind is None:
        problems.add(root, "checklist.unknown_kind")
        return None, None, problems.result()
    if kind == DEPARTMENTS:
        prev_org = previous if isinstance(previous, Organization) else None
        notes = Problems(path)
        org = check_departments(root, problems, prev_org, notes)
        if warnings is not None and not problems:
            warnings.extend(notes.result())
        return kind, (None if problems else org), problems.result()
    checklist = check_checklist(root, problems, previous if isinstance(previous, Checklist) else None)
    return kind, (None if problems else checklist), problems.result()


def validate_path(
    path: Path | str, previous: Checklist | Organization | None = None, warnings: list[Problem] | None = None
) -> tuple[str | None, list[Problem]]:
    """(kind, problems) for a checklist or department file; no problems means valid.

    Never raises for anything wrong with the file: an unreadable file gives
    one problem at 1:1 and kind None. ``previous`` (last version's checklist or
    last year's department list) checks ``replaces``/``formerly`` against it;
    notes (last year's departments nobody continues) go to ``warnings``.
    """
    kind, _loaded, problems = check_path(path, previous, warnings)
    return kind, problems


def check_path(
    path: Path | str,
    previous: Checklist | Organization | None = None,
    warnings: list[Problem] | None = None,
) -> tuple[str | None, Checklist | Organization | None, list[Problem]]:
    """(kind, the checklist or department list if the file is valid, problems) for one file; never raises."""
    try:
        data = read_limited(path)
    except ChecklistFileError as exc:
        return None, None, list(exc.problems)
    return _check(str(path), data, previous, warnings)


def load_checklist_dir(folder: Path | str) -> tuple[list[Checklist], list[Problem]]:
    """Every valid checklist among the ``*.yaml``/``*.yml`` files of ``folder``, and the
    problems of the others (department lists are skipped; unreadable files are reported)."""
    found, problems = checklist_files(folder)
    return [checklist for _path, checklist in found], problems


def checklist_files(folder: Path | str) -> tuple[list[tuple[Path, Checklist]], list[Problem]]:
    """Like :func:`load_checklist_dir`, with the file each checklist was read from."""
    folder = Path(folder)
    try:
        paths = sorted(p for p in folder.iterdir() if p.suffix.lower() in (".yaml", ".yml") and p.is_file())
    except OSError as exc:
        unreadable = Problems(str(folder))
        unreadable.add_at(1, 1, "checklist.unreadable", detail=str(exc.strerror or exc)[:200])
        return [], unreadable.result()
    checklists: list[tuple[Path, Checklist]] = []
    problems_out: list[Problem] = []
    for path in paths:
        try:
            data = read_limited(path)
        except ChecklistFileError as exc:
            problems_out.extend(exc.problems)
            continue
        kind, checklist, problems = _check(str(path), data)
        if kind == DEPARTMENTS:
            continue
        if isinstance(checklist, Checklist):
            checklists.append((path, checklist))
        problems_out.extend(problems)
    return checklists, problems_out


def check_against_last_year(
    checklist_path: Path | str,
    departments_path: Path | str | None,
    previous_checklist: Checklist | None,
    previous_org: Organization | None,
    year: str,
) -> list[Problem]:
    """The notes (warnings) of checking this year's files against last year's checklist and list.

    Raises ChecklistFileError with every located problem of both files when a
    ``replaces`` or ``formerly`` entry names something last year did not have;
    ``year`` names last year in that message.
    """
    problems: list[Problem] = []
    warnings: list[Problem] = []
    if previous_checklist is not None:
        problems += check_path(checklist_path, previous_checklist)[2]
    if departments_path is not None and previous_org is not None:
        problems += check_path(departments_path, previous_org, warnings)[2]
    if problems:
        raise ChecklistFileError(
            "checklist.against_last_year",
            path=str(problems[0].path),
            year=year,
            count=len(problems),
            problems=problems,
        )
    return warnings
