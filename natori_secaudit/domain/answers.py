"""The fixed answer scale of the self-inspection and one department's answer."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from enum import Enum


class AnswerStatus(str, Enum):
    """The five answers; the scale is fixed by the program, not by checklists."""

    IMPLEMENTED = "implemented"
    PARTIAL = "partial"
    NOT_IMPLEMENTED = "not_implemented"
    UNKNOWN = "unknown"
    NOT_APPLICABLE = "not_applicable"

    @property
    def value_score(self) -> float | None:
        """Contribution to a rate; None means left out of every rate (該当なし)."""
        return _SCORES[self]

    @property
    def is_gap(self) -> bool:
        """未実施, 一部実施 and わからない make an item a finding."""
        return self in (AnswerStatus.NOT_IMPLEMENTED, AnswerStatus.PARTIAL, AnswerStatus.UNKNOWN)

    @property
    def needs_comment(self) -> bool:
        """一部実施, 未実施, わからない ask for a comment; 該当なし for a reason."""
        return self is not AnswerStatus.IMPLEMENTED

    @property
    def needs_action(self) -> bool:
        """未実施 and 一部実施 ask for a planned action and its due date."""
        return self in (AnswerStatus.NOT_IMPLEMENTED, AnswerStatus.PARTIAL)

    @classmethod
    def parse(cls, text: str) -> AnswerStatus:
        """A code ('partial', any case); ValueError otherwise. The words a person types
        (一部実施, Partly) are the catalogue's: loading/answers_table.parse_status."""
        lowered = text.strip().lower()
        for status in cls:
            if lowered == status.value:
                return status
        raise ValueError(text)


_SCORES = {
    AnswerStatus.IMPLEMENTED: 1.0,
    AnswerStatus.PARTIAL: 0.5,
    AnswerStatus.NOT_IMPLEMENTED: 0.0,
    AnswerStatus.UNKNOWN: 0.0,
    AnswerStatus.NOT_APPLICABLE: None,
}

# Display order of the five answers (keys 1-5 in the app).
ANSWER_ORDER = (
    AnswerStatus.IMPLEMENTED,
    AnswerStatus.PARTIAL,
    AnswerStatus.NOT_IMPLEMENTED,
    AnswerStatus.UNKNOWN,
    AnswerStatus.NOT_APPLICABLE,
)


@dataclass(frozen=True)
class Answer:
    """One department's answer to one item.

    ``status`` None means unanswered. ``carried_over`` marks an answer copied
    from last year (前年度から) that nobody has confirmed yet: it does not
    count as answered until a person touches it. For 該当なし, ``comment``
    holds the reason.
    """

    item_id: str
    status: AnswerStatus | None = None
    comment: str = ""
    evidence: str = ""
    action: str = ""
    due: _dt.date | None = None
    carried_over: bool = False
    answered_by: str = ""
    updated_at: _dt.datetime | None = None

    @property
    def is_answered(self) -> bool:
        return self.status is not None and not self.carried_over

    @property
    def needs_follow_up(self) -> bool:
        """要対応: unanswered, carried over and not confirmed, a gap, or details still missing."""
        return self.status is None or self.carried_over or self.status.is_gap or bool(self.missing_details())

    def missing_details(self) -> tuple[str, ...]:
        """Names of the details this answer still asks for ('comment', 'action', 'due')."""
        missing: list[str] = []
        if self.status is None:
            return ()
        if self.status.needs_comment and not self.comment.strip():
            missing.append("comment")
        if self.status.needs_action:
            if not self.action.strip():
                missing.append("action")
            if self.due is None:
                missing.append("due")
        return tuple(missing)
