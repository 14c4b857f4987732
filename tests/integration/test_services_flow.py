"""The whole year through the services: bundle → answers → submit → import → compile → 差し戻し."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from natori_secaudit.domain.answers import Answer, AnswerStatus
from natori_secaudit.domain.assessment import AssessmentState
from natori_secaudit.domain.fiscal_year import FiscalYear
from natori_secaudit.errors import DamagedFile, InvalidInput, Refused
from natori_secaudit.services import submission
from natori_secaudit.services.admin import AdminWorkspace
from natori_secaudit.services.department import DepartmentWorkspace

from .conftest import ADMIN_PASS, DEPT_PASS, answer_all, make_department

FY = FiscalYear(2026)
N, P = AnswerStatus.NOT_IMPLEMENTED, AnswerStatus.PARTIAL


def _content_hash(admin_path) -> str:
    from natori_secaudit import storage

    with storage.Database.open(admin_path, ADMIN_PASS) as db:
        rows = db.query("SELECT department_code, fiscal_year, state, revision FROM assessments ORDER BY 1, 2")
        rows += db.query(
            "SELECT assessment_id, item_id, status, comment, action, due FROM answers ORDER BY 1, 2"
        )
        rows += db.query("SELECT department_code, revision, file_sha256 FROM submissions ORDER BY 1, 2")
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def test_department_answers_submits_and_it_division_compiles(city):
    tmp, admin, bundle = city
    path = make_department(tmp, bundle, "shimin")
    with DepartmentWorkspace.open(path, DEPT_PASS, "所属 花子") as ws:
        assert ws.department.name == "市民課"
        assert [i.id for i in ws.assessment(FY).items] == ["A-1", "A-2", "B-1", "B-2", "B-3"]
        answer_all(ws, FY, {"B-1": N, "A-2": P})
        out = submission.submit(ws, FY, tmp / "out")
        assert ws.assessment(FY).state is AssessmentState.SUBMITTED
        with pytest.raises(Refused):
            ws.save_answer(FY, Answer("A-1", AnswerStatus.NOT_IMPLEMENTED, comment="x"))
    assert out.name == "2026_shimin_r1.natori-submission"

    with AdminWorkspace.open(admin, ADMIN_PASS) as ws:
        (result,) = ws.import_paths([tmp / "out"])
        assert result.outcome == "imported"
        assert ws.import_file(out).outcome == "unchanged"
        compiled = ws.compile(FY)
    shimin = compiled.department("shimin")
    # A-1 high 3/3, A-2 low partial 0.5/1, B-1 high 0/3, B-2 high 3/3, B-3 medium 2/2 → 8.5 / 12
    assert shimin.score.percent == 70.8 and shimin.high_gaps == 1
    assert compiled.city.percent == 70.8 and compiled.submitted_count == 1
    assert compiled.findings[0].item.id == "B-1"
    assert compiled.findings[0].gaps[0].comment == "B-1 の理由 髙橋"


def test_submit_is_refused_while_items_are_unanswered(city):
    tmp, _admin, bundle = city
    path = make_department(tmp, bundle, "doboku")
    with DepartmentWorkspace.open(path, DEPT_PASS) as ws:
        ws.save_answer(FY, Answer("A-1", AnswerStatus.IMPLEMENTED))
        ws.save_answer(FY, Answer("B-1", N))  # no comment, action, due yet
        with pytest.raises(Refused) as info:
            submission.submit(ws, FY, tmp / "out")
        # A-2 is for personal-data departments only; B-1 lacks its details; B-3 is unanswered.
        assert info.value.params["item_ids"] == ["B-1", "B-3"]
        assert "B-3" in info.value.message
        assert ws.assessment(FY).state is AssessmentState.IN_PROGRESS
    assert not (tmp / "out").exists()


def test_return_and_resubmit_replaces_with_history(city):
    from natori_secaudit import storage

    tmp, admin, bundle = city
    path = make_department(tmp, bundle, "toshokan")
    with DepartmentWorkspace.open(path, DEPT_PASS) as ws:
        answer_all(ws, FY)
        first = submission.submit(ws, FY, tmp / "r1")
    with AdminWorkspace.open(admin, ADMIN_PASS) as ws:
        assert ws.import_file(first).outcome == "imported"
        notice = ws.send_back(FY, "toshokan", "B-3 の根拠を書いてください。", tmp / "notice.natori-return")
        assert ws.compile(FY).department("toshokan").state is AssessmentState.RETURNED
    with DepartmentWorkspace.open(path, DEPT_PASS) as ws:
        got = submission.apply_return_notice(ws, notice)
        assert got.message == "B-3 の根拠を書いてください。"
        view = ws.assessment(FY)
        assert view.state is AssessmentState.RETURNED and view.return_message == got.message
        ws.save_answer(
            FY, Answer("B-3", P, comment="根拠を追記", action="手順書を作る", due=dt.date(2027, 1, 31))
        )
        second = submission.submit(ws, FY, tmp / "r2")
    assert second.name.endswith("_r2.natori-submission")
    with AdminWorkspace.open(admin, ADMIN_PASS) as ws:
        assert ws.import_file(second).outcome == "replaced"
        assert ws.import_file(first).outcome == "unchanged"  # the same file again
        history = storage.submission_history(ws.db, "toshokan", 2026)
        assert [(h.revision, h.status) for h in history] == [(1, "superseded"), (2, "current")]
        assert ws.compile(FY).department("toshokan").counts[P] == 1


def test_older_revision_imported_after_newer_is_rejected(city):
    tmp, admin, bundle = city
    path = make_department(tmp, bundle, "toshokan")
    with DepartmentWorkspace.open(path, DEPT_PASS) as ws:
        answer_all(ws, FY)
        first = submission.submit(ws, FY, tmp / "r1")
    with AdminWorkspace.open(admin, ADMIN_PASS) as ws:
        notice = (ws.import_file(first), ws.send_back(FY, "toshokan", "直してください", tmp / "n"))[1]
    with DepartmentWorkspace.open(path, DEPT_PASS) as ws:
        submission.apply_return_notice(ws, notice)
        second = submission.submit(ws, FY, tmp / "r2")
    # A fresh IT database imports the newer one first, then the older.
    from natori_secaudit.services import setup

    with AdminWorkspace.open(admin, ADMIN_PASS) as ws:
        assert ws.import_file(second).outcome == "replaced"
        result = ws.import_file(tmp / "r1" / first.name)
        assert result.outcome == "unchanged"
    del setup


@pytest.mark.parametrize("damage", ["flip", "truncate", "rename", "wrong_kind", "other_admin"])
def test_bad_submission_is_rejected_and_changes_nothing(city, damage):
    from natori_secaudit.services import setup

    tmp, admin, bundle = city
    path = make_department(tmp, bundle, "shimin")
    with DepartmentWorkspace.open(path, DEPT_PASS) as ws:
        answer_all(ws, FY)
        out = submission.submit(ws, FY, tmp / "out")
    data = bytearray(out.read_bytes())
    if damage == "flip":
        data[len(data) // 2] ^= 0x01
    elif damage == "truncate":
        data = data[: len(data) - 17]
    elif damage == "wrong_kind":
        data = data.replace(b"NATORI-SECAUDIT-SUBMISSION", b"NATORI-SECAUDIT-SUBMISSIOM", 1)
    bad = tmp / f"bad-{damage}.natori-submission"
    if damage == "rename":  # 市民課's file put in 土木課's place in the shared folder
        bad = tmp / "2026_doboku_r1.natori-submission"
    bad.write_bytes(bytes(data))
    if damage == "other_admin":
        from .conftest import SMALL

        other_dir = tmp / "other"
        other_dir.mkdir()
        other = setup.create_admin_db(other_dir / "admin.db", ADMIN_PASS)
        other_bundle = setup.make_bundle(
            other, ADMIN_PASS, 2026, "small", other_dir / "b.natori-bundle", checklist_dirs=[SMALL]
        )
        p2 = make_department(other_dir, other_bundle, "shimin")
        with DepartmentWorkspace.open(p2, DEPT_PASS) as ws:
            answer_all(ws, FY)
            bad = submission.submit(ws, FY, other_dir / "out")
    before = _content_hash(admin)
    with AdminWorkspace.open(admin, ADMIN_PASS) as ws:
        result = ws.import_file(bad)
    assert result.outcome == "rejected" and result.reason
    assert _content_hash(admin) == before
    if damage == "rename":
        assert "2026_doboku_r1" in result.reason and "市民課" in result.reason


def test_wrong_passphrase_leaves_the_file_untouched(city):
    tmp, admin, _bundle = city
    before = hashlib.sha256(admin.read_bytes()).hexdigest()
    files_before = sorted(p.name for p in tmp.iterdir())
    from natori_secaudit.errors import WrongPassphrase

    with pytest.raises(WrongPassphrase) as info:
        AdminWorkspace.open(admin, "まちがい")
    assert "パスフレーズが違います" in info.value.message
    assert hashlib.sha256(admin.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp.iterdir()) == files_before


def test_unknown_department_code_is_refused(city):
    tmp, _admin, bundle = city
    with pytest.raises(InvalidInput) as info:
        make_department(tmp, bundle, "nosuch")
    assert "shimin" in info.value.message


def test_damaged_bundle_is_refused(city):
    tmp, _admin, bundle = city
    data = bytearray(bundle.read_bytes())
    data[200] ^= 0x20
    bad = tmp / "bad.natori-bundle"
    bad.write_bytes(bytes(data))
    with pytest.raises(DamagedFile):
        make_department(tmp, bad, "shimin")
    assert not (tmp / "shimin.db").exists()


def test_a_lost_return_notice_can_be_issued_again(city, capsys, monkeypatch):
    from natori_secaudit.cli import main

    tmp, admin, bundle = city
    path = make_department(tmp, bundle, "toshokan")
    with DepartmentWorkspace.open(path, DEPT_PASS) as ws:
        answer_all(ws, FY)
        first = submission.submit(ws, FY, tmp / "r1")
    with AdminWorkspace.open(admin, ADMIN_PASS) as ws:
        ws.import_file(first)
        notice = ws.send_back(FY, "toshokan", "B-3 の根拠を書いてください。", tmp / "notice.natori-return")
    notice.unlink()  # deleted by mistake
    # The service: the same revision, the same message unless a new one is given.
    with AdminWorkspace.open(admin, ADMIN_PASS) as ws:
        again = ws.send_back(FY, "toshokan", None, tmp / "again.natori-return")
        assert ws.compile(FY).department("toshokan").state is AssessmentState.RETURNED
    # The CLI: no --message needed when issuing again; a new one replaces the old.
    monkeypatch.setenv("NATORI_SECAUDIT_PASSPHRASE", ADMIN_PASS)
    code = main(
        [
            "return",
            "--db",
            str(admin),
            "--year",
            "2026",
            "--department",
            "toshokan",
            "--message",
            "B-3 と B-1 を直してください。",
            "--out",
            str(tmp / "third.natori-return"),
        ]
    )
    out = capsys.readouterr()
    assert code == 0, out.err
    assert "作り直しました" in out.out and "第1版" in out.out
    with DepartmentWorkspace.open(path, DEPT_PASS) as ws:
        got = submission.apply_return_notice(ws, again)
        assert (got.revision_returned, got.message) == (1, "B-3 の根拠を書いてください。")
        assert submission.apply_return_notice(ws, again).message == got.message  # twice is fine
        third = submission.apply_return_notice(ws, tmp / "third.natori-return")
        assert ws.assessment(FY).return_message == third.message == "B-3 と B-1 を直してください。"
        second = submission.submit(ws, FY, tmp / "r2")
    with AdminWorkspace.open(admin, ADMIN_PASS) as ws:
        assert ws.import_file(second).outcome == "replaced"


def test_a_first_return_notice_needs_a_message_and_a_submission(city, capsys, monkeypatch):
    from natori_secaudit.cli import main

    tmp, admin, bundle = city
    monkeypatch.setenv("NATORI_SECAUDIT_PASSPHRASE", ADMIN_PASS)
    code = main(
        [
            "return",
            "--db",
            str(admin),
            "--year",
            "2026",
            "--department",
            "toshokan",
            "--out",
            str(tmp / "n.natori-return"),
        ]
    )
    assert code == 1 and "提出がありません" in capsys.readouterr().err
    path = make_department(tmp, bundle, "toshokan")
    with DepartmentWorkspace.open(path, DEPT_PASS) as ws:
        answer_all(ws, FY)
        first = submission.submit(ws, FY, tmp / "r1")
    with AdminWorkspace.open(admin, ADMIN_PASS) as ws:
        ws.import_file(first)
        with pytest.raises(Refused) as info:
            ws.send_back(FY, "toshokan", "  ", tmp / "n.natori-return")
        assert "--message" in info.value.message
    assert not (tmp / "n.natori-return").exists()
