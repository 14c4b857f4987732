"""A killed export leaves a plaintext .natori-tmp-*.part: it is removed the next time the program opens."""

from __future__ import annotations

import os
import time

from natori_secaudit.services.admin import AdminWorkspace

from .conftest import ADMIN_PASS


def test_half_written_files_of_killed_writes_are_removed_at_the_next_open(city):
    tmp, admin, _bundle = city
    old = tmp / ".natori-tmp-2026-results.xlsx.part"
    old.write_bytes(b"plaintext answers of every department")
    past = time.time() - 3600
    os.utime(old, (past, past))
    fresh = tmp / ".natori-tmp-being-written.part"  # another window is writing right now
    fresh.write_bytes(b"in progress")
    with AdminWorkspace.open(admin, ADMIN_PASS):
        pass
    assert not old.exists()
    assert fresh.exists()
