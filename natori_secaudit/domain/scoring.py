"""The score formula: Σ weight·value / Σ weight over applicable, answered items.

該当なし is left out of both sums; わからない counts 0 (and is flagged
elsewhere); unanswered items are left out and shown apart as progress.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .answers import AnswerStatus
from .checklist import Item


@dataclass(frozen=True)
class Score:
    earned: float = 0.0
    possible: float = 0.0

    @property
    def rate(self) -> float | None:
        """0.0..1.0, or None when nothing applicable was answered."""
        if self.possible <= 0:
            return None
        return self.earned / self.possible

    @property
    def percent(self) -> float | None:
        """Percentage rounded to one decimal, as shown everywhere."""
        rate = self.rate
        if rate is None:
            return None
        return round_half_up(rate * 100.0)

    def __add__(self, other: Score) -> Score:
        return Score(self.earned + other.earned, self.possible + other.possible)

    def format(self) -> str:
        pct = self.percent
        return "—" if pct is None else f"{pct:.1f}"


def round_half_up(value: float, digits: int = 1) -> float:
    """Round 12.25 → 12.3 (as people expect), not banker's rounding."""
    from decimal import ROUND_HALF_UP, Decimal

    quant = Decimal(1).scaleb(-digits)
    return float(Decimal(repr(value)).quantize(quant, rounding=ROUND_HALF_UP))


# One item's part of a rate: (earned, possible) = (weight·value, weight).
Points = tuple[float, float]


def item_points(weight: float, status: AnswerStatus | None) -> Points | None:
    """What one answer adds to the two sums: (weight·value, weight); None when it is left out of
    both (unanswered, 該当なし). The one definition of an item's score."""
    if status is None:
        return None
    value = status.value_score
    if value is None:
        return None
    return (weight * value, float(weight))


def points_table(items: Sequence[Item]) -> list[dict[AnswerStatus | None, Points | None]]:
    """:func:`item_points` of every answer (and of none) for each item, in the items' order:
    compiling a year looks these up instead of multiplying in its inner loop. Items of the same
    weight share one (read-only) dict, so a year's table costs a few dicts, not one per item."""
    answers: tuple[AnswerStatus | None, ...] = (None, *AnswerStatus)
    by_weight = {w: {status: item_points(w, status) for status in answers} for w in {i.weight for i in items}}
    return [by_weight[item.weight] for item in items]


def score(pairs: Iterable[tuple[Item, AnswerStatus | None]]) -> Score:
    """Sum of item scores over (item, status) pairs (already filtered for applicability)."""
    earned = 0.0
    possible = 0.0
    for item, status in pairs:
        points = item_points(item.weight, status)
        if points is None:
            continue
        earned += points[0]
        possible += points[1]
    return Score(earned, possible)
