"""Editing a year's department list (組織改編): add, rename, merge, split, retire, tags and 所属長.

Pure functions on :class:`Organization`; each returns a new list and leaves the old one as it
was, so an editor can keep the list as opened and tell whether anything changed. Lineage
follows docs/checklist-format.md (組織改編):

* a department that keeps its code needs no ``formerly`` (a new name under the same code
  is compared with last year's department of that code);
* a new code names the codes it continues in ``formerly``: renamed ``[old]``, merged
  ``[a, b]`` (compared with their sum), split: each part names the same old code;
* a retired department is simply not in the list (the loader notes that nobody continues it).

``last_year`` is the set of last year's codes, when known. A department's *lineage* is the
last-year codes it stands for: its own code if last year had it, and its ``formerly``. With
``last_year`` unknown, every code of the list is taken as last year's (the usual case: this
year's list starts as a copy of last year's). A department added this year has no lineage, so
renaming it before the year starts gives it no ``formerly`` that the loader would refuse.

Nothing here checks codes, names or tags: the save runs the loader on what would be written
and shows its problems (loading/departments_writer.py), so there is one rule book.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import replace

from .checklist import Department, Organization


def lineage(department: Department, last_year: Collection[str] | None = None) -> tuple[str, ...]:
    """The last-year codes ``department`` continues (own code first when last year had it)."""
    own = (department.code,) if last_year is None or department.code in last_year else ()
    return _unique((*own, *department.formerly))


def add(
    org: Organization,
    code: str,
    name: str,
    *,
    division: str = "",
    tags: Sequence[str] = (),
    head: str = "",
) -> Organization:
    """A new department (新設) at the end of the list: no ``formerly``."""
    new = Department(code, name, division, tuple(tags), (), head)
    return replace(org, departments=(*org.departments, new))


def rename(
    org: Organization,
    code: str,
    new_code: str,
    new_name: str,
    last_year: Collection[str] | None = None,
) -> Organization:
    """``code`` gets ``new_code`` and ``new_name`` in its place; a new code keeps its lineage in ``formerly``."""
    old = org.department(code)
    if new_code == code:
        changed = replace(old, name=new_name)
    else:
        formerly = tuple(c for c in lineage(old, last_year) if c != new_code)
        changed = replace(old, code=new_code, name=new_name, formerly=formerly)
    return _put(org, [code], [changed])


def merge(
    org: Organization,
    codes: Sequence[str],
    new_code: str,
    new_name: str,
    last_year: Collection[str] | None = None,
    *,
    head: str = "",
) -> Organization:
    """Several departments become one (統合) where the first of them stood.

    ``formerly`` lists every merged department's lineage (the merged one's own code left out when
    it keeps one of the old codes); tags are the union, the division the first one's.
    """
    olds = [org.department(c) for c in _unique(codes)]
    formerly = _unique(c for d in olds for c in lineage(d, last_year) if c != new_code)
    merged = Department(
        new_code,
        new_name,
        olds[0].division,
        _unique(t for d in olds for t in d.tags),
        formerly,
        head,
    )
    return _put(org, [d.code for d in olds], [merged])


def split(
    org: Organization,
    code: str,
    parts: Sequence[tuple[str, str]],
    last_year: Collection[str] | None = None,
) -> Organization:
    """One department becomes several (分割) in its place: each part (code, name) continues it.

    Every part keeps the old department's division, tags and lineage (a part that keeps the old
    code needs no ``formerly`` for it); 所属長 are left empty, since each part has its own.
    """
    old = org.department(code)
    before = lineage(old, last_year)
    new = [
        Department(
            part_code,
            part_name,
            old.division,
            old.tags,
            tuple(c for c in before if c != part_code),
            old.head if part_code == code else "",
        )
        for part_code, part_name in parts
    ]
    return _put(org, [code], new)


def retire(org: Organization, code: str) -> Organization:
    """The department is gone this year (廃止): it leaves the list."""
    org.department(code)  # KeyError for an unknown code, like the others
    return _put(org, [code], [])


def edit(
    org: Organization,
    code: str,
    *,
    name: str | None = None,
    division: str | None = None,
    tags: Sequence[str] | None = None,
    head: str | None = None,
) -> Organization:
    """Change the name, division, tags or 所属長 of one department (None: leave as it is)."""
    old = org.department(code)
    changed = replace(
        old,
        name=old.name if name is None else name,
        division=old.division if division is None else division,
        tags=old.tags if tags is None else tuple(tags),
        head=old.head if head is None else head,
    )
    return _put(org, [code], [changed])


def parse_tags(text: str) -> tuple[str, ...]:
    """Tags as typed: separated by commas (半角・全角), 、 or spaces; duplicates dropped."""
    for sep in (",", "，", "、", "\u3000"):
        text = text.replace(sep, " ")
    return _unique(text.split())


def _put(org: Organization, codes: Sequence[str], new: Sequence[Department]) -> Organization:
    """``new`` in the place of the first of ``codes``; every department of ``codes`` removed."""
    gone = set(codes)
    out: list[Department] = []
    placed = False
    for d in org.departments:
        if d.code in gone:
            if not placed:
                out.extend(new)
                placed = True
            continue
        out.append(d)
    return replace(org, departments=tuple(out))


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))
