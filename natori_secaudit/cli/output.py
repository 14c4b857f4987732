"""Standard output and error that can always be written.

A Japanese Windows console, Task Scheduler or ``> log.txt`` gives Python a
cp932 stream, and a path or department name may hold a character cp932 has
not (𠮷, ①, —). A closed pipe (``| head``) or a full disk may refuse the
write altogether. Either way the work the command did is done: a failure to
*print* must never turn a finished export or import into "nothing changed".
So every character that cannot be encoded is written as ``\\uXXXX`` (readable,
and nothing else is lost), and a stream that cannot be written any more is
dropped silently for the rest of the run.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from typing import Any


class GuardedStream(io.TextIOBase):
    """A text stream whose write and flush never raise."""

    def __init__(self, inner: Any) -> None:
        super().__init__()
        self._inner = inner
        self.broken = False

    def write(self, text: str) -> int:
        if self.broken:
            return len(text)
        try:
            return self._inner.write(text)
        except UnicodeEncodeError:  # a stream that could not be reconfigured
            enc = getattr(self._inner, "encoding", None) or "ascii"
            safe = text.encode(enc, "backslashreplace").decode(enc, "replace")
            try:
                return self._inner.write(safe)
            except (OSError, ValueError, UnicodeError):
                self._give_up()
        except (OSError, ValueError):
            self._give_up()
        return len(text)

    def flush(self) -> None:
        if self.broken:
            return
        try:
            self._inner.flush()
        except (OSError, ValueError):
            self._give_up()

    def _give_up(self) -> None:
        """Stop writing, and point the file descriptor at the null device so that the interpreter's
        own flush at exit does not fail (and print a traceback) on the same stream."""
        self.broken = True
        try:
            fd = self._inner.fileno()
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, fd)
            os.close(devnull)
        except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
            pass

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        try:
            return bool(self._inner.isatty())
        except (OSError, ValueError, AttributeError):
            return False

    def fileno(self) -> int:
        return self._inner.fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self._inner, "encoding", None) or "utf-8"

    @property
    def errors(self) -> str | None:  # type: ignore[override]
        return getattr(self._inner, "errors", None)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def make_safe() -> None:
    """Reconfigure sys.stdout/sys.stderr (once) so that printing can never fail."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if isinstance(stream, GuardedStream):
            continue
        if stream is None:  # pythonw / a windowed build: no console at all
            setattr(sys, name, GuardedStream(io.StringIO()))
            continue
        # not a TextIOWrapper (a test's capture): GuardedStream still encodes safely
        with contextlib.suppress(AttributeError, ValueError, OSError, io.UnsupportedOperation):
            stream.reconfigure(errors="backslashreplace")
        setattr(sys, name, GuardedStream(stream))


def finish() -> None:
    """Flush both streams at the end of a command; a failure here changes nothing that was done."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        with contextlib.suppress(OSError, ValueError, AttributeError):
            stream.flush()
