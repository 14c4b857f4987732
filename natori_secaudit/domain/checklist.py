"""Checklists, their sections and items, departments and the organisation."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property


class Severity(str, Enum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def weight(self) -> int:
        """Weights by severity: high 3, medium 2, low 1."""
        return _WEIGHTS[self]


_WEIGHTS = {Severity.HIGH: 3, Severity.MEDIUM: 2, Severity.LOW: 1}


@dataclass(frozen=True)
class IncidentType:
    code: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class Item:
    id: str
    question: str
    severity: Severity
    section_id: str
    guidance: str = ""
    recommendation: str = ""
    reference: str = ""
    prevents: tuple[str, ...] = ()
    applies_to: tuple[str, ...] = ()
    # Ids of items of an earlier checklist version that this item takes the place of
    # (year-over-year comparison and carry-over follow them; see domain/lineage.py).
    replaces: tuple[str, ...] = ()

    @property
    def weight(self) -> int:
        return self.severity.weight


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Department:
    code: str
    name: str
    division: str = ""
    tags: tuple[str, ...] = ()
    # Codes of last year's departments this one continues (renamed, merged or split: 組織改編).
    formerly: tuple[str, ...] = ()
    head: str = ""  # 所属長 (name or title), printed on reports when known

    @property
    def holds_personal_data(self) -> bool:
        return bool({"personal_data", "my_number"} & set(self.tags))


# 機密性 classes of the national guideline a self-inspection report may carry: it lists weaknesses,
# so it is never 機密性1 (information that is or may be made public). 3A-3C: the five-level scheme
# of the 令和6年10月 revision; 機密性3: the older three-level one.
CLASSIFICATIONS = ("機密性2", "機密性3", "機密性3A", "機密性3B", "機密性3C")
DEFAULT_CLASSIFICATION = CLASSIFICATIONS[0]


@dataclass(frozen=True)
class Organization:
    name: str
    departments: tuple[Department, ...]
    # Who sends the reports and to whom (the department list's optional ``it_division`` and
    # ``ciso_title``); empty: the reports use the role titles of the national guideline.
    it_division: str = ""
    ciso_title: str = ""
    # How the reports and exports are classified (``report_classification``); empty: the default.
    report_classification: str = ""

    @property
    def classification(self) -> str:
        """The 機密性 class printed on every page of the reports and in the exports."""
        return self.report_classification or DEFAULT_CLASSIFICATION

    @cached_property
    def _by_code(self) -> dict[str, Department]:
        return {d.code: d for d in self.departments}

    def department(self, code: str) -> Department:
        """KeyError for an unknown code."""
        return self._by_code[code]

    def has(self, code: str) -> bool:
        return code in self._by_code


@dataclass(frozen=True)
class Checklist:
    id: str
    title: str
    version: str
    sections: tuple[Section, ...]
    language: str = "ja"
    description: str = ""
    incident_types: tuple[IncidentType, ...] = ()
    # The guideline edition the checklist follows (printed on the CISO report), e.g.
    # 「地方公共団体における情報セキュリティポリシーに関するガイドライン（令和7年3月版）」.
    guideline: str = ""
    # SHA-256 of the canonical snapshot; set by whoever loaded the checklist.
    sha256: str = field(default="", compare=False)

    @cached_property
    def items(self) -> tuple[Item, ...]:
        return tuple(item for section in self.sections for item in section.items)

    @cached_property
    def _items_by_id(self) -> dict[str, Item]:
        return {item.id: item for item in self.items}

    @cached_property
    def _sections_by_id(self) -> dict[str, Section]:
        return {s.id: s for s in self.sections}

    @cached_property
    def _incidents_by_code(self) -> dict[str, IncidentType]:
        return {t.code: t for t in self.incident_types}

    def item(self, item_id: str) -> Item:
        """KeyError for an unknown id."""
        return self._items_by_id[item_id]

    def has_item(self, item_id: str) -> bool:
        return item_id in self._items_by_id

    def section(self, section_id: str) -> Section:
        return self._sections_by_id[section_id]

    def incident_type(self, code: str) -> IncidentType:
        return self._incidents_by_code[code]

    def applicable_items(self, department: Department) -> tuple[Item, ...]:
        return tuple(i for i in self.items if applies(i, department))


def applies(item: Item, department: Department) -> bool:
    """An item applies unless its ``applies_to`` tags exclude the department.

    No ``applies_to`` means every department; otherwise the department must
    carry at least one of the listed tags.
    """
    if not item.applies_to:
        return True
    return bool(set(item.applies_to) & set(department.tags))
