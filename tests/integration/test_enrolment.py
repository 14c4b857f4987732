"""Enrolment (登録コード) instead of trust on first use: who may speak for a department."""

from __future__ import annotations

import pytest

from natori_secaudit import storage
from natori_secaudit.domain.answers import AnswerStatus
from natori_secaudit.domain.fiscal_year import FiscalYear
from natori_secaudit.errors import InvalidInput, Refused
from natori_secaudit.exchange import enrolment as codes
from natori_secaudit.services import setup, submission
from natori_secaudit.services.admin import AdminWorkspace
from natori_secaudit.services.department import DepartmentWorkspace

from .conftest import ADMIN_PASS, DEPT_PASS, SMALL, answer_all, enrol, make_department

FY = FiscalYear(2026)


def submit_from(db, out):
    with DepartmentWorkspace.open(db, DEPT_PASS) as ws:
        answer_all(ws, FY)
        return submission.submit(ws, FY, out)


def import_one(admin, path):
    with AdminWorkspace.open(admin, ADMIN_PASS) as ws:
        return ws.import_file(path)


def test_a_colleagues_database_posing_as_a_department_is_rejected_and_blocks_nobody(city):
    tmp, admin, bundle = city
    # A colleague holding the bundle (from the shared folder) but no code for 課税課… has no way in:
    with pytest.raises(InvalidInput):
        setup.create_department_db(tmp / "fake.db", DEPT_PASS, bundle, "shimin", enrollment_code="")
    fake_code = codes.issue(b"\0" * 64, "shimin").text()  # a code they made up
    with pytest.raises(Refused) as info:
        setup.create_department_db(tmp / "fake.db", DEPT_PASS, bundle, "shimin", enrollment_code=fake_code)
    assert "shimin" in info.value.message and not (tmp / "fake.db").exists()
    # …and a database made by hand without enrolment (an old version, a tool) is rejected at import.
    unenrolled = tmp / "posing"
    unenrolled.mkdir()
    posing = make_department(unenrolled, bundle, "shimin")
    real = make_department(tmp / "real", bundle, "shimin")  # the newest code: the real department's
    with DepartmentWorkspace.open(posing, DEPT_PASS) as ws:  # forget its code: no proof
        ws.db.execute("DELETE FROM enrolments")
    first = submit_from(posing, tmp / "out-posing")
    result = import_one(admin, first)
    assert result.outcome == "rejected" and "登録されていません" in result.reason
    with AdminWorkspace.open(admin, ADMIN_PASS) as ws:
        assert storage.current_key(ws.db, "shimin") is None  # nothing pinned: blocks nobody
    result = import_one(admin, submit_from(real, tmp / "out-real"))
    assert result.outcome == "imported"
    with AdminWorkspace.open(admin, ADMIN_PASS) as ws:
        key = storage.current_key(ws.db, "shimin")
        assert key is not None and key.how == "enrolled"


def test_a_code_is_single_use(city):
    tmp, admin, bundle = city
    code = enrol(admin, "shimin")
    a = setup.create_department_db(tmp / "a.db", DEPT_PASS, bundle, "shimin", enrollment_code=code)
    b = setup.create_department_db(tmp / "b.db", DEPT_PASS, bundle, "shimin", enrollment_code=code)
    assert import_one(admin, submit_from(a, tmp / "out-a")).outcome == "imported"
    result = import_one(admin, submit_from(b, tmp / "out-b"))
    assert result.outcome == "rejected" and "別の鍵" in result.reason


def test_a_lost_slip_found_later_cannot_replace_the_departments_key(city):
    """The first slip went astray and a new one was issued: only the newest code enrols. Whoever
    finds the old slip cannot set up a database the IT division would trust — neither before
    nor after the department enrolled with its new code."""
    tmp, admin, bundle = city
    lost = enrol(admin, "shimin")  # the sheet's code, lost in the internal mail
    with AdminWorkspace.open(admin, ADMIN_PASS) as ws:
        assert len(storage.open_enrolments(ws.db, "shimin")) == 1
    new = enrol(admin, "shimin")  # 鍵と所属 → 登録コードを発行
    with AdminWorkspace.open(admin, ADMIN_PASS) as ws:
        assert len(storage.open_enrolments(ws.db, "shimin")) == 1  # the lost one is cancelled
    finder = setup.create_department_db(tmp / "finder.db", DEPT_PASS, bundle, "shimin", enrollment_code=lost)
    early = import_one(admin, submit_from(finder, tmp / "out-finder"))
    assert early.outcome == "rejected" and "登録されていません" in early.reason
    real = setup.create_department_db(tmp / "real.db", DEPT_PASS, bundle, "shimin", enrollment_code=new)
    assert import_one(admin, submit_from(real, tmp / "out-real")).outcome == "imported"
    with AdminWorkspace.open(admin, ADMIN_PASS) as ws:
        trusted = storage.current_key(ws.db, "shimin")
        assert trusted is not None and storage.open_enrolments(ws.db, "shimin") == []
    again = setup.create_department_db(tmp / "finder2.db", DEPT_PASS, bundle, "shimin", enrollment_code=lost)
    late = import_one(admin, submit_from(again, tmp / "out-finder-2"))
    assert late.outcome == "rejected"
    with AdminWorkspace.open(admin, ADMIN_PASS) as ws:
        assert storage.current_key(ws.db, "shimin") == trusted  # the department's key stays


