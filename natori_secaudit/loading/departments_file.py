"""The department list (``checklists/departments.yaml``): validated whole, loaded whole or not at all.

Department codes key every database, bundle and submission, and names are
what people see in reports, so both must be unique; a code follows
``[a-z0-9][a-z0-9_-]*`` and ``tags`` (matched by items' ``applies_to``)
follow the same rule. ``formerly`` names last year's codes a department
continues (rules in :mod:`.lineage_rules`).
"""

from __future__ import annotations

from pathlib import Path

from yaml.nodes import Node

from ..domain.checklist import CLASSIFICATIONS, Department, Organization
from .checklist_file import TAG_RE
from .lineage_rules import check_formerly, not_continued
from .located_yaml import compose, read_limited
from .problems import ChecklistFileError, Problem, Problems, Ref
from .validator import Field, Walker, check_unique, where

DEPARTMENT_CODE_RE = r"[a-z0-9][a-z0-9_-]*"

TOP = [
    Field("organization", "text", True),
    Field("it_division", "text"),
    Field("ciso_title", "text"),
    Field(
        "report_classification",
        "choice",
        choices=CLASSIFICATIONS,
        invalid="checklist.bad_report_classification",
    ),
    Field("departments", "list_map", True),
]
DEPARTMENT = [
    Field("code", "id", True, DEPARTMENT_CODE_RE, "checklist.rule_department_code"),
    Field("name", "text", True),
    Field("division", "text"),
    Field("tags", "list_str", pattern=TAG_RE, rule="checklist.rule_tag"),
    Field("formerly", "list_str", pattern=DEPARTMENT_CODE_RE, rule="checklist.rule_department_code"),
    Field("head", "text"),
]


def check_departments(
    root: Node, problems: Problems, previous: Organization | None = None, warnings: Problems | None = None
) -> Organization | None:
    """The organisation in a composed document, or None when ``problems`` got any entry.

    With ``previous`` (last year's list), every ``formerly`` code must be one of
    its codes, and each of its departments that nobody continues is added to
    ``warnings`` (when given) at the ``departments`` key.
    """
    w = Walker(problems)
    top = w.mapping(root, TOP, Ref.to("checklist.where_departments"))
    if top is None:
        return None
    codes: dict[str, int] = {}
    names: dict[str, int] = {}
    departments = []
    for n, node in enumerate(top.get("departments", []), 1):
        here = where(node, "code", "checklist.where_department", "checklist.where_department_no", n=n)
        f = w.mapping(node, DEPARTMENT, here)
        if f is None:
            continue
        check_unique(w, codes, f, "code", "checklist.id_kind_department_code")
        check_unique(w, names, f, "name", "checklist.id_kind_department_name")
        check_formerly(w, f.get("code"), f.get("formerly", []), previous)
        if f.ok("code", "name"):
            departments.append(
                Department(
                    f.get("code"),
                    f.get("name"),
                    f.get("division", ""),
                    tuple(tag for tag, _node in f.get("tags", [])),
                    tuple(old for old, _node in f.get("formerly", [])),
                    f.get("head", ""),
                )
            )
    if problems or not top.ok("organization", "departments"):
        return None
    org = Organization(
        top.get("organization"),
        tuple(departments),
        top.get("it_division", ""),
        top.get("ciso_title", ""),
        top.get("report_classification", ""),
    )
    if previous is not None and warnings is not None:
        not_continued(warnings, _key_node(root, "departments"), org, previous)
    return org


def _key_node(root: Node, name: str) -> Node:
    for key, _value in root.value:
        if key.value == name:
            return key
    return root


def parse_departments(
    data: bytes,
    path: str,
    previous: Organization | None = None,
) -> tuple[Organization | None, list[Problem]]:
    """(organisation, []) for a valid file, else (None, every problem found).

    ``previous``: last year's department list, to check ``formerly`` against.
    """
    org, problems, _warnings = parse_departments_lineage(data, path, previous)
    return org, problems


def parse_departments_lineage(
    data: bytes,
    path: str,
    previous: Organization | None,
) -> tuple[Organization | None, list[Problem], list[Problem]]:
    """(organisation or None, problems, warnings): warnings name last year's departments nobody continues."""
    root, problems = compose(data, path)
    warnings = Problems(path)
    if root is None or problems:
        return None, problems.result(), []
    org = check_departments(root, problems, previous, warnings)
    if org is None or problems:
        return None, problems.result(), []
    return org, [], warnings.result()


def load_departments_bytes(data: bytes, name: str, previous: Organization | None = None) -> Organization:
    """The organisation in ``data``; ChecklistFileError with every problem otherwise."""
    org, problems = parse_departments(data, name, previous)
    if org is None:
        raise ChecklistFileError.of(name, problems)
    return org


def load_departments_file(path: Path | str, previous: Organization | None = None) -> Organization:
    """The organisation in the file at ``path`` (at most 5 MB); ChecklistFileError otherwise."""
    return load_departments_bytes(read_limited(path), str(path), previous)
