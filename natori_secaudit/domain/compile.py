"""Compile a fiscal year: city, section and department scores, findings, PDCA.

Pure functions over :class:`YearData`; the services layer reads the data and
hands the result to the dashboard, the reports and the exports.
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from typing import Any, TypeVar

from .answers import AnswerStatus
from .assessment import AssessmentState, YearData
from .checklist import Severity, applies
from .comparison import Trend, gap_trend, score_trend
from .lineage import DepartmentLineage, ItemMapping, map_departments, map_items
from .results import (
    ActionRow,
    Comparison,
    CompiledYear,
    DepartmentGap,
    DepartmentResult,
    Finding,
    GapEntry,
    ItemStat,
    UnitComparison,
)
from .scoring import Score, points_table

# How much one department's gap weighs in a finding's priority.
GAP_WEIGHT = {
    AnswerStatus.NOT_IMPLEMENTED: 1.0,
    AnswerStatus.UNKNOWN: 0.75,
    AnswerStatus.PARTIAL: 0.5,
}
# Gaps in departments holding personal data weigh more.
PERSONAL_DATA_FACTOR = 1.5


def compile_year(
    current: YearData,
    previous: YearData | None = None,
    today: _dt.date | None = None,
) -> CompiledYear:
    today = today or _dt.date.today()
    base = _compile_scores(current, today)
    if previous is None:
        return _replace(base, findings=_findings(base, {}))
    prev = _compile_scores(previous, today)
    return _with_comparison(base, prev, previous, today)


def _included(state: AssessmentState) -> bool:
    return state is AssessmentState.SUBMITTED


def _compile_scores(data: YearData, today: _dt.date) -> CompiledYear:
    """Scores per department, section, item and city (hot path: plain float accumulators)."""
    checklist = data.checklist
    org = data.organization
    items = checklist.items
    section_ids = [s.id for s in checklist.sections]
    sec_earned = dict.fromkeys(section_ids, 0.0)
    sec_possible = dict.fromkeys(section_ids, 0.0)
    item_earned = {i.id: 0.0 for i in items}
    item_possible = {i.id: 0.0 for i in items}
    item_counts: dict[str, Counter[AnswerStatus | None]] = {i.id: Counter() for i in items}
    item_gaps: dict[str, list[GapEntry]] = {i.id: [] for i in items}
    dept_results: list[DepartmentResult] = []
    actions: list[ActionRow] = []
    # weight·value and weight for every item and answer (scoring.item_points), in the items' order
    points = points_table(items)
    high = {i.id for i in items if i.severity is Severity.HIGH}

    for dept in org.departments:
        assessment = data.assessment(dept.code)
        included = _included(assessment.state)
        answers = assessment.answers
        d_earned = dict.fromkeys(section_ids, 0.0)
        d_possible = dict.fromkeys(section_ids, 0.0)
        counts: Counter[AnswerStatus | None] = Counter()
        high_gaps = 0
        applicable = 0
        own_gaps: list[DepartmentGap] = []
        own_na: list[DepartmentGap] = []
        for item, item_points in zip(items, points, strict=True):
            if item.applies_to and not applies(item, dept):
                continue
            applicable += 1
            answer = answers.get(item.id)
            status = answer.status if (answer is not None and not answer.carried_over) else None
            counts[status] += 1
            part = item_points[status]
            sid = item.section_id
            if part is not None:
                d_earned[sid] += part[0]
                d_possible[sid] += part[1]
            if status is AnswerStatus.NOT_IMPLEMENTED and item.id in high:
                high_gaps += 1
            if status is not None and status.is_gap and answer is not None:
                own_gaps.append(
                    DepartmentGap(
                        item=item,
                        status=status,
                        comment=answer.comment,
                        action=answer.action,
                        due=answer.due,
                        overdue=answer.due is not None and answer.due < today,
                    )
                )
            elif status is AnswerStatus.NOT_APPLICABLE and item.id in high and answer is not None:
                own_na.append(DepartmentGap(item=item, status=status, comment=answer.comment))
            if (
                status is not None
                and status.needs_action
                and answer is not None
                and (answer.action.strip() or answer.due is not None)
            ):
                actions.append(
                    ActionRow(
                        department=dept,
                        item=item,
                        status=status,
                        action=answer.action,
                        due=answer.due,
                        overdue=answer.due is not None and answer.due < today,
                        fiscal_year=data.fiscal_year,
                    )
                )
            if not included:
                continue
            item_counts[item.id][status] += 1
            if part is not None:
                earned, possible = part
                item_earned[item.id] += earned
                item_possible[item.id] += possible
                sec_earned[sid] += earned
                sec_possible[sid] += possible
            if status is not None and status.is_gap:
                item_gaps[item.id].append(
                    GapEntry(
                        department=dept,
                        status=status,
                        comment=answer.comment if answer else "",
                        action=answer.action if answer else "",
                        due=answer.due if answer else None,
                    )
                )
        dept_results.append(
            DepartmentResult(
                department=dept,
                state=assessment.state,
                included=included,
                score=Score(sum(d_earned.values()), sum(d_possible.values())),
                section_scores={sid: Score(d_earned[sid], d_possible[sid]) for sid in section_ids},
                counts=dict(counts),
                applicable=applicable,
                high_gaps=high_gaps,
                unknown=counts.get(AnswerStatus.UNKNOWN, 0),
                submitted_at=assessment.submitted_at,
                revision=assessment.revision,
                inspector=assessment.inspector,
                gaps=tuple(sorted(own_gaps, key=lambda g: (-g.item.weight, -GAP_WEIGHT[g.status]))),
                high_not_applicable=tuple(own_na),
            )
        )

    sections = {sid: Score(sec_earned[sid], sec_possible[sid]) for sid in section_ids}
    city = Score(sum(sec_earned.values()), sum(sec_possible.values()))
    item_stats = {
        item.id: ItemStat(
            item=item,
            score=Score(item_earned[item.id], item_possible[item.id]),
            counts=dict(item_counts[item.id]),
            gaps=tuple(item_gaps[item.id]),
        )
        for item in items
    }
    actions.sort(key=lambda a: (a.due or _dt.date.max, a.department.code, a.item.id))
    return CompiledYear(
        fiscal_year=data.fiscal_year,
        checklist=checklist,
        organization=org,
        compiled_on=today,
        city=city,
        sections=sections,
        departments=tuple(dept_results),
        item_stats=item_stats,
        findings=(),
        actions=tuple(actions),
        overdue_previous=(),
    )


def finding_priority(item_weight: int, gaps: tuple[GapEntry, ...]) -> tuple[int, float]:
    """(tier, priority) of an item with gaps; lower tier ranks first.

    Priority grows with severity and with how many departments share the gap;
    high-severity gaps in departments that hold personal data rank first.
    """
    priority = 0.0
    personal = False
    for g in gaps:
        factor = PERSONAL_DATA_FACTOR if g.department.holds_personal_data else 1.0
        personal = personal or g.department.holds_personal_data
        priority += GAP_WEIGHT[g.status] * factor
    priority *= item_weight
    tier = (0 if personal else 1) if item_weight >= 3 else 2
    return tier, round(priority, 4)


def _findings(compiled: CompiledYear, trends: dict[str, Trend]) -> tuple[Finding, ...]:
    checklist = compiled.checklist
    order = {d.code: n for n, d in enumerate(compiled.organization.departments)}
    known_codes = {t.code for t in checklist.incident_types}
    ranked = []
    for item in checklist.items:
        stat = compiled.item_stats[item.id]
        if not stat.gaps:
            continue
        tier, priority = finding_priority(item.weight, stat.gaps)
        ranked.append((tier, -priority, item.id, item, stat, priority))
    ranked.sort(key=lambda r: r[:3])
    findings = []
    for rank, (tier, _neg, _id, item, stat, priority) in enumerate(ranked, start=1):
        incident_types = tuple(checklist.incident_type(code) for code in item.prevents if code in known_codes)
        gaps = tuple(
            sorted(
                stat.gaps,
                key=lambda g: (
                    -GAP_WEIGHT[g.status],
                    not g.department.holds_personal_data,
                    order[g.department.code],
                ),
            )
        )
        findings.append(
            Finding(
                rank=rank,
                tier=tier,
                priority=priority,
                item=item,
                section=checklist.section(item.section_id),
                gaps=gaps,
                incident_types=incident_types,
                trend=trends.get(item.id, Trend.NO_PREVIOUS),
                score=stat.score,
            )
        )
    return tuple(findings)


def _gap_count(stat: ItemStat) -> int:
    return len(stat.gaps)


def _with_comparison(
    cur: CompiledYear, prev: CompiledYear, prev_data: YearData, today: _dt.date
) -> CompiledYear:
    """Compare with last year along the mappings: an item with the item(s) it replaces (combined),
    a department with the department(s) it continues (combined); the rest is listed, not dropped."""
    has_previous = prev.city.possible > 0
    items = map_items(prev_data.checklist, cur.checklist)
    lineage = map_departments(prev_data.organization, cur.organization)
    item_trends: dict[str, Trend] = {}
    stats = {}
    for item_id, stat in cur.item_stats.items():
        olds = items.counterparts(item_id)
        if not olds:
            trend = Trend.NOT_COMPARABLE
            p_score, p_gaps = None, None
        else:
            p_score = sum((prev.item_stats[o].score for o in olds), Score())
            p_gaps = sum(_gap_count(prev.item_stats[o]) for o in olds)
            trend = gap_trend(p_gaps, p_score if has_previous else None, _gap_count(stat), stat.score)
        item_trends[item_id] = trend
        stats[item_id] = _replace(stat, previous_score=p_score, previous_gaps=p_gaps, trend=trend)
    sections = {}
    for section in cur.checklist.sections:
        p = prev.sections.get(section.id) if has_previous else None
        sections[section.id] = UnitComparison(
            p, cur.sections[section.id], score_trend(p, cur.sections[section.id])
        )
    departments = {}
    dept_results = []
    for d in cur.departments:
        before = [prev.department(code) for code in lineage.predecessors(d.department.code)]
        counted = [r.score for r in before if r.included]
        p_score = sum(counted, Score()) if counted else None
        trend = score_trend(p_score, d.score)
        departments[d.department.code] = UnitComparison(p_score, d.score, trend)
        dept_results.append(_replace(d, previous_score=p_score, trend=trend))
    city = UnitComparison(
        prev.city if has_previous else None,
        cur.city,
        score_trend(prev.city if has_previous else None, cur.city),
    )
    city_same, same_count = _like_for_like(cur, prev, lineage)
    prev_org = prev_data.organization
    comparison = Comparison(
        previous_year=prev.fiscal_year,
        previous_checklist_version=prev.checklist.version,
        city=city,
        sections=sections,
        departments=departments,
        items=item_trends,
        not_comparable=items.new,
        dropped=items.retired,
        trend_counts=dict(Counter(item_trends.values())),
        checklist_version=cur.checklist.version,
        previous_checklist_title=prev.checklist.title,
        item_previous={i: olds for i, olds in items.previous_of.items() if olds and olds != (i,)},
        retired_items=tuple(prev.checklist.item(i) for i in items.retired),
        new_departments=lineage.new,
        vanished_departments=tuple(prev_org.department(c) for c in lineage.vanished),
        department_previous={
            code: tuple(prev_org.department(o) for o in olds)
            for code, olds in lineage.previous_of.items()
            if olds and lineage.changed(code)
        },
        city_same=city_same,
        same_departments=same_count,
        previous_counted=prev.submitted_count,
    )
    overdue = _overdue_previous(cur, prev, items, lineage, today)
    out = _replace(
        cur,
        item_stats=stats,
        departments=tuple(dept_results),
        comparison=comparison,
        overdue_previous=overdue,
    )
    return _replace(out, findings=_findings(out, item_trends))


def _like_for_like(
    cur: CompiledYear, prev: CompiledYear, lineage: DepartmentLineage
) -> tuple[UnitComparison | None, int]:
    """The city over the departments counted in both years (each with all its predecessors counted)."""
    prev_by_code = {d.department.code: d for d in prev.departments}
    now, then, n = Score(), Score(), 0
    for d in cur.departments:
        olds = [prev_by_code.get(code) for code in lineage.predecessors(d.department.code)]
        if not d.included or not olds or not all(o is not None and o.included for o in olds):
            continue
        now = now + d.score
        then = sum((o.score for o in olds if o is not None), then)
        n += 1
    if n == 0:
        return None, 0
    return UnitComparison(then, now, score_trend(then, now)), n


def _overdue_previous(
    cur: CompiledYear, prev: CompiledYear, items: ItemMapping, lineage: DepartmentLineage, today: _dt.date
) -> tuple[ActionRow, ...]:
    """Last year's planned actions whose due date has passed while the gap remains.

    An action follows its item to the item that replaces it and its department to the
    department(s) that continue it; it is resolved only when every successor department
    has submitted without a gap on the successor item. A retired item or a vanished
    department cannot be checked, so its action stays listed.
    """
    rows = []
    open_gaps = {(g.department.code, item_id) for item_id, stat in cur.item_stats.items() for g in stat.gaps}
    included = {d.department.code for d in cur.departments if d.included}
    successor_item = {old: new for new, olds in items.previous_of.items() for old in olds}
    for action in prev.actions:
        if action.due is None or action.due >= today:
            continue
        new_item = successor_item.get(action.item.id)
        depts = lineage.successors(action.department.code)
        resolved = (
            new_item is not None
            and bool(depts)
            and all(code in included for code in depts)
            and not any((code, new_item) in open_gaps for code in depts)
        )
        if resolved:
            continue
        row = _replace(action, overdue=True)
        if len(depts) == 1 and depts[0] != action.department.code:
            row = _replace(
                row, department=cur.organization.department(depts[0]), previous_department=action.department
            )
        if new_item is not None and new_item != action.item.id:
            row = _replace(row, item=cur.checklist.item(new_item), previous_item=action.item)
        rows.append(row)
    rows.sort(key=lambda a: (a.due or _dt.date.max, a.department.code, a.item.id))
    return tuple(rows)


_T = TypeVar("_T")


def _replace(obj: _T, **changes: Any) -> _T:
    from dataclasses import replace

    return replace(obj, **changes)  # type: ignore[type-var]
