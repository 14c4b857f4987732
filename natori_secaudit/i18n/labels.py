"""Words for the domain's enums (answers, states, severities, trends), from the message catalogue.

The domain keeps codes only; what a person reads comes from ``i18n/<lang>/labels.yaml``
so that English means English everywhere (GUI, reports, exports). Every member of
every enum has a key in both languages (tests/unit/test_labels.py).
"""

from __future__ import annotations

from enum import Enum

from . import t

#: The enums that have labels, by catalogue group.
GROUPS = {
    "status": "natori_secaudit.domain.answers:AnswerStatus",
    "state": "natori_secaudit.domain.assessment:AssessmentState",
    "severity": "natori_secaudit.domain.checklist:Severity",
    "trend": "natori_secaudit.domain.comparison:Trend",
    "change": "natori_secaudit.domain.yoy:ItemChange",
}


def _group(member: Enum) -> str:
    name = type(member).__name__
    for group, path in GROUPS.items():
        if path.endswith(":" + name):
            return group
    raise KeyError(name)


def label(member: Enum | None, lang: str | None = None, *, none: str = "") -> str:
    """The word for an enum member (``none`` for None, e.g. 未回答)."""
    if member is None:
        return none
    return t(f"labels.{_group(member)}.{member.value}", lang=lang)


def status(member, lang: str | None = None) -> str:
    return label(member, lang, none=t("labels.status.unanswered", lang=lang))


def band(number: int, lang: str | None = None) -> str:
    """The label of a heat-map band (4 = 90 and over … 1 = under 60, 0 = no figure)."""
    return t(f"labels.band.b{int(number)}", lang=lang)
