"""Carry-over (前年度・要確認): last year's answers offered for this year's items.

An item that replaces several earlier items takes the weakest of their answers
(the department confirms or corrects it anyway); an item with no counterpart
last year has nothing to carry over and is listed, never guessed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from .answers import Answer
from .checklist import Checklist, Item
from .lineage import ItemMapping


def _strength(answer: Answer) -> float:
    value = answer.status.value_score if answer.status is not None else None
    return 2.0 if value is None else float(value)  # 該当なし sorts after every scored answer


def carry_over_answers(
    previous: Checklist,
    previous_answers: Mapping[str, Answer],
    items: Iterable[Item],
    mapping: ItemMapping,
) -> tuple[list[Answer], list[str]]:
    """(answers for ``items`` marked carried over, ids of items with nothing to carry over)."""
    out: list[Answer] = []
    nothing: list[str] = []
    for item in items:
        found = [
            previous_answers[old]
            for old in mapping.counterparts(item.id)
            if old in previous_answers and previous_answers[old].status is not None
        ]
        if not found:
            nothing.append(item.id)
            continue
        source = min(found, key=_strength)
        out.append(replace(source, item_id=item.id, carried_over=True, updated_at=None))
    return out, nothing
