"""Strict reading of decoded JSON: every field checked, any surprise is 'damaged'."""

from __future__ import annotations

import datetime as _dt
from typing import Any

from ..domain.answers import Answer, AnswerStatus
from ..domain.text import clean_answer


class BadField(ValueError):
    """A field of a decoded file has the wrong type or value."""


#: No number in an exchange file is larger than this (SQLite holds 64-bit integers; JSON holds any).
MAX_INT = 2**53


def get(d: Any, key: str, kind: type | tuple[type, ...], *, max_len: int = 20000) -> Any:
    if not isinstance(d, dict) or key not in d:
        raise BadField(key)
    value = d[key]
    if isinstance(value, bool) and kind is int:
        raise BadField(key)
    if not isinstance(value, kind):
        raise BadField(key)
    if isinstance(value, int) and not isinstance(value, bool) and not -MAX_INT <= value <= MAX_INT:
        raise BadField(key)
    if isinstance(value, str) and len(value) > max_len:
        raise BadField(key)
    return value


def aware(text: str, key: str) -> _dt.datetime:
    try:
        value = _dt.datetime.fromisoformat(text)
    except (TypeError, ValueError):
        raise BadField(key) from None
    if value.tzinfo is None:
        raise BadField(key)
    return value


def _optional_date(value: Any, key: str) -> _dt.date | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise BadField(key)
    try:
        return _dt.date.fromisoformat(value)
    except ValueError:
        raise BadField(key) from None


def _optional_datetime(value: Any, key: str) -> _dt.datetime | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise BadField(key)
    try:
        return _dt.datetime.fromisoformat(value)
    except ValueError:
        raise BadField(key) from None


def answer(d: Any) -> Answer:
    if not isinstance(d, dict):
        raise BadField("answer")
    status = d.get("status")
    if status is not None and (not isinstance(status, str) or status not in {s.value for s in AnswerStatus}):
        raise BadField("status")
    return clean_answer(
        Answer(
            item_id=get(d, "item_id", str, max_len=100),
            status=AnswerStatus(status) if status else None,
            comment=get(d, "comment", str),
            evidence=get(d, "evidence", str),
            action=get(d, "action", str),
            due=_optional_date(d.get("due"), "due"),
            carried_over=get(d, "carried_over", bool),
            answered_by=get(d, "answered_by", str, max_len=200),
            updated_at=_optional_datetime(d.get("updated_at"), "updated_at"),
        )
    )
