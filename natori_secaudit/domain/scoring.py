"""The score formula: Σ weight·value / Σ weight over applicable, answered items.

該当なし is left out of both sums; わからない counts 0 (and is flagged
elsewhere); unanswered items are left out and shown apart as progress.
"""

from __future__ import annotations

from collections.abc import Iterable
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


def score(pairs: Iterable[tuple[Item, AnswerStatus | None]]) -> Score:
    """Sum of item scores over (item, status) pairs (already filtered for applicability)."""
    earned = 0.0
    possible = 0.0
    for item, status in pairs:
        if status is None:
            continue
        value = status.value_score
        if value is None:
            continue
        earned += item.weight * value
        possible += item.weight
    return Score(earned, possible)
