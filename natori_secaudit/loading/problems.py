"""A located problem in a user's file: PATH:LINE:COL: message."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .. import i18n
from ..errors import InvalidInput


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    col: int
    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def message(self, lang: str | None = None) -> str:
        return i18n.t(self.key, lang=lang, **self.params)

    def format(self, lang: str | None = None) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.message(lang)}"

    def __str__(self) -> str:
        return self.format()


class ChecklistFileError(InvalidInput):
    """A checklist or department file with problems; ``problems`` lists every one."""

    def __init__(self, key: str = "checklist.file_invalid", /, *, problems: list | None = None, **params: Any):
        super().__init__(key, problems=problems, **params)
