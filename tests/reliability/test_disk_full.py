"""A full disk: saving, submitting, exporting and reporting fail with a clear
message and leave every existing file intact. Uses a tiny tmpfs the test mounts."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from natori_secaudit.domain.answers import Answer, AnswerStatus
from natori_secaudit.domain.fiscal_year import FiscalYear
from natori_secaudit.errors import AppError, DiskFull
from natori_secaudit.services import reports, submission
from natori_secaudit.services.admin import AdminWorkspace
from natori_secaudit.services.department import DepartmentWorkspace

from .conftest import ADMIN_PASS, DEPT_PASS, answer_all, make_department

FY = FiscalYear(2026)


@pytest.fixture
def tiny_disk(tmp_path):
    mount = tmp_path / "tiny"
    mount.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a size-limited tmpfs needs root (CI runs as root)")
    proc = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1200k", "tmpfs", str(mount)], capture_output=True
    )
    if proc.returncode != 0:
        pytest.skip(f"cannot mount tmpfs here: {proc.stderr.decode(errors='replace').strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _fill(folder: Path) -> Path:
    filler = folder / "filler"
    with open(filler, "wb") as fh:
        try:
            while True:
                fh.write(b"\0" * 65536)
                fh.flush()
        except OSError:
            pass
    return filler


def _digest(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def test_saving_on_a_full_disk_fails_clearly_and_keeps_every_saved_answer(city, tiny_disk):
    _tmp, _admin, bundle = city
    path = make_department(tiny_disk, bundle, "shimin")
    with DepartmentWorkspace.open(path, DEPT_PASS) as ws:
        ws.save_answer(FY, Answer("A-1", AnswerStatus.IMPLEMENTED, evidence="規程"))
        _fill(tiny_disk)
        failures = 0
        for n in range(300):  # keep writing long comments until the disk refuses
            try:
                ws.save_answer(
                    FY,
                    Answer(
                        "A-2",
                        AnswerStatus.PARTIAL,
                        comment="長い説明" * 2000 + str(n),
                        action="対応",
                        due=__import__("datetime").date(2027, 3, 1),
                    ),
                )
            except AppError as exc:
                assert isinstance(exc, DiskFull), exc
                assert "空き容量" in exc.message
                failures += 1
                break
        assert failures == 1
    (tiny_disk / "filler").unlink()
    with DepartmentWorkspace.open(path, DEPT_PASS) as ws:
        assert ws.db.verify().ok
        assert ws.assessment(FY).answers["A-1"].evidence == "規程"


def test_submit_export_and_report_on_a_full_disk_leave_no_half_file(city, tiny_disk, tmp_path):
    _tmp, admin, bundle = city
    path = make_department(tmp_path, bundle, "shimin")
    with DepartmentWorkspace.open(path, DEPT_PASS) as ws:
        answer_all(ws, FY)
        out = submission.submit(ws, FY, tmp_path / "sub")
    with AdminWorkspace.open(admin, ADMIN_PASS) as ws:
        ws.import_file(out)
    # Existing files on the full disk must survive.
    previous = tiny_disk / "2026-ciso-report.pdf"
    previous.write_bytes(b"%PDF-1.4 previous report\n")
    before = _digest(previous)
    _fill(tiny_disk)
    with AdminWorkspace.open(admin, ADMIN_PASS) as ws:
        with pytest.raises(DiskFull) as info:
            reports.ciso_report(ws, FY, previous)
        assert str(previous) in info.value.message or "空き容量" in info.value.message
        for fmt, name in (("csv", "x.csv"), ("xlsx", "x.xlsx"), ("oscal", "x.json")):
            with pytest.raises(AppError):
                reports.export(ws, FY, fmt, tiny_disk / name)
            assert not (tiny_disk / name).exists()
    assert _digest(previous) == before
    assert not [p for p in tiny_disk.iterdir() if p.name.startswith(".natori-tmp")]
    shutil.rmtree(tmp_path / "sub", ignore_errors=True)


def test_submit_on_a_full_disk_leaves_the_assessment_open(city, tiny_disk, tmp_path):
    _tmp, _admin, bundle = city
    path = make_department(tmp_path, bundle, "shimin")
    with DepartmentWorkspace.open(path, DEPT_PASS) as ws:
        answer_all(ws, FY)
        _fill(tiny_disk)
        with pytest.raises(DiskFull):
            submission.submit(ws, FY, tiny_disk / "shimin.natori-submission")
        assert ws.assessment(FY).state.value == "in_progress"  # not locked: nothing was handed in
    assert not (tiny_disk / "shimin.natori-submission").exists()
    assert not [p for p in tiny_disk.iterdir() if p.name.startswith(".natori-tmp")]
