"""Submit is atomic with its file: a crash (simulated here at each step; the real SIGKILL test is
tests/reliability/test_submit_kills.py) leaves either nothing submitted, or a locked database
holding the file's bytes, which `submit` writes again; that file is then imported."""

from __future__ import annotations

import pytest

from natori_secaudit import storage
from natori_secaudit.cli import main
from natori_secaudit.domain.fiscal_year import FiscalYear
from natori_secaudit.errors import Refused
from natori_secaudit.services import submission
from natori_secaudit.services.admin import AdminWorkspace, ImportOutcome
from natori_secaudit.services.department import DepartmentWorkspace

from .conftest import ADMIN_PASS, DEPT_PASS, answer_all, make_department

FY = FiscalYear(2026)


class Killed(BaseException):
    """Stands for SIGKILL: nothing after it runs, no except clause catches it."""


def _kill(*_args, **_kwargs):
    raise Killed


def _answered(tmp, bundle, code="shimin"):
    path = make_department(tmp, bundle, code)
    with DepartmentWorkspace.open(path, DEPT_PASS) as ws:
        answer_all(ws, FY)
    return path


def _cli(capsys, monkeypatch, passphrase, *argv):
    monkeypatch.setenv("NATORI_SECAUDIT_PASSPHRASE", passphrase)
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def _import(admin, path):
    with AdminWorkspace.open(admin, ADMIN_PASS) as ws:
        return ws.import_file(path)


def _state(path):
    with DepartmentWorkspace.open(path, DEPT_PASS) as ws:
        view = ws.assessment(FY)
        return view.state.value, view.revision


def test_killed_after_the_commit_the_file_is_written_again_and_imported(city, capsys, monkeypatch):
    tmp, admin, bundle = city
    path = _answered(tmp, bundle)
    out = tmp / "shared"
    with monkeypatch.context() as m:
        m.setattr(submission, "_publish", _kill)  # committed, the file not yet under its name
        with DepartmentWorkspace.open(path, DEPT_PASS) as ws, pytest.raises(Killed):
            submission.submit(ws, FY, out)
    assert _state(path) == ("submitted", 1)
    assert not (out / "2026_shimin_r1.natori-submission").exists()
    code, said, err = _cli(
        capsys, monkeypatch, DEPT_PASS, "submit", "--db", str(path), "--year", "2026", "--out", str(out)
    )
    assert code == 0, err
    target = out / "2026_shimin_r1.natori-submission"
    assert "すでに提出済み" in said and str(target) in said and "第1版" in said
    assert _state(path) == ("submitted", 1)  # nothing submitted twice
    with DepartmentWorkspace.open(path, DEPT_PASS) as ws:
        assert target.read_bytes() == storage.sent_submission(ws.db, 2026, "shimin", 1)[1]
    # The shared folder also holds the staged copy the kill left behind: listed, never imported.
    with AdminWorkspace.open(admin, ADMIN_PASS) as ws:
        results = {r.path.name: r for r in ws.import_paths([out])}
    assert results[target.name].outcome is ImportOutcome.IMPORTED
    staged = [r for name, r in results.items() if name.startswith(".natori-tmp-")]
    assert [r.outcome for r in staged] == [ImportOutcome.SKIPPED]


def test_killed_before_the_commit_nothing_is_submitted_and_the_next_submit_is_accepted(city):
    # The old order wrote the file before COMMIT: a kill in between left a file for a revision the
    # database did not hold, and the next submission was refused as "a different submission with
    # the same revision". Now no file gets its real name before the commit.
    tmp, admin, bundle = city
    path = _answered(tmp, bundle)
    out = tmp / "shared"
    with monkeypatch_store_kill() as undo:
        with DepartmentWorkspace.open(path, DEPT_PASS) as ws, pytest.raises(Killed):
            submission.submit(ws, FY, out)
        undo()
    assert _state(path) == ("in_progress", 0)
    assert not [p for p in out.glob("*.natori-submission")] if out.exists() else True
    with DepartmentWorkspace.open(path, DEPT_PASS) as ws:
        second = submission.submit(ws, FY, out)
    assert _import(admin, second).outcome is ImportOutcome.IMPORTED


class monkeypatch_store_kill:  # noqa: N801 - reads as a phrase in the test above
    """Kill right after the file is staged, before COMMIT."""

    def __enter__(self):
        self.real = submission._stage

        def stage_then_die(target, data):
            self.real(target, data)
            raise Killed

        submission._stage = stage_then_die
        return self.undo

    def undo(self):
        submission._stage = self.real

    def __exit__(self, *exc):
        self.undo()
        return False


def test_a_failed_rename_after_the_commit_says_how_to_get_the_file(city, monkeypatch):
    import errno

    tmp, admin, bundle = city
    path = _answered(tmp, bundle)

    real = submission.os.replace

    def no_rename(src, dst):  # the staged copy cannot take its real name
        if str(src).endswith(".staged"):
            raise OSError(errno.EACCES, "Permission denied")
        return real(src, dst)

    with DepartmentWorkspace.open(path, DEPT_PASS) as ws:
        with monkeypatch.context() as m:
            m.setattr(submission.os, "replace", no_rename)
            with pytest.raises(Refused) as info:
                submission.submit(ws, FY, tmp / "shared")
        assert "提出済みとして記録しました" in info.value.message and "もう一度「提出」" in info.value.message
        assert not list((tmp / "shared").iterdir())  # no staged copy left behind
        again = submission.write_submission_again(ws, FY, tmp / "shared")
    assert _import(admin, again).outcome is ImportOutcome.IMPORTED


def test_a_full_disk_still_leaves_the_assessment_open(city, monkeypatch):
    import errno

    tmp, _admin, bundle = city
    path = _answered(tmp, bundle)

    def full(*_a, **_k):
        raise OSError(errno.ENOSPC, "No space left on device")

    with DepartmentWorkspace.open(path, DEPT_PASS) as ws:
        with monkeypatch.context() as m:
            m.setattr("natori_secaudit.fileio.os.fsync", full)
            with pytest.raises(Exception) as info:
                submission.submit(ws, FY, tmp / "shared")
        assert "空き容量" in str(info.value)
        assert ws.assessment(FY).state.value == "in_progress"
        assert storage.sent_submission(ws.db, 2026, "shimin", 1) is None


def test_write_again_gives_the_same_bytes_and_refuses_an_open_year(city, capsys, monkeypatch):
    tmp, admin, bundle = city
    path = _answered(tmp, bundle)
    with DepartmentWorkspace.open(path, DEPT_PASS) as ws:
        with pytest.raises(Refused) as info:
            submission.write_submission_again(ws, FY, tmp / "x")
        assert "まだ提出していません" in info.value.message
        first = submission.submit(ws, FY, tmp / "shared")
        data = first.read_bytes()
        first.unlink()  # the file is lost
        again = submission.write_submission_again(ws, FY, tmp / "elsewhere" / "copy.natori-submission")
        assert again.read_bytes() == data
        # A year submitted with an older version has no stored bytes: a clear refusal.
        ws.db.execute("DELETE FROM sent_submissions")
        with pytest.raises(Refused) as info:
            submission.write_submission_again(ws, FY, tmp / "y")
        assert "保存されていません" in info.value.message
    assert _import(admin, again).outcome is ImportOutcome.IMPORTED
