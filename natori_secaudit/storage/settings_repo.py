"""Preferences kept in the database (font size, theme, idle minutes, backup count...), as JSON."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .database import Database


def get_setting(db: Database, key: str, default: Any = None) -> Any:
    row = db.one("SELECT value FROM settings WHERE key = ?", (key,))
    if row is None:
        return default
    try:
        return json.loads(row[0])
    except ValueError:  # a damaged preference is not worth refusing to work over
        return default


def set_setting(db: Database, key: str, value: Any) -> None:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    with db.transaction():
        db.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, text),
        )


def setting_keys(db: Database, prefix: str = "") -> list[str]:
    """Keys starting with ``prefix`` (literally: no wildcards), sorted."""
    return [
        r[0]
        for r in db.query(
            "SELECT key FROM settings WHERE substr(key, 1, ?) = ? ORDER BY key", (len(prefix), prefix)
        )
    ]
