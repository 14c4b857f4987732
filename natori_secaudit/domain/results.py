"""The compiled picture of one fiscal year: what reports, dashboard and exports show."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from .answers import AnswerStatus
from .assessment import AssessmentState
from .checklist import Checklist, Department, IncidentType, Item, Organization, Section
from .comparison import Trend
from .fiscal_year import FiscalYear
from .scoring import Score


@dataclass(frozen=True)
class DepartmentResult:
    department: Department
    state: AssessmentState
    included: bool                      # counted in city-wide figures (submitted)
    score: Score
    section_scores: dict[str, Score]    # by section id (the heat map row)
    counts: dict[AnswerStatus | None, int]  # None = unanswered
    applicable: int                     # number of items that apply
    high_gaps: int                      # high items 未実施
    unknown: int                        # わからない
    submitted_at: _dt.datetime | None = None
    revision: int = 0
    inspector: str = ""
    previous_score: Score | None = None
    trend: Trend = Trend.NO_PREVIOUS

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
    score: Score                        # city-wide for this item
    counts: dict[AnswerStatus | None, int]
    gaps: tuple[GapEntry, ...]
    previous_score: Score | None = None
    previous_gaps: int | None = None    # None: not in last year's checklist
    trend: Trend = Trend.NO_PREVIOUS


@dataclass(frozen=True)
class Finding:
    rank: int                           # 1 = most urgent
    tier: int                           # 0 high+personal data, 1 other high, 2 the rest
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
    previous_year: FiscalYear
    previous_checklist_version: str
    city: UnitComparison
    sections: dict[str, UnitComparison]
    departments: dict[str, UnitComparison]
    items: dict[str, Trend]
    not_comparable: tuple[str, ...]     # current item ids absent last year
    dropped: tuple[str, ...]            # last year's item ids absent now
    trend_counts: dict[Trend, int] = field(default_factory=dict)


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

    def department(self, code: str) -> DepartmentResult:
        for d in self.departments:
            if d.department.code == code:
                return d
        raise KeyError(code)

    def weakest_items(self, n: int = 10) -> tuple[ItemStat, ...]:
        scored = [s for s in self.item_stats.values() if s.score.rate is not None]
        scored.sort(key=lambda s: (s.score.rate, -s.item.weight, s.item.id))
        return tuple(scored[:n])
