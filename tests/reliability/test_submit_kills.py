"""Kill the program (SIGKILL) at random moments while it submits: afterwards the department
database is either not submitted (and no submission file has its real name), or locked with the
file's exact bytes kept; the file on disk is those bytes or, if the kill came before it got its
name, `write_submission_again` writes it; in both cases the IT division imports it as `imported`.

CI size: NATORI_CRASH_KILLS (default 20); benchmarks/reliability.py runs the nightly size.
The child says READY with the database open and is killed 0–80 ms later, so the kills land
inside the submit call (about 40 ms), not in Python's start-up.
"""

from __future__ import annotations

import os

import pytest

from .harness import WORLDS, run_kills

pytestmark = pytest.mark.slow  # kills, flips and fuzzing: CI and the nightly run, not the quick loop

KILLS = int(os.environ.get("NATORI_CRASH_KILLS", "20"))


@pytest.mark.slow
def test_random_kills_during_submit_leave_a_consistent_submission(tmp_path):
    os.environ.setdefault("NATORI_SECAUDIT_FAST_KDF", "1")
    world = WORLDS["submit"](tmp_path / "world")
    stats = run_kills("submit", world, tmp_path / "runs", KILLS, seed=2026)
    assert stats.kills == KILLS
    assert stats.failures == []
    assert sum(stats.states.values()) == KILLS
    # Both sides of the commit were really hit.
    assert stats.states["submitted, file written"] + stats.states["submitted, file written again"] > 0
    assert stats.states["not submitted"] + stats.states["not submitted, a staged copy left"] > 0
