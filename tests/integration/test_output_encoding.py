"""What the command line prints can never fail, and never un-says finished work.

Run as a Japanese Windows PC runs it with output redirected: PYTHONIOENCODING=cp932 in a subprocess.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOT_DONE = "データは変更されていません"


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NATORI_")}
    env.update(
        PYTHONPATH=str(ROOT),
        PYTHONIOENCODING="cp932",
        NATORI_SECAUDIT_HOME=str(home),
        NATORI_SECAUDIT_FAST_KDF="1",
        **extra,
    )
    return env


def _cli(args, env, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "natori_secaudit", *map(str, args)],
        env=env,
        capture_output=True,
        timeout=300,
        **kw,
    )


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    """An IT division's database holding this year's bundle (what an export needs; the
    encoding and the pipe, not the figures, are under test here)."""
    base = tmp_path_factory.mktemp("enc")
    env = _env(base / "home", NATORI_SECAUDIT_PASSPHRASE="demo-admin-passphrase")
    db = base / "demo" / "admin.db"
    db.parent.mkdir()
    for args in (
        ["init", "--role", "admin", "--db", db],
        [
            "bundle",
            "--db",
            db,
            "--year",
            _year(),
            "--checklist",
            "natori-standard",
            "--out",
            base / "b.natori-bundle",
        ],
    ):
        proc = _cli(args, env)
        assert proc.returncode == 0, proc.stderr.decode("cp932")
    return base / "demo"


def _year() -> int:
    today = dt.date.today()
    return today.year if today.month >= 4 else today.year - 1


def test_help_redirected_to_a_file_in_cp932_prints_no_traceback(tmp_path):
    out = tmp_path / "help.txt"
    with open(out, "wb") as fh:
        proc = subprocess.run(
            [sys.executable, "-m", "natori_secaudit", "--help"],
            env=_env(tmp_path),
            stdout=fh,
            stderr=subprocess.PIPE,
            timeout=60,
        )
    assert proc.returncode == 0
    assert b"Traceback" not in proc.stderr
    text = out.read_bytes().decode("cp932")
    assert "natori-secaudit" in text and "名取市" in text


def test_export_into_a_folder_cp932_cannot_spell_is_done_and_said_so(demo, tmp_path):
    target = tmp_path / "𠮷野 集計" / "集計.csv"
    target.parent.mkdir()
    proc = _cli(
        ["export", "--db", demo / "admin.db", "--year", _year(), "--format", "csv", "--out", target],
        _env(tmp_path / "home", NATORI_SECAUDIT_PASSPHRASE="demo-admin-passphrase"),
    )
    out = (proc.stdout + proc.stderr).decode("cp932")
    assert proc.returncode == 0, out
    assert target.is_file()
    assert NOT_DONE not in out and "Traceback" not in out
    assert "\\U00020bb7野 集計" in out  # the path, with the one character cp932 lacks escaped


def test_a_closed_output_pipe_does_not_turn_a_finished_export_into_a_failure(demo, tmp_path):
    target = tmp_path / "集計.xlsx"
    env = _env(tmp_path / "home", NATORI_SECAUDIT_PASSPHRASE="demo-admin-passphrase")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "natori_secaudit",
            "export",
            "--db",
            str(demo / "admin.db"),
            "--year",
            str(_year()),
            "--format",
            "xlsx",
            "--out",
            str(target),
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    proc.stdout.close()  # nobody reads: the first print meets a broken pipe
    err = proc.stderr.read().decode("cp932")
    assert proc.wait(timeout=300) == 0, err
    assert target.is_file()
    assert NOT_DONE not in err and "Traceback" not in err


def test_validate_prints_a_path_with_characters_outside_cp932(tmp_path):
    folder = tmp_path / "点検票 𠮷①"
    folder.mkdir()
    (folder / "departments.yaml").write_bytes((ROOT / "checklists" / "departments.yaml").read_bytes())
    proc = _cli(["checklist", "validate", folder / "departments.yaml"], _env(tmp_path / "home"))
    out = (proc.stdout + proc.stderr).decode("cp932")
    assert proc.returncode == 0, out
    assert "departments.yaml" in out and "Traceback" not in out
