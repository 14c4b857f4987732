"""The compiled picture of one fiscal year: what reports, dashboard and exports show."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from functools import cached_property

from .answers import AnswerStatus
from .assessment import AssessmentState
from .checklist import Checklist, Department, IncidentType, Item, Organization, Section
from .comparison import Trend
from .fiscal_year import FiscalYear
from .scoring import Score


@dataclass(frozen=True)
class DepartmentGap:
    """One of a department's own gaps (from its answers, whatever the assessment's state)."""

    item: Item
    status: AnswerStatus
    comment: str = ""
    action: str = ""
    due: _dt.date | None = None
    overdue: bool = False


@dataclass(frozen=True)
class DepartmentResult:
    department: Department
    state: AssessmentState
    included: bool  # counted in city-wide figures (submitted)
    score: Score
    section_scores: dict[str, Score]  # by section id (the heat map row)
    counts: dict[AnswerStatus | None, int]  # None = unanswered
    applicable: int  # number of items that apply
    high_gaps: int  # high items 未実施
    unknown: int  # わからない
    submitted_at: _dt.datetime | None = None
    revision: int = 0
    inspector: str = ""
    previous_score: Score | None = None
    trend: Trend = Trend.NO_PREVIOUS
    # Its own gaps (未実施・一部実施・わからない), high severity first, also when not submitted or sent back.
    gaps: tuple[DepartmentGap, ...] = ()
    # High-severity items it answered 該当なし (with the reason): the IT division reviews these.
    high_not_applicable: tuple[DepartmentGap, ...] = ()

    @property
    def answered(self) -> int:
        return self.applicable - self.counts.get(None, 0)


@dataclass(frozen=True)
class GapEntry:
    """One department's gap on one item, with what it plans to do."""

    department: Department
    status: AnswerStatus
    comment: str = ""
    action: str = ""
    due: _dt.date | None = None


@dataclass(frozen=True)
class ItemStat:
    item: Item
    score: Score  # city-wide for this item
    counts: dict[AnswerStatus | None, int]
    gaps: tuple[GapEntry, ...]
    previous_score: Score | None = None
    previous_gaps: int | None = None  # None: not in last year's checklist
    trend: Trend = Trend.NO_PREVIOUS


@dataclass(frozen=True)
class Finding:
    rank: int  # 1 = most urgent
    tier: int  # 0 high+personal data, 1 other high, 2 the rest
    priority: float
    item: Item
    section: Section
    gaps: tuple[GapEntry, ...]
    incident_types: tuple[IncidentType, ...]
    trend: Trend
    score: Score

    @property
    def departments(self) -> tuple[Department, ...]:
        return tuple(g.department for g in self.gaps)


@dataclass(frozen=True)
class ActionRow:
    """A corrective action a department planned (未実施/一部実施 with action and due)."""

    department: Department
    item: Item
    status: AnswerStatus
    action: str
    due: _dt.date | None
    overdue: bool = False
    fiscal_year: FiscalYear | None = None
    # Last year's action carried into this year's organisation and checklist (overdue_previous):
    # ``department``/``item`` are this year's successors where there is exactly one, and these
    # the department and item the action was planned for, when they differ.
    previous_department: Department | None = None
    previous_item: Item | None = None


@dataclass(frozen=True)
class UnitComparison:
    previous: Score | None
    current: Score
    trend: Trend

    @property
    def delta(self) -> float | None:
        if self.previous is None or self.previous.percent is None or self.current.percent is None:
            return None
        return round(self.current.percent - self.previous.percent, 1)


@dataclass(frozen=True)
class Comparison:
    """This year against the previous one, following the checklist revision (``replaces``) and the
    organisation changes (``formerly``); see domain/lineage.py. Codes and ids name this year's
    departments and items; last year's are given as objects (this year's data does not have them)."""

    previous_year: FiscalYear
    previous_checklist_version: str
    city: UnitComparison
    sections: dict[str, UnitComparison]
    departments: dict[str, UnitComparison]
    items: dict[str, Trend]
    not_comparable: tuple[str, ...]  # current item ids with no counterpart last year (new)
    dropped: tuple[str, ...]  # last year's item ids with no successor now (retired)
    trend_counts: dict[Trend, int] = field(default_factory=dict)
    checklist_version: str = ""  # this year's version (reports print "v1 → v2")
    previous_checklist_title: str = ""
    # Items compared with other ids last year (renamed or merged): id -> last year's ids.
    item_previous: dict[str, tuple[str, ...]] = field(default_factory=dict)
    retired_items: tuple[Item, ...] = ()  # the items of ``dropped``, as last year had them
    new_departments: tuple[str, ...] = ()  # current codes with no predecessor: not compared
    vanished_departments: tuple[Department, ...] = ()  # last year's departments nobody continues
    # Departments that do not simply keep last year's code (renamed, merged, split): their predecessors.
    department_previous: dict[str, tuple[Department, ...]] = field(default_factory=dict)
    # Like for like: the city over the departments counted in both years only (``city`` takes every
    # submitted department of each year, so a weak department not submitting this year lifts it).
    city_same: UnitComparison | None = None
    same_departments: int = 0  # departments counted in both years
    previous_counted: int = 0  # departments counted last year

    @property
    def revised(self) -> bool:
        """True when the comparison crosses a checklist revision or an organisation change."""
        return bool(
            self.item_previous
            or self.not_comparable
            or self.dropped
            or self.new_departments
            or self.vanished_departments
            or self.department_previous
            or self.checklist_version != self.previous_checklist_version
        )


@dataclass(frozen=True)
class YearPoint:
    """One year of the city's trend (the CISO report shows up to five)."""

    fiscal_year: FiscalYear
    city: Score
    submitted: int
    total: int
    checklist_version: str


def year_point(compiled: CompiledYear) -> YearPoint:
    return YearPoint(
        compiled.fiscal_year,
        compiled.city,
        compiled.submitted_count,
        compiled.total_departments,
        compiled.checklist.version,
    )


@dataclass(frozen=True)
class CompiledYear:
    fiscal_year: FiscalYear
    checklist: Checklist
    organization: Organization
    compiled_on: _dt.date
    city: Score
    sections: dict[str, Score]
    departments: tuple[DepartmentResult, ...]
    item_stats: dict[str, ItemStat]
    findings: tuple[Finding, ...]
    actions: tuple[ActionRow, ...]
    overdue_previous: tuple[ActionRow, ...]
    comparison: Comparison | None = None

    @property
    def submitted_count(self) -> int:
        return sum(1 for d in self.departments if d.included)

    @property
    def total_departments(self) -> int:
        return len(self.departments)

    @property
    def high_gap_total(self) -> int:
        return sum(d.high_gaps for d in self.departments if d.included)

    @property
    def unknown_total(self) -> int:
        return sum(d.unknown for d in self.departments if d.included)

    @cached_property
    def _by_code(self) -> dict[str, DepartmentResult]:
        return {d.department.code: d for d in self.departments}

    def department(self, code: str) -> DepartmentResult:
        """KeyError for an unknown code (a dict: reports ask once per plan)."""
        return self._by_code[code]

    def weakest_items(self, n: int = 10) -> tuple[ItemStat, ...]:
        scored = [s for s in self.item_stats.values() if s.score.rate is not None]
        scored.sort(key=lambda s: (s.score.rate, -s.item.weight, s.item.id))
        return tuple(scored[:n])
