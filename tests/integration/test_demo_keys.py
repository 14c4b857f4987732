"""The demo derives each new department database's key no more often than creating it does."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from natori_secaudit.services.demo import build_demo
from natori_secaudit.storage import driver

pytestmark = pytest.mark.slow  # whole demo cities and long PDFs: CI runs them, not the quick loop


def _count_connects(monkeypatch) -> Counter:
    """Every SQLCipher connection with a passphrase derives the key: count them per file."""
    seen: Counter = Counter()
    real = driver.connect

    def counting(path, passphrase, **kw):
        seen[Path(path).name] += 1
        return real(path, passphrase, **kw)

    monkeypatch.setattr(driver, "connect", counting)
    return seen


def test_a_department_database_is_not_opened_again_after_it_is_created(tmp_path, monkeypatch):
    seen = _count_connects(monkeypatch)
    result = build_demo(tmp_path / "demo", seed=2026, today=dt.date(2026, 11, 24))
    opened = {code: seen[path.name] for code, path in result.department_dbs.items()}
    # Database.create opens the finished file once; the demo then fills and submits through that
    # connection. Only the department a return notice is sent to is opened again, to read it.
    assert sorted(opened.values()) == [1] * 18 + [2], opened
