"""One department's year over year, item by item (its own PDCA view).

Follows the checklist revision (``replaces``): an item compares with the
weakest of last year's answers to the items it continues. Items with no
counterpart are listed as new; last year's items that no item continues are
listed as retired. Nothing is dropped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum

from .answers import Answer, AnswerStatus
from .checklist import Checklist, Item
from .lineage import map_items


class ItemChange(str, Enum):
    IMPROVED = "improved"  # 改善
    REGRESSED = "regressed"  # 悪化
    STILL_OPEN = "still_open"  # 未改善（前年度も今年度も対応が必要）
    UNCHANGED = "unchanged"  # 変化なし
    NEW_ITEM = "new_item"  # 新しい項目（前年度に対応する項目がない）
    NOT_ANSWERED = "not_answered"  # 今年度まだ回答していない（前年度・要確認を含む）
    NOT_COMPARABLE = "not_comparable"  # 該当なしになった・該当なしでなくなった


ORDER = (
    ItemChange.REGRESSED,
    ItemChange.STILL_OPEN,
    ItemChange.IMPROVED,
    ItemChange.NEW_ITEM,
    ItemChange.NOT_ANSWERED,
    ItemChange.NOT_COMPARABLE,
    ItemChange.UNCHANGED,
)


@dataclass(frozen=True)
class ItemYoY:
    item: Item
    change: ItemChange
    previous: tuple[str, ...]  # last year's item ids compared with
    previous_status: AnswerStatus | None
    current_status: AnswerStatus | None


@dataclass(frozen=True)
class DepartmentYoY:
    rows: tuple[ItemYoY, ...]  # this year's items, in checklist order
    retired: tuple[Item, ...]  # last year's items no item of this year continues
    previous_version: str
    current_version: str

    def of(self, change: ItemChange) -> tuple[ItemYoY, ...]:
        return tuple(r for r in self.rows if r.change is change)

    def counts(self) -> dict[ItemChange, int]:
        return {c: len(self.of(c)) for c in ORDER}


def _answered(answer: Answer | None) -> AnswerStatus | None:
    if answer is None or answer.carried_over or answer.status is None:
        return None
    return answer.status


def _weakest(statuses: Sequence[AnswerStatus]) -> AnswerStatus | None:
    scored = [s for s in statuses if s.value_score is not None]
    if scored:
        return min(scored, key=lambda s: s.value_score or 0.0)
    return statuses[0] if statuses else None


def classify(previous: AnswerStatus | None, current: AnswerStatus | None, comparable: bool) -> ItemChange:
    if not comparable:
        return ItemChange.NEW_ITEM
    if current is None:
        return ItemChange.NOT_ANSWERED
    if previous is None:
        return ItemChange.NEW_ITEM
    p, c = previous.value_score, current.value_score
    if p is None or c is None:
        return ItemChange.UNCHANGED if previous is current else ItemChange.NOT_COMPARABLE
    if c > p:
        return ItemChange.IMPROVED
    if c < p:
        return ItemChange.REGRESSED
    return ItemChange.STILL_OPEN if current.is_gap else ItemChange.UNCHANGED


def department_yoy(
    previous_checklist: Checklist,
    previous_answers: Mapping[str, Answer],
    current_checklist: Checklist,
    current_items: Sequence[Item],
    current_answers: Mapping[str, Answer],
) -> DepartmentYoY:
    mapping = map_items(previous_checklist, current_checklist)
    rows = []
    for item in current_items:
        olds = mapping.counterparts(item.id)
        before = [s for s in (_answered(previous_answers.get(o)) for o in olds) if s is not None]
        prev = _weakest(before)
        cur = _answered(current_answers.get(item.id))
        rows.append(ItemYoY(item, classify(prev, cur, bool(olds) and prev is not None), olds, prev, cur))
    retired = tuple(previous_checklist.item(i) for i in mapping.retired)
    return DepartmentYoY(tuple(rows), retired, previous_checklist.version, current_checklist.version)
