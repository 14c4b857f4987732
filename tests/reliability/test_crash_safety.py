"""Kill the program (SIGKILL) at random moments while it saves answers,
changes the passphrase, imports submissions and writes a report; after each
kill the database opens, verify passes, every acknowledged answer is there and
no half-written file is left under its real name.

CI size: NATORI_CRASH_KILLS (default 20) per operation; benchmarks/reliability.py
runs the nightly size (200) and records the figures in docs/reliability.md.
"""

from __future__ import annotations

import os

import pytest

from .harness import WORLDS, run_kills

pytestmark = pytest.mark.slow  # kills, flips and fuzzing: CI and the nightly run, not the quick loop

KILLS = int(os.environ.get("NATORI_CRASH_KILLS", "20"))


@pytest.fixture(scope="module")
def worlds(tmp_path_factory):
    os.environ.setdefault("NATORI_SECAUDIT_FAST_KDF", "1")
    built = {}
    for op, build in WORLDS.items():
        built[op] = build(tmp_path_factory.mktemp(f"world-{op}"))
    return built


@pytest.mark.slow
@pytest.mark.parametrize("operation", ["save", "rekey", "import", "report"])
def test_random_kills_lose_nothing(operation, worlds, tmp_path):
    stats = run_kills(operation, worlds[operation], tmp_path, KILLS, seed=hash(operation) & 0xFFFF)
    assert stats.kills == KILLS
    assert stats.failures == []
    # The harness must really have interrupted work in progress, not idle processes.
    assert stats.acks > 0
