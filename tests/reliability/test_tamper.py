"""Tamper and damage: flipped bytes in databases and submissions, edited audit
logs, and a department that rolls its database back and resubmits."""

from __future__ import annotations

import hashlib
import os
import random
import shutil

import pytest

from natori_secaudit import storage
from natori_secaudit.domain.answers import Answer, AnswerStatus
from natori_secaudit.domain.fiscal_year import FiscalYear
from natori_secaudit.errors import AppError
from natori_secaudit.services import submission
from natori_secaudit.services.admin import AdminWorkspace
from natori_secaudit.services.department import DepartmentWorkspace

from .conftest import ADMIN_PASS, DEPT_PASS, answer_all, make_department

pytestmark = pytest.mark.slow  # kills, flips and fuzzing: CI and the nightly run, not the quick loop

FY = FiscalYear(2026)
FLIPS = int(os.environ.get("NATORI_TAMPER_FLIPS", "1000"))


def _detected(path) -> bool:
    """True if opening or verifying the database reports the damage."""
    try:
        db = storage.Database.open(path, DEPT_PASS)
    except AppError:
        return True
    try:
        return not db.verify().ok
    finally:
        db.close(write_sidecar=False)


def test_flipped_bytes_in_a_database_are_always_detected(city, tmp_path):
    _tmp, _admin, bundle = city
    path = make_department(tmp_path, bundle, "shimin")
    with DepartmentWorkspace.open(path, DEPT_PASS) as ws:
        answer_all(ws, FY, {"B-1": AnswerStatus.PARTIAL})
    pristine = path.read_bytes()
    sidecar = path.with_name(path.name + ".check")
    side_bytes = sidecar.read_bytes()
    rng = random.Random(2026)
    offsets = [rng.randrange(len(pristine)) for _ in range(FLIPS)]
    undetected = []
    for off in offsets:
        data = bytearray(pristine)
        data[off] ^= 1 << rng.randrange(8)
        path.write_bytes(bytes(data))
        sidecar.write_bytes(side_bytes)
        if not _detected(path):
            undetected.append(off)
    path.write_bytes(pristine)
    assert undetected == [], f"{len(undetected)} of {FLIPS} flips not detected"


def _admin_content_hash(admin) -> str:
    with storage.Database.open(admin, ADMIN_PASS) as db:
        rows = (
            db.query("SELECT * FROM assessments ORDER BY id")
            + db.query("SELECT * FROM answers ORDER BY assessment_id, item_id")
            + db.query("SELECT * FROM submissions ORDER BY id")
        )
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def test_flipped_bytes_in_submissions_are_rejected_and_change_nothing(city, tmp_path):
    _tmp, admin, bundle = city
    path = make_department(tmp_path, bundle, "shimin")
    with DepartmentWorkspace.open(path, DEPT_PASS) as ws:
        answer_all(ws, FY)
        out = submission.submit(ws, FY, tmp_path / "out")
    good = out.read_bytes()
    before = _admin_content_hash(admin)
    rng = random.Random(7)
    bad = tmp_path / "bad.natori-submission"
    accepted = 0
    with AdminWorkspace.open(admin, ADMIN_PASS) as ws:
        for _ in range(FLIPS):
            data = bytearray(good)
            data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
            bad.write_bytes(bytes(data))
            if ws.import_file(bad).outcome != "rejected":
                accepted += 1
    assert accepted == 0
    assert _admin_content_hash(admin) == before


@pytest.mark.parametrize("edit", ["update", "delete", "reorder"])
def test_edited_audit_log_is_detected_by_verify(city, tmp_path, edit):
    _tmp, _admin, bundle = city
    path = make_department(tmp_path, bundle, "shimin")
    with DepartmentWorkspace.open(path, DEPT_PASS) as ws:
        answer_all(ws, FY)
        db = ws.db
        assert db.verify().ok
        seq = db.one("SELECT seq FROM audit_log WHERE event = 'answer' ORDER BY seq LIMIT 1")[0]
        with db.transaction():
            if edit == "update":
                db.execute(
                    "UPDATE audit_log SET new = replace(new, 'implemented', 'partial') WHERE seq = ?", (seq,)
                )
            elif edit == "delete":
                db.execute("DELETE FROM audit_log WHERE seq = ?", (seq,))
            else:
                db.execute("UPDATE audit_log SET seq = -1 WHERE seq = ?", (seq,))
                db.execute("UPDATE audit_log SET seq = ? WHERE seq = ?", (seq, seq + 1))
                db.execute("UPDATE audit_log SET seq = ? WHERE seq = -1", (seq + 1,))
        report = db.verify()
    assert not report.ok
    assert any("監査ログ" in p for p in report.problems)


def test_rollback_of_a_department_database_is_caught_at_import(city, tmp_path):
    _tmp, admin, bundle = city
    path = make_department(tmp_path, bundle, "toshokan")
    with DepartmentWorkspace.open(path, DEPT_PASS) as ws:
        answer_all(ws, FY)
    old_copy = tmp_path / "old-copy.db"
    shutil.copyfile(path, old_copy)  # an old copy, before submitting
    with DepartmentWorkspace.open(path, DEPT_PASS) as ws:
        first = submission.submit(ws, FY, tmp_path / "r1")
    with AdminWorkspace.open(admin, ADMIN_PASS) as ws:
        assert ws.import_file(first).outcome == "imported"
        notice = ws.send_back(FY, "toshokan", "直してください", tmp_path / "n.natori-return")
    with DepartmentWorkspace.open(path, DEPT_PASS) as ws:
        submission.apply_return_notice(ws, notice)
        ws.save_answer(FY, Answer("B-3", AnswerStatus.IMPLEMENTED, evidence="手順書"))
        second = submission.submit(ws, FY, tmp_path / "r2")
    with AdminWorkspace.open(admin, ADMIN_PASS) as ws:
        assert ws.import_file(second).outcome == "replaced"
    # The department restores the old copy, changes an answer and submits again.
    shutil.copyfile(old_copy, path)
    path.with_name(path.name + ".check").unlink()
    with DepartmentWorkspace.open(path, DEPT_PASS) as ws:
        ws.save_answer(
            FY,
            Answer(
                "A-1",
                AnswerStatus.PARTIAL,
                comment="x",
                action="y",
                due=__import__("datetime").date(2027, 1, 1),
            ),
        )
        rolled = submission.submit(ws, FY, tmp_path / "rolled")
    before = _admin_content_hash(admin)
    with AdminWorkspace.open(admin, ADMIN_PASS) as ws:
        result = ws.import_file(rolled)
    assert result.outcome == "rejected"
    assert _admin_content_hash(admin) == before
