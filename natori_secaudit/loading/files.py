"""Reading user files with a size cap, and validating whatever kind they are."""

from __future__ import annotations

from pathlib import Path

import yaml

from .checklist_file import load_checklist_bytes, parse_checklist
from .departments_file import parse_departments
from .located_yaml import MAX_BYTES
from .problems import ChecklistFileError, Problem


def read_limited(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            problem = Problem(str(path), 1, 1, "checklist.too_large", {"mb": MAX_BYTES // (1024 * 1024)})
            raise ChecklistFileError("checklist.file_invalid", path=str(path), count=1, problems=[problem])
        return path.read_bytes()
    except OSError as exc:
        problem = Problem(str(path), 1, 1, "checklist.unreadable", {"detail": exc.strerror or str(exc)})
        raise ChecklistFileError("checklist.file_invalid", path=str(path), count=1, problems=[problem]) from None


def file_kind(data: bytes) -> str | None:
    """'checklist', 'departments' or None, from the top-level keys (no full validation)."""
    try:
        text = data.decode("utf-8-sig")
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.MappingStartEvent):
                break
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except Exception:  # noqa: BLE001 - kind detection only; validation reports the real problem
        return None
    if not isinstance(node, yaml.MappingNode):
        return None
    keys = {k.value for k, _v in node.value if isinstance(k, yaml.ScalarNode)}
    if "sections" in keys or "items" in keys:
        return "checklist"
    if "departments" in keys or "organization" in keys:
        return "departments"
    return None


def _guess_kind(path: Path, data: bytes) -> str:
    kind = file_kind(data)
    if kind:
        return kind
    return "departments" if "department" in path.name else "checklist"


def validate_path(path: Path | str) -> tuple[str | None, list[Problem]]:
    """(kind, problems) for a checklist or department file; never raises for content problems."""
    path = Path(path)
    try:
        data = read_limited(path)
    except ChecklistFileError as exc:
        return None, list(exc.problems)
    kind = _guess_kind(path, data)
    if kind == "checklist":
        _c, problems = parse_checklist(data, str(path))
    else:
        _o, problems = parse_departments(data, str(path))
    return kind, problems


def load_checklist_dir(folder: Path | str) -> tuple[list, list[Problem]]:
    """Every valid checklist in a folder, and the problems of the invalid ones."""
    checklists, problems = [], []
    for path in sorted(Path(folder).glob("*.y*ml")):
        if path.suffix not in (".yaml", ".yml"):
            continue
        try:
            data = read_limited(path)
        except ChecklistFileError as exc:
            problems.extend(exc.problems)
            continue
        if _guess_kind(path, data) != "checklist":
            continue
        try:
            checklists.append(load_checklist_bytes(data, str(path)))
        except ChecklistFileError as exc:
            problems.extend(exc.problems)
    return checklists, problems
