"""The IT division's dashboard, as plain data: rows per department, sorting, the heat map.

Pure: built from a CompiledYear, no GUI and no SQL, so the numbers on screen are
the numbers in the reports, and tests can check them without a display.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .assessment import AssessmentState, ProgressNote
from .checklist import Section
from .comparison import Trend
from .results import CompiledYear, DepartmentResult
from .scoring import Score

COLUMNS = ("department", "status", "submitted", "revision", "score", "high_gaps", "unknown", "trend")

# Work to do first: not handed in, then sent back, then received.
_STATE_ORDER = {
    AssessmentState.NOT_STARTED: 0,
    AssessmentState.IN_PROGRESS: 1,
    AssessmentState.RETURNED: 2,
    AssessmentState.SUBMITTED: 3,
}
_TREND_ORDER = {
    Trend.REGRESSED: 0,
    Trend.UNCHANGED: 1,
    Trend.IMPROVED: 2,
    Trend.NOT_COMPARABLE: 3,
    Trend.NO_PREVIOUS: 4,
}


@dataclass(frozen=True)
class DashboardRow:
    order: int  # position in the organisation's list
    code: str
    name: str
    state: AssessmentState
    submitted_at: _dt.datetime | None
    revision: int
    score: Score
    has_data: bool  # a submission was received (the figures mean something)
    high_gaps: int
    unknown: int
    answered: int
    applicable: int
    trend: Trend
    delta: float | None  # score points since last year
    progress: ProgressNote | None = None  # 回答中: the department's latest progress report

    def sort_key(self, column: str) -> tuple[Any, ...]:
        """The key for one column; ties keep the organisation's order."""
        return (*_KEYS[column](self), self.order)


_KEYS: dict[str, Callable[[DashboardRow], tuple[Any, ...]]] = {
    "department": lambda r: (),
    "status": lambda r: (
        _STATE_ORDER.get(r.state, 9),
        r.progress.answered / max(r.progress.total, 1) if r.progress else 0.0,
    ),
    "submitted": lambda r: (r.submitted_at is None, r.submitted_at.timestamp() if r.submitted_at else 0),
    "revision": lambda r: (r.revision,),
    "score": lambda r: (r.score.rate if r.score.rate is not None else 0.0,),
    "high_gaps": lambda r: (r.high_gaps,),
    "unknown": lambda r: (r.unknown,),
    "trend": lambda r: (_TREND_ORDER.get(r.trend, 9), r.delta if r.delta is not None else 0.0),
}
FIGURES = ("score", "high_gaps", "unknown")  # meaningless without a submission: those rows go last


def dashboard_rows(
    compiled: CompiledYear, progress: Mapping[str, ProgressNote] | None = None
) -> list[DashboardRow]:
    progress = progress or {}
    deltas = compiled.comparison.departments if compiled.comparison else {}
    rows = []
    for n, res in enumerate(compiled.departments):
        cmp = deltas.get(res.department.code)
        # Nothing final received, but a progress report (途中経過) says the department is answering.
        note = progress.get(res.department.code) if res.state is AssessmentState.NOT_STARTED else None
        rows.append(
            DashboardRow(
                order=n,
                code=res.department.code,
                name=res.department.name,
                state=AssessmentState.IN_PROGRESS if note is not None else res.state,
                submitted_at=res.submitted_at,
                revision=res.revision,
                score=res.score,
                has_data=_has_data(res),
                high_gaps=res.high_gaps,
                unknown=res.unknown,
                answered=res.answered,
                applicable=res.applicable,
                trend=res.trend,
                delta=cmp.delta if cmp is not None else None,
                progress=note,
            )
        )
    return rows


def _has_data(res: DepartmentResult) -> bool:
    return res.state in (AssessmentState.SUBMITTED, AssessmentState.RETURNED) and res.revision > 0


def sort_rows(rows: Sequence[DashboardRow], column: str, descending: bool = False) -> list[DashboardRow]:
    """Stable sort by one column; rows without figures stay at the bottom in both directions."""
    if column not in COLUMNS:
        raise ValueError(column)
    if column in FIGURES:
        with_data = sorted(
            (r for r in rows if r.has_data), key=lambda r: r.sort_key(column), reverse=descending
        )
        without = sorted((r for r in rows if not r.has_data), key=lambda r: r.order)
        return with_data + without
    return sorted(rows, key=lambda r: r.sort_key(column), reverse=descending)


@dataclass(frozen=True)
class HeatMap:
    sections: tuple[Section, ...]
    rows: tuple[tuple[DashboardRow, tuple[Score | None, ...]], ...]  # None: no item of the section applies

    def cell(self, code: str, section_id: str) -> Score | None:
        index = [s.id for s in self.sections].index(section_id)
        for row, cells in self.rows:
            if row.code == code:
                return cells[index]
        raise KeyError(code)


def heat_map(compiled: CompiledYear, rows: Sequence[DashboardRow] | None = None) -> HeatMap:
    """Departments that handed something in × sections; in the order of ``rows`` when given."""
    rows = list(rows) if rows is not None else dashboard_rows(compiled)
    sections = tuple(compiled.checklist.sections)
    by_code = {d.department.code: d for d in compiled.departments}
    out = []
    for row in rows:
        if not row.has_data:
            continue
        res = by_code[row.code]
        cells = []
        for section in sections:
            s = res.section_scores.get(section.id)
            cells.append(s if s is not None and s.rate is not None else None)
        out.append((row, tuple(cells)))
    return HeatMap(sections, tuple(out))


# The floors of the heat-map bands, on screen and on paper (reporting/styles.bands(), gui/heatmap.py); their words
# are the catalogue's (labels.band.*).
BAND_FLOORS = (90.0, 75.0, 60.0)


def heat_band(score: Score | None) -> int:
    """0 no figure; 4 (≥ 90 %), 3 (75–89.9), 2 (60–74.9), 1 (< 60 %)."""
    if score is None or score.percent is None:
        return 0
    for band, floor in zip((4, 3, 2), BAND_FLOORS, strict=True):
        if score.percent >= floor:
            return band
    return 1


@dataclass(frozen=True)
class Totals:
    departments: int
    submitted: int
    returned: int
    not_started: int  # nothing received (未着手 and 回答中)
    in_progress: int  # of which a progress report says 回答中
    city: Score
    high_gaps: int
    unknown: int


def totals(compiled: CompiledYear, rows: Sequence[DashboardRow] | None = None) -> Totals:
    states = [r.state for r in rows] if rows is not None else [d.state for d in compiled.departments]
    return Totals(
        departments=len(states),
        submitted=states.count(AssessmentState.SUBMITTED),
        returned=states.count(AssessmentState.RETURNED),
        not_started=sum(1 for s in states if s in (AssessmentState.NOT_STARTED, AssessmentState.IN_PROGRESS)),
        in_progress=states.count(AssessmentState.IN_PROGRESS),
        city=compiled.city,
        high_gaps=compiled.high_gap_total,
        unknown=compiled.unknown_total,
    )
