"""Year over year: how a unit or an item moved since the previous fiscal year."""

from __future__ import annotations

from enum import Enum

from .scoring import Score


class Trend(str, Enum):
    IMPROVED = "improved"  # 改善
    REGRESSED = "regressed"  # 悪化
    STILL_OPEN = "still_open"  # 継続（未改善）
    NEW = "new"  # 新規
    RESOLVED = "resolved"  # 解消
    UNCHANGED = "unchanged"  # 変化なし
    NOT_COMPARABLE = "not_comparable"  # 前年度の点検票にない項目
    NO_PREVIOUS = "no_previous"  # 前年度のデータなし


def score_trend(previous: Score | None, current: Score) -> Trend:
    """Improved/regressed when the shown percentage moved by at least 0.1 points."""
    if previous is None or previous.percent is None:
        return Trend.NO_PREVIOUS
    if current.percent is None:
        return Trend.NOT_COMPARABLE
    delta = round(current.percent - previous.percent, 1)
    if delta >= 0.1:
        return Trend.IMPROVED
    if delta <= -0.1:
        return Trend.REGRESSED
    return Trend.UNCHANGED


def gap_trend(
    previous_gaps: int | None,
    previous_score: Score | None,
    current_gaps: int,
    current_score: Score,
) -> Trend:
    """Last year's state of an item city-wide, for findings (PDCA).

    ``previous_gaps`` None means the item was not in last year's checklist.
    """
    if previous_gaps is None:
        return Trend.NOT_COMPARABLE
    if previous_score is None or previous_score.possible <= 0:
        return Trend.NO_PREVIOUS
    if previous_gaps == 0:
        return Trend.NEW if current_gaps else Trend.UNCHANGED
    if current_gaps == 0:
        return Trend.RESOLVED
    prev_rate = previous_score.rate or 0.0
    cur_rate = current_score.rate or 0.0
    if cur_rate > prev_rate + 1e-9:
        return Trend.IMPROVED
    if cur_rate < prev_rate - 1e-9:
        return Trend.REGRESSED
    return Trend.STILL_OPEN
