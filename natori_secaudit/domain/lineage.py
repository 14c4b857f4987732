"""What last year's items and departments became this year.

Checklists are revised between years and departments are renamed, merged
and split every April (組織改編). An item may name the earlier items it
replaces (``replaces``), a department the codes it continues (``formerly``).
Year-over-year comparison and carry-over follow these mappings; whatever has
no counterpart is listed (new / retired), never silently dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .checklist import Checklist, Organization


@dataclass(frozen=True)
class ItemMapping:
    """Current item id -> the previous checklist's item ids it compares with."""

    previous_of: dict[str, tuple[str, ...]]
    new: tuple[str, ...]  # current items with no counterpart last year
    retired: tuple[str, ...]  # last year's items with no successor this year

    def counterparts(self, item_id: str) -> tuple[str, ...]:
        return self.previous_of.get(item_id, ())

    def comparable(self, item_id: str) -> bool:
        return bool(self.previous_of.get(item_id))


def map_items(previous: Checklist, current: Checklist) -> ItemMapping:
    """Same id, or the ids an item ``replaces``, where they exist in ``previous``."""
    previous_of: dict[str, tuple[str, ...]] = {}
    used: set[str] = set()
    for item in current.items:
        found = tuple(dict.fromkeys(i for i in (item.id, *item.replaces) if previous.has_item(i)))
        previous_of[item.id] = found
        used.update(found)
    new = tuple(i for i, found in previous_of.items() if not found)
    retired = tuple(i.id for i in previous.items if i.id not in used)
    return ItemMapping(previous_of, new, retired)


@dataclass(frozen=True)
class DepartmentLineage:
    """Current department code -> last year's codes it continues."""

    previous_of: dict[str, tuple[str, ...]]
    new: tuple[str, ...]  # departments with no predecessor last year
    vanished: tuple[str, ...]  # last year's codes that no department continues

    def predecessors(self, code: str) -> tuple[str, ...]:
        return self.previous_of.get(code, ())

    def successors(self, old_code: str) -> tuple[str, ...]:
        return tuple(code for code, olds in self.previous_of.items() if old_code in olds)

    def changed(self, code: str) -> bool:
        """True when the department does not simply keep last year's code."""
        return self.previous_of.get(code, ()) != (code,)


def map_departments(previous: Organization, current: Organization) -> DepartmentLineage:
    """Same code, or the codes a department lists as ``formerly``, where they exist in ``previous``."""
    previous_of: dict[str, tuple[str, ...]] = {}
    used: set[str] = set()
    for dept in current.departments:
        found = tuple(dict.fromkeys(c for c in (dept.code, *dept.formerly) if previous.has(c)))
        previous_of[dept.code] = found
        used.update(found)
    new = tuple(c for c, found in previous_of.items() if not found)
    vanished = tuple(d.code for d in previous.departments if d.code not in used)
    return DepartmentLineage(previous_of, new, vanished)


def successors_in(current: Organization, old_code: str) -> tuple[str, ...]:
    """Codes in ``current`` that continue ``old_code`` (itself if it still exists), without a previous list."""
    out = [old_code] if current.has(old_code) else []
    out += [d.code for d in current.departments if old_code in d.formerly and d.code != old_code]
    return tuple(out)


def version_key(version: str) -> tuple[tuple[int, int, str], ...]:
    """Sort key for checklist versions: numbers as numbers ("2026.10" after "2026.9"), text as text."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.findall(r"\d+|\D+", version)
    )


def next_older(checklist: Checklist, others: Iterable[Checklist]) -> Checklist | None:
    """The newest of ``others`` with the same ``id`` and an older version, if any."""
    key = version_key(checklist.version)
    older = [c for c in others if c.id == checklist.id and version_key(c.version) < key]
    return max(older, key=lambda c: version_key(c.version)) if older else None
