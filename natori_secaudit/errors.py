"""Errors a user can be shown.

Two kinds, one place that reports them (see cli.py and gui/app.py):

* :class:`AppError` and subclasses — expected failures (wrong passphrase,
  broken YAML, tampered file, full disk). They carry a message-catalogue key
  and parameters; the text is looked up in the user's language when shown.
  Never a traceback.
* anything else is a programming error: logged with its traceback to a log
  file, and the user gets a short message with the log's path.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from . import i18n


class AppError(Exception):
    """An expected failure shown to the user as a translated message."""

    #: CLI exit status: 1 refused/failed, 2 bad usage or invalid input.
    exit_code = 1

    def __init__(self, key: str, /, **params: Any) -> None:
        self.key = key
        self.params = params
        super().__init__(key)

    @property
    def message(self) -> str:
        return i18n.t(self.key, **self.params)

    def __str__(self) -> str:  # logs and tests see the user's text
        try:
            return self.message
        except Exception:  # pragma: no cover - catalogue broken
            return f"{self.key} {self.params!r}"


class InvalidInput(AppError):
    """Bad usage or invalid input (a checklist with errors, a bad CSV...)."""

    exit_code = 2

    def __init__(self, key: str, /, *, problems: Sequence[Any] | None = None, **params: Any) -> None:
        super().__init__(key, **params)
        self.problems = list(problems or [])


class Refused(AppError):
    """The operation was refused: locked assessment, unanswered items, ..."""


class WrongPassphrase(AppError):
    def __init__(self, key: str = "storage.wrong_passphrase", /, **params: Any) -> None:
        super().__init__(key, **params)


class DamagedFile(AppError):
    """A database, backup, bundle or submission that fails its integrity checks."""


class DatabaseBusy(AppError):
    """Another instance of the program has the database open."""


class DiskFull(AppError):
    def __init__(self, key: str = "common.disk_full", /, **params: Any) -> None:
        super().__init__(key, **params)


class FileAccessError(AppError):
    """Could not read or write a file (missing, permission, ...)."""