def test_a_re_enrolled_department_replaces_its_key_and_the_old_one_is_refused(city):
    tmp, admin, bundle = city
    old = make_department(tmp / "old", bundle, "shimin")
    with DepartmentWorkspace.open(old, DEPT_PASS) as ws:  # 途中経過 from the first PC: enrolled
        progress = submission.send_progress(ws, FY, tmp / "out-old")
    assert import_one(admin, progress).outcome == "imported"
    # The PC is replaced (or the passphrase forgotten): the IT division issues a new code.
    from natori_secaudit.services import enrolment

    with AdminWorkspace.open(admin, ADMIN_PASS) as ws:
        issued = enrolment.issue_code(ws, "shimin")
    assert issued.replaces_key  # says which key it will replace
    new = setup.create_department_db(tmp / "new.db", DEPT_PASS, bundle, "shimin", enrollment_code=issued.text)
    result = import_one(admin, submit_from(new, tmp / "out-new"))
    assert result.outcome == "imported", result.reason
    with AdminWorkspace.open(admin, ADMIN_PASS) as ws:
        history = storage.key_history(ws.db, "shimin")
        audit = [e.event for e in storage.audit_entries(ws.db)]
    assert [k.how for k in history] == ["enrolled", "enrolled"]
    assert history[0].replaced_at and history[1].replaced_at is None
    assert audit.count("department_key_trusted") == 2  # both in the audit log
    # A later file from the old database is refused, and says why.
    late = submit_from(old, tmp / "late")
    result = import_one(admin, late)
    assert result.outcome == "rejected" and "置き換えられています" in result.reason


def test_a_bundle_from_another_admin_database_is_refused_at_set_up(city):
    tmp, admin, _bundle = city
    forger = setup.create_admin_db(tmp / "forger.db", ADMIN_PASS)
    forged = setup.make_bundle(
        forger, ADMIN_PASS, 2026, "small", tmp / "forged.natori-bundle", checklist_dirs=[SMALL]
    )
    real_code = enrol(admin, "shimin")
    with pytest.raises(Refused) as info:
        setup.create_department_db(tmp / "victim.db", DEPT_PASS, forged, "shimin", enrollment_code=real_code)
    assert "shimin" in info.value.message and setup.read_bundle(forged).fingerprint in info.value.message
    assert not (tmp / "victim.db").exists()


def test_codes_are_read_as_people_type_them():
    code = codes.issue(b"k" * 64, "shimin")
    text = code.text()
    assert len(text.replace("-", "")) == 20
    typed = text.lower().replace("-", " ").replace("0", "o")
    assert codes.parse_code(typed) == code
    full_width = text.translate(
        str.maketrans(
            "0123456789ABCDEFGHJKMNPQRSTVWXYZ-",
            "０１２３４５６７８９ＡＢＣＤＥＦＧＨＪＫＭＮＰＱＲＳＴＶＷＸＹＺー",
        )
    )
    assert codes.parse_code(full_width) == code
    with pytest.raises(codes.BadCode):
        codes.parse_code(text[:-1])
    wrong = text[:-1] + ("1" if text[-1] != "1" else "2")  # one mistyped character
    assert not codes.matches_bundle(codes.parse_code(wrong), b"k" * 64, "shimin")


