"""A located problem in a user's file: ``PATH:LINE:COL: message``.

Problems keep a catalogue key and parameters rather than text, so the same
problem can be shown in Japanese (the default) or English; a parameter may
itself be a :class:`Ref` to a catalogue entry ("項目「A-1」" / "item 'A-1'").
A problem list is capped so that a hostile 5 MB file of aliases cannot make
us build millions of objects; the cap is reported, never silent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .. import i18n
from ..errors import InvalidInput

#: At most this many problems per file; the rest are summarised in one more.
MAX_PROBLEMS = 500


@dataclass(frozen=True)
class Ref:
    """A translatable parameter: the text of ``key`` formatted with ``params``."""

    key: str
    params: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def to(cls, key: str, /, **params: Any) -> Ref:
        return cls(key, tuple(sorted(params.items())))

    def text(self, lang: str | None = None) -> str:
        return i18n.t(self.key, lang=lang, **_resolve(dict(self.params), lang))


def _resolve(params: dict[str, Any], lang: str | None) -> dict[str, Any]:
    return {k: (v.text(lang) if isinstance(v, Ref) else v) for k, v in params.items()}


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a file, at a 1-based line and column."""

    path: str
    line: int
    col: int
    key: str  # message catalogue key, e.g. "checklist.missing_key"
    params: dict[str, Any] = field(default_factory=dict)

    def message(self, lang: str | None = None) -> str:
        return i18n.t(self.key, lang=lang, **_resolve(self.params, lang))

    def format(self, lang: str | None = None) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.message(lang)}"

    def __str__(self) -> str:
        return self.format()


class ChecklistFileError(InvalidInput):
    """A checklist or department file with problems; ``problems`` lists every one (as :class:`Problem`)."""

    def __init__(
        self, key: str = "checklist.file_invalid", /, *, problems: list[Problem] | None = None, **params: Any
    ) -> None:
        super().__init__(key, problems=problems, **params)
        self.problems: list[Problem] = list(problems or [])

    @classmethod
    def of(cls, path: str, problems: list[Problem]) -> ChecklistFileError:
        return cls("checklist.file_invalid", path=path, count=len(problems), problems=problems)


class Problems:
    """Collects the problems of one file, up to :data:`MAX_PROBLEMS` (then one summary line)."""

    def __init__(self, path: str, limit: int = MAX_PROBLEMS) -> None:
        self.path = path
        self.limit = limit
        self._items: list[Problem] = []
        self.truncated = False  # some problems were left out, or checking stopped early

    def add_at(self, line: int, col: int, key: str, /, **params: Any) -> None:
        if len(self._items) >= self.limit:
            self.truncated = True
            return
        clean = {k: _clean(v) for k, v in params.items()}
        self._items.append(Problem(self.path, max(1, line), max(1, col), key, clean))

    def add(self, mark_or_node: Any, key: str, /, **params: Any) -> None:
        """A problem at a PyYAML mark or node (0-based line/column; we show +1)."""
        self.add_at(*position(mark_or_node), key, **params)

    @property
    def full(self) -> bool:
        return len(self._items) >= self.limit

    def __bool__(self) -> bool:
        return bool(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def result(self) -> list[Problem]:
        """Every problem sorted by position, plus one summary if some were left out."""
        out = sorted(self._items, key=lambda p: (p.line, p.col))
        if self.truncated and out:
            last = out[-1]
            out.append(
                Problem(
                    self.path, last.line, last.col, "checklist.too_many_problems", {"shown": len(self._items)}
                )
            )
        return out


# Text quoted from the file into a message must print on one line and encode as UTF-8.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def _printable(text: str) -> str:
    return _UNPRINTABLE.sub("\ufffd", text)


def _clean(value: Any) -> Any:
    """Every quoted string, also those inside a Ref (「所属 X」 naming where a problem is), made printable."""
    if isinstance(value, str):
        return _printable(value)
    if isinstance(value, Ref):
        return Ref(value.key, tuple((k, _clean(v)) for k, v in value.params))
    return value


def position(mark_or_node: Any) -> tuple[int, int]:
    """1-based (line, column) of a PyYAML mark or node; (1, 1) when unknown."""
    mark = getattr(mark_or_node, "start_mark", mark_or_node)
    line = getattr(mark, "line", None)
    column = getattr(mark, "column", None)
    if not isinstance(line, int) or not isinstance(column, int):
        return 1, 1
    return line + 1, column + 1
