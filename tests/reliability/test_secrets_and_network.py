"""Secrets never reach the disk outside the encrypted database, and the program
opens no network connection (the demo runs with sockets blocked)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from natori_secaudit.domain.fiscal_year import FiscalYear
from natori_secaudit.errors import AppError
from natori_secaudit.services.department import DepartmentWorkspace

from .conftest import DEPT_PASS, answer_all, make_department

ROOT = Path(__file__).resolve().parents[2]


def test_passphrase_is_never_written_anywhere(city, tmp_path):
    _tmp, _admin, bundle = city
    path = make_department(tmp_path, bundle, "shimin")
    with DepartmentWorkspace.open(path, DEPT_PASS) as ws:
        answer_all(ws, FY := FiscalYear(2026))
    try:
        DepartmentWorkspace.open(path, DEPT_PASS + "x")
    except AppError as exc:
        assert DEPT_PASS not in str(exc)
    from natori_secaudit.cli import main

    os.environ["NATORI_SECAUDIT_PASSPHRASE"] = DEPT_PASS
    try:
        main(["verify", "--db", str(path)])
        main(
            [
                "report",
                "department",
                "--db",
                str(path),
                "--year",
                "2026",
                "--department",
                "shimin",
                "--out",
                str(tmp_path / "r.pdf"),
            ]
        )
    finally:
        del os.environ["NATORI_SECAUDIT_PASSPHRASE"]
    needles = [DEPT_PASS.encode("utf-8"), DEPT_PASS.encode("utf-16-le")]
    home = Path(os.environ["NATORI_SECAUDIT_HOME"])
    for folder in (tmp_path, home):
        for p in folder.rglob("*"):
            if p.is_file():
                data = p.read_bytes()
                assert not any(n in data for n in needles), p
    del FY


def test_reports_are_user_only_and_marked(city, tmp_path):
    import stat

    _tmp, _admin, bundle = city
    path = make_department(tmp_path, bundle, "shimin")
    with DepartmentWorkspace.open(path, DEPT_PASS) as ws:
        answer_all(ws, FiscalYear(2026))
        from natori_secaudit.services import reports

        out = reports.department_report(ws, FiscalYear(2026), tmp_path / "d.pdf")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    from pypdf import PdfReader

    assert "取扱注意" in PdfReader(str(out)).pages[0].extract_text()


BLOCK_SOCKETS = """
import socket, sys
class _Blocked(socket.socket):
    def __init__(self, *a, **k):
        raise RuntimeError("network access attempted")
socket.socket = _Blocked
for name in ("create_connection", "getaddrinfo"):
    setattr(socket, name, lambda *a, **k: (_ for _ in ()).throw(RuntimeError("network access attempted")))
from natori_secaudit.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.slow
def test_demo_runs_with_sockets_blocked(tmp_path):
    env = dict(os.environ, NATORI_SECAUDIT_HOME=str(tmp_path / "home"), PYTHONPATH=str(ROOT))
    env.pop("DISPLAY", None)
    proc = subprocess.run(
        [sys.executable, "-c", BLOCK_SOCKETS, "demo", "--dir", str(tmp_path / "demo"), "--no-gui"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "network access attempted" not in proc.stderr
    assert (tmp_path / "demo" / "reports").is_dir()
    assert any((tmp_path / "demo" / "reports").glob("*-ciso-report.pdf"))