def test_a_department_that_lost_its_database_gets_its_history_back_through_the_cli(
    tmp_path, capsys, monkeypatch
):
    from natori_secaudit.cli import main

    def cli(*argv, passphrase=DEPT_PASS):
        monkeypatch.setenv("NATORI_SECAUDIT_PASSPHRASE", passphrase)
        code = main([str(a) for a in argv])
        out = capsys.readouterr()
        assert code == 0, out.err
        return out.out

    admin = tmp_path / "admin.db"
    cli("init", "--db", admin, "--role", "admin", passphrase=ADMIN_PASS)
    for fy in (2025, 2026):
        cli(
            "--checklists",
            SMALL,
            "bundle",
            "--db",
            admin,
            "--year",
            fy,
            "--checklist",
            "small",
            "--out",
            tmp_path / f"{fy}.natori-bundle",
            passphrase=ADMIN_PASS,
        )
    monkeypatch.setenv(
        "NATORI_SECAUDIT_ENROLLMENT_CODE",
        cli("enroll", "--db", admin, "--department", "shimin", passphrase=ADMIN_PASS).splitlines()[-1],
    )
    lost = tmp_path / "lost.db"
    cli(
        "init",
        "--db",
        lost,
        "--role",
        "department",
        "--bundle",
        tmp_path / "2025.natori-bundle",
        "--department",
        "shimin",
    )
    with DepartmentWorkspace.open(lost, DEPT_PASS) as ws:
        answer_all(ws, FiscalYear(2025), {"B-1": AnswerStatus.PARTIAL})
    cli("submit", "--db", lost, "--year", 2025, "--out", tmp_path / "shared")
    assert "imported" in cli("import", "--db", admin, tmp_path / "shared", passphrase=ADMIN_PASS)

    # The PC dies. The IT division issues a new code and writes the department's history.
    new_code = cli("enroll", "--db", admin, "--department", "shimin", passphrase=ADMIN_PASS).splitlines()[-1]
    out = cli(
        "history",
        "--db",
        admin,
        "--department",
        "shimin",
        "--out",
        tmp_path / "shimin.natori-history",
        passphrase=ADMIN_PASS,
    )
    assert "1 年度分" in out
    monkeypatch.setenv("NATORI_SECAUDIT_ENROLLMENT_CODE", new_code)
    new = tmp_path / "new.db"
    cli(
        "init",
        "--db",
        new,
        "--role",
        "department",
        "--bundle",
        tmp_path / "2026.natori-bundle",
        "--department",
        "shimin",
    )
    assert "令和7年度" in cli("accept-history", "--db", new, tmp_path / "shimin.natori-history")
    assert "読み込む年度はありませんでした" in cli(
        "accept-history", "--db", new, tmp_path / "shimin.natori-history"
    )
    with DepartmentWorkspace.open(new, DEPT_PASS) as ws:
        past = ws.assessment(FiscalYear(2025))
        assert past.locked and past.answers["B-1"].status.value == "partial"
    assert "引き継ぎました" in cli("answers", "carry-over", "--db", new, "--year", 2026)

    monkeypatch.delenv("NATORI_SECAUDIT_ENROLLMENT_CODE")
    with DepartmentWorkspace.open(new, DEPT_PASS) as ws:
        answer_all(ws, FiscalYear(2026))
    cli("submit", "--db", new, "--year", 2026, "--out", tmp_path / "shared26")
    assert ": imported" in cli("import", "--db", admin, tmp_path / "shared26", passphrase=ADMIN_PASS)


def test_a_new_it_division_key_reaches_a_department_only_with_a_new_code(tmp_path, capsys, monkeypatch):
    """The admin database is lost with no backup: a new one is made. Its bundle alone is refused;
    with the 登録コード the new key issued, the department database trusts the new key and its
    next submission is imported by the new admin database."""
    from natori_secaudit.cli import main

    def cli(*argv, passphrase=DEPT_PASS, ok=True):
        monkeypatch.setenv("NATORI_SECAUDIT_PASSPHRASE", passphrase)
        code = main([str(a) for a in argv])
        out = capsys.readouterr()
        if ok:
            assert code == 0, out.err
        return code, out.out, out.err

    old_admin, new_admin = tmp_path / "old" / "admin.db", tmp_path / "new" / "admin.db"
    for db in (old_admin, new_admin):
        cli("init", "--db", db, "--role", "admin", passphrase=ADMIN_PASS)
    cli(
        "--checklists",
        SMALL,
        "bundle",
        "--db",
        old_admin,
        "--year",
        2025,
        "--checklist",
        "small",
        "--out",
        tmp_path / "2025.natori-bundle",
        passphrase=ADMIN_PASS,
    )
    cli(
        "--checklists",
        SMALL,
        "bundle",
        "--db",
        new_admin,
        "--year",
        2026,
        "--checklist",
        "small",
        "--out",
        tmp_path / "2026.natori-bundle",
        passphrase=ADMIN_PASS,
    )
    monkeypatch.setenv(
        "NATORI_SECAUDIT_ENROLLMENT_CODE",
        cli("enroll", "--db", old_admin, "--department", "shimin", passphrase=ADMIN_PASS)[1].splitlines()[-1],
    )
    dept = tmp_path / "shimin.db"
    cli(
        "init",
        "--db",
        dept,
        "--role",
        "department",
        "--bundle",
        tmp_path / "2025.natori-bundle",
        "--department",
        "shimin",
    )
    monkeypatch.delenv("NATORI_SECAUDIT_ENROLLMENT_CODE")

    code, _out, err = cli("accept-bundle", "--db", dept, tmp_path / "2026.natori-bundle", ok=False)
    assert code == 1 and "別の鍵" in err  # a bundle alone: refused
    wrong = codes.issue(b"\1" * 64, "shimin").text()
    code, _out, err = cli(
        "accept-bundle", "--db", dept, "--enrollment-code", wrong, tmp_path / "2026.natori-bundle", ok=False
    )
    assert code == 1 and "発行した鍵ではありません" in err
    new_code = cli("enroll", "--db", new_admin, "--department", "shimin", passphrase=ADMIN_PASS)[
        1
    ].splitlines()[-1]
    _code, out, _err = cli(
        "accept-bundle", "--db", dept, "--enrollment-code", new_code, tmp_path / "2026.natori-bundle"
    )
    assert "新しい鍵" in out and setup.admin_fingerprint(new_admin, ADMIN_PASS) in out
    with DepartmentWorkspace.open(dept, DEPT_PASS) as ws:
        answer_all(ws, FY)
    cli("submit", "--db", dept, "--year", 2026, "--out", tmp_path / "shared")
    assert ": imported" in cli("import", "--db", new_admin, tmp_path / "shared", passphrase=ADMIN_PASS)[1]
