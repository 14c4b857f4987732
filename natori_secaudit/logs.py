"""The log file: where unexpected errors go with their traceback.

Never logs passphrases or keys: messages are built from catalogue keys and
file names only.
"""

from __future__ import annotations

import datetime as _dt
import logging
import os
import traceback
from pathlib import Path

_configured = False


def setup() -> None:
    global _configured
    if _configured:
        return
    _configured = True
    logging.getLogger("natori_secaudit").setLevel(logging.INFO)


def write_crash(exc: BaseException, context: str = "") -> Path:
    """Append a traceback to a fresh crash log; return its path."""
    from .services.paths import log_dir

    folder = log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    path = folder / f"error-{stamp}.log"
    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(f"{_dt.datetime.now().astimezone().isoformat()} {context}\n{text}\n")
    return path
