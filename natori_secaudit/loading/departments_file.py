"""The department list (checklists/departments.yaml)."""

from __future__ import annotations

from pathlib import Path

from ..domain.checklist import Department, Organization
from .checklist_file import TAG_RE
from .located_yaml import compose, pos
from .problems import ChecklistFileError, Problem
from .validator import Field, Walker

CODE_RE = r"[a-z0-9][a-z0-9_-]*"

TOP = [Field("organization", "text", True), Field("departments", "list_map", True)]
DEPT = [
    Field("code", "str", True, CODE_RE, "英小文字・数字・下線・ハイフン（先頭は英小文字か数字）"),
    Field("name", "text", True),
    Field("division", "text"),
    Field("tags", "list_str", pattern=TAG_RE, pattern_hint="英小文字・数字・下線・ハイフン"),
]


def parse_departments(data: bytes, path: str) -> tuple[Organization | None, list[Problem]]:
    root, problems = compose(data, path)
    if root is None:
        return None, problems
    w = Walker(path)
    w.problems.extend(problems)
    top = w.mapping(root, TOP, "所属一覧")
    if top is None:
        return None, w.problems
    codes: dict[str, int] = {}
    names: dict[str, int] = {}
    departments = []
    for node in (top["departments"][0].value if "departments" in top else []):
        f = w.mapping(node, DEPT, "departments")
        if not f:
            continue
        ok = "code" in f and "name" in f
        for field_name, seen in (("code", codes), ("name", names)):
            if field_name not in f:
                continue
            value, value_node = f[field_name]
            if value in seen:
                w.add(value_node, "checklist.duplicate_id", kind=field_name, value=value, first=seen[value])
                ok = False
            else:
                seen[value] = pos(value_node)[0]
        if ok:
            tags = tuple(t for t, _n in (f.get("tags", ([], None))[0] or []))
            division = f["division"][0] if "division" in f else ""
            departments.append(Department(f["code"][0], f["name"][0], division or "", tags))
    if w.problems:
        return None, w.problems
    return Organization(top["organization"][0], tuple(departments)), []


def load_departments_bytes(data: bytes, name: str) -> Organization:
    org, problems = parse_departments(data, name)
    if problems or org is None:
        raise ChecklistFileError("checklist.file_invalid", path=name, count=len(problems), problems=problems)
    return org


def load_departments_file(path: Path | str) -> Organization:
    from .files import read_limited

    return load_departments_bytes(read_limited(Path(path)), str(path))
