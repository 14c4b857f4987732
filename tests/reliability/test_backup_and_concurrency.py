"""Backups (daily, before migration, restore after damage) and two instances on one database."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from natori_secaudit import storage
from natori_secaudit.domain.fiscal_year import FiscalYear
from natori_secaudit.errors import DamagedFile, DatabaseBusy
from natori_secaudit.services import keeping
from natori_secaudit.services.department import DepartmentWorkspace

from .conftest import DEPT_PASS, answer_all, make_department

ROOT = Path(__file__).resolve().parents[2]
FY = FiscalYear(2026)


def test_daily_backup_and_restore_after_damage(city, tmp_path):
    _tmp, _admin, bundle = city
    path = make_department(tmp_path, bundle, "shimin")
    with DepartmentWorkspace.open(path, DEPT_PASS) as ws:  # opening makes the day's backup
        answer_all(ws, FY)
    backups = keeping.list_backups(path)
    assert len(backups) == 1
    made = keeping.backup(path, DEPT_PASS)  # and one on request, with the answers
    data = bytearray(path.read_bytes())
    data[4096 * 2 + 50] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(DamagedFile):
        DepartmentWorkspace.open(path, DEPT_PASS)
    aside = keeping.restore(made, path, DEPT_PASS)
    assert aside is not None and aside.exists()  # the damaged file is kept, not deleted
    with DepartmentWorkspace.open(path, DEPT_PASS) as ws:
        assert len(ws.assessment(FY).answers) == len(ws.assessment(FY).items)
        assert ws.db.verify().ok


def test_backups_are_encrypted_and_pruned(city, tmp_path):
    _tmp, _admin, bundle = city
    path = make_department(tmp_path, bundle, "shimin")
    with storage.Database.open(path, DEPT_PASS) as db:
        made = [storage.backup_now(db, keep=3) for _ in range(5)]
    kept = storage.list_backups(path)
    assert len(kept) == 3
    assert b"SQLite format 3" not in made[-1].read_bytes()[:16]
    assert "shimin" not in made[-1].read_bytes().decode("latin-1")


def test_second_instance_is_refused_in_another_process(city, tmp_path):
    _tmp, _admin, bundle = city
    path = make_department(tmp_path, bundle, "shimin")
    with DepartmentWorkspace.open(path, DEPT_PASS):
        code = (
            "import sys\n"
            "from natori_secaudit.services.department import DepartmentWorkspace\n"
            "from natori_secaudit.errors import DatabaseBusy\n"
            f"try:\n    DepartmentWorkspace.open({str(path)!r}, {DEPT_PASS!r})\n"
            "except DatabaseBusy as e:\n    print('BUSY', e.message); sys.exit(3)\n"
        )
        import os

        env = dict(os.environ, PYTHONPATH=str(ROOT))
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
        assert proc.returncode == 3, proc.stderr
        assert "別のウィンドウ" in proc.stdout
        with pytest.raises(DatabaseBusy):
            DepartmentWorkspace.open(path, DEPT_PASS)
    with DepartmentWorkspace.open(path, DEPT_PASS) as ws:  # after closing, it opens again
        assert ws.db.verify().ok
