"""The command line through main(argv): exit codes, messages, no tracebacks."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from natori_secaudit.cli import main

from .conftest import SMALL


def run(capsys, *argv, env=None, monkeypatch=None):
    if env and monkeypatch:
        for k, v in env.items():
            monkeypatch.setenv(k, v)
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_init_verify_passwd_round_trip(tmp_path, capsys, monkeypatch):
    db = tmp_path / "admin.db"
    monkeypatch.setenv("NATORI_SECAUDIT_PASSPHRASE", "最初の合言葉 one")
    code, out, err = run(capsys, "init", "--db", str(db), "--role", "admin")
    assert code == 0, err
    assert "鍵の指紋" in out
    code, out, _ = run(capsys, "verify", "--db", str(db))
    assert code == 0 and "問題ありません" in out

    monkeypatch.setenv("NATORI_SECAUDIT_NEW_PASSPHRASE", "二番目の合言葉 two")
    code, out, err = run(capsys, "passwd", "--db", str(db))
    assert code == 0, err
    before = sha(db)
    code, _out, err = run(capsys, "verify", "--db", str(db))  # the old one fails now
    assert code == 1 and "パスフレーズが違います" in err
    assert sha(db) == before
    monkeypatch.setenv("NATORI_SECAUDIT_PASSPHRASE", "二番目の合言葉 two")
    code, out, _ = run(capsys, "verify", "--db", str(db))
    assert code == 0
    from natori_secaudit.services.setup import admin_fingerprint

    assert admin_fingerprint(db, "二番目の合言葉 two")  # keys survived the re-key


def test_verify_detects_a_flipped_byte(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("NATORI_SECAUDIT_PASSPHRASE", "flip test passphrase")
    db = tmp_path / "d.db"
    assert run(capsys, "init", "--db", str(db), "--role", "admin")[0] == 0
    data = bytearray(db.read_bytes())
    data[4096 * 3 + 100] ^= 0x01  # inside a later page
    db.write_bytes(bytes(data))
    code, out, err = run(capsys, "verify", "--db", str(db))
    assert code == 1
    assert "壊れています" in err + out or "問題が見つかりました" in out
    assert "Traceback" not in err


def test_english_messages_and_bad_usage(tmp_path, capsys, monkeypatch):
    code, _out, err = run(
        capsys,
        "--lang",
        "en",
        "verify",
        "--db",
        str(tmp_path / "missing.db"),
        env={"NATORI_SECAUDIT_PASSPHRASE": "x"},
        monkeypatch=monkeypatch,
    )
    assert code == 1 and "File not found" in err
    assert not (tmp_path / "missing.db").exists()
    code, _out, err = run(capsys, "init", "--db", str(tmp_path / "x.db"))
    assert code == 2


def test_bundle_init_department_and_answers_import(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("NATORI_SECAUDIT_PASSPHRASE", "admin passphrase 1")
    admin = tmp_path / "admin.db"
    assert run(capsys, "init", "--db", str(admin), "--role", "admin")[0] == 0
    code, out, err = run(
        capsys,
        "--checklists",
        str(SMALL),
        "bundle",
        "--db",
        str(admin),
        "--year",
        "2026",
        "--checklist",
        "small",
        "--out",
        str(tmp_path / "b.natori-bundle"),
    )
    assert code == 0, err and "令和8年度" in out
    code, out, err = run(capsys, "enroll", "--db", str(admin), "--department", "doboku")
    assert code == 0, err and "土木課" in err
    enrollment = out.splitlines()[-1]
    monkeypatch.setenv("NATORI_SECAUDIT_PASSPHRASE", "dept passphrase 1")
    dept = tmp_path / "dept.db"
    code, out, err = run(
        capsys,
        "init",
        "--db",
        str(dept),
        "--role",
        "department",
        "--bundle",
        str(tmp_path / "b.natori-bundle"),
        "--department",
        "doboku",
    )
    assert code == 2 and "登録コード" in err and not dept.exists()  # no code: a clear refusal, no file
    monkeypatch.setenv("NATORI_SECAUDIT_ENROLLMENT_CODE", enrollment)
    code, out, err = run(
        capsys,
        "init",
        "--db",
        str(dept),
        "--role",
        "department",
        "--bundle",
        str(tmp_path / "b.natori-bundle"),
        "--department",
        "doboku",
    )
    assert code == 0, err
    assert "鍵の指紋" in out
    csv = tmp_path / "answers.csv"
    csv.write_text(
        "item_id,status,comment,evidence,action,due\n"
        "A-1,implemented,,規程 第3条,,\n"
        "B-1,一部実施,台帳の更新が遅れている,,台帳の全面見直し,2027-03-31\n"
        "B-9,実施,,,,\n",
        encoding="utf-8",
    )
    code, _out, err = run(capsys, "answers", "import", "--db", str(dept), "--year", "2026", str(csv))
    assert code == 2 and ":4" in err and "B-9" in err  # unknown item named by row; nothing saved
    csv.write_text(
        csv.read_text(encoding="utf-8").replace("B-9,実施,,,,\n", "B-3,実施,,,,\n"), encoding="utf-8"
    )
    code, out, err = run(capsys, "answers", "import", "--db", str(dept), "--year", "2026", str(csv))
    assert code == 0, err
    from natori_secaudit.domain.fiscal_year import FiscalYear
    from natori_secaudit.services.department import DepartmentWorkspace

    with DepartmentWorkspace.open(dept, "dept passphrase 1") as ws:
        answers = ws.assessment(FiscalYear(2026)).answers
    assert answers["B-1"].action == "台帳の全面見直し" and str(answers["B-1"].due) == "2027-03-31"
    assert answers["A-1"].evidence == "規程 第3条"


def test_unexpected_error_writes_a_log_not_a_traceback(capsys, monkeypatch):
    import natori_secaudit.cli.commands as commands

    def boom(args):
        raise ZeroDivisionError("simulated bug")

    monkeypatch.setattr(commands, "cmd_verify", boom)
    code = main(["verify", "--db", "x"])
    err = capsys.readouterr().err
    assert code == 1
    assert "Traceback" not in err and "予期しないエラー" in err
    logs = list((Path(os.environ["NATORI_SECAUDIT_HOME"]) / "logs").glob("error-*.log"))
    assert len(logs) == 1 and str(logs[0]) in err
    assert "ZeroDivisionError: simulated bug" in logs[0].read_text(encoding="utf-8")
