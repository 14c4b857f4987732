"""Integration fixtures: real encrypted databases in a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data"
SMALL = DATA / "small"
ROOT = Path(__file__).resolve().parents[2]
ADMIN_PASS = "admin-パスフレーズ-2026"
DEPT_PASS = "所属の合言葉 2026"


@pytest.fixture(autouse=True)
def _private_home(tmp_path, monkeypatch):
    """Fast key derivation for throw-away databases; logs and data in tmp."""
    monkeypatch.setenv("NATORI_SECAUDIT_FAST_KDF", "1")
    monkeypatch.setenv("NATORI_SECAUDIT_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("NATORI_SECAUDIT_PASSPHRASE", raising=False)
    yield
    from natori_secaudit import i18n

    i18n.set_language("ja")  # a CLI test run with --lang en must not leave English for the next one


# -- storage fixtures (generic: a path and a passphrase; tests build their own data) --------
# A passphrase with a quote, a space and Japanese: keying must not depend on SQL quoting.
STORAGE_PASS = "名取 it's パス 2026"


@pytest.fixture
def db_path(tmp_path):
    """Where a test database goes (not created)."""
    return tmp_path / "dept.db"


@pytest.fixture
def passphrase():
    return STORAGE_PASS


@pytest.fixture
def city(tmp_path):
    """An admin database and a bundle for FY2026 on the small checklist."""
    from natori_secaudit.services import setup

    admin = setup.create_admin_db(tmp_path / "admin.db", ADMIN_PASS, user_name="情報 太郎")
    bundle = setup.make_bundle(
        admin, ADMIN_PASS, 2026, "small", tmp_path / "2026.natori-bundle", checklist_dirs=[SMALL]
    )
    return tmp_path, admin, bundle


def enrol(admin_path, code, passphrase=ADMIN_PASS) -> str:
    """The IT division issues a 登録コード for ``code`` (as `enroll` does)."""
    from natori_secaudit.services import admin, enrolment

    with admin.AdminWorkspace.open(admin_path, passphrase) as ws:
        return enrolment.issue_code(ws, code).text


def make_department(tmp_path, bundle, code, passphrase=DEPT_PASS, admin=None, admin_passphrase=ADMIN_PASS):
    """A department database set up with a 登録コード from the admin database beside the bundle."""
    from natori_secaudit.services import setup

    admin = Path(admin) if admin else Path(bundle).parent / "admin.db"
    return setup.create_department_db(
        tmp_path / f"{code}.db",
        passphrase,
        bundle,
        code,
        user_name="所属 花子",
        enrollment_code=enrol(admin, code, admin_passphrase),
    )


def answer_all(ws, fy, status_for=None):
    """Answer every applicable item (default 実施), with the details each answer asks for."""
    import datetime as dt

    from natori_secaudit.domain.answers import Answer, AnswerStatus

    view = ws.assessment(fy)
    for item in view.items:
        status = (status_for or {}).get(item.id, AnswerStatus.IMPLEMENTED)
        ws.save_answer(
            fy,
            Answer(
                item.id,
                status,
                comment="" if status is AnswerStatus.IMPLEMENTED else f"{item.id} の理由 髙橋",
                action="来年度までに対応" if status.needs_action else "",
                due=dt.date(2027, 3, 31) if status.needs_action else None,
            ),
        )


# -- the command line, as a department uses it ---------------------------------------------------
def cli(capsys, monkeypatch, *argv, passphrase=DEPT_PASS):
    """The command line in-process (as `natori-secaudit ARGV…`): (exit code, stdout, stderr)."""
    from natori_secaudit.cli import main

    monkeypatch.setenv("NATORI_SECAUDIT_PASSPHRASE", passphrase)
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def init_department(capsys, monkeypatch, db: Path, bundle: Path, code: str, enrolment_code: str, *extra):
    """`init --role department` with the 登録コード handed over on paper: (exit code, stdout, stderr)."""
    monkeypatch.setenv("NATORI_SECAUDIT_ENROLLMENT_CODE", enrolment_code)
    argv = ("init", "--db", db, "--role", "department", "--bundle", bundle, "--department", code, *extra)
    return cli(capsys, monkeypatch, *argv)


def other_city_lists(folder: Path, city: str = "みやぎ架空市") -> Path:
    """``folder`` with the small checklist and a department list naming another municipality,
    its IT division and its CISO (what 名取市 must never be printed for)."""
    import shutil

    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(SMALL / "small-checklist.yaml", folder)
    source = (SMALL / "departments.yaml").read_text(encoding="utf-8")
    (folder / "departments.yaml").write_text(
        source.replace(
            "organization: テスト市\n",
            f"organization: {city}\nit_division: 情報政策課長\nciso_title: 最高情報セキュリティ責任者（副町長）\n",
        ),
        encoding="utf-8",
    )
    return folder


def fill_table(path: Path, status_for) -> None:
    """What a department leader does in Excel: choose an answer for every row, with its details."""
    import csv

    rows = list(csv.DictReader(path.open(encoding="utf-8-sig")))
    fields = list(rows[0].keys())
    for row in rows:
        status = status_for(row["item_id"])
        row["status"] = status
        if status != "implemented":
            row["comment"] = "担当者が確認した状況"
        if status in ("partial", "not_implemented"):
            row["action"] = "手順を定めて周知する"
            row["due"] = "2028-03-31"
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


def answer_and_submit(capsys, monkeypatch, tmp_path, db: Path, fy: int, status_for, outbox: Path) -> None:
    """A department's year on the command line: `answers template`, the table filled in
    (``status_for(item_id)``), `answers import`, `submit` into ``outbox``."""
    table = tmp_path / f"{db.stem}-{fy}.csv"
    code, _out, err = cli(
        capsys, monkeypatch, "answers", "template", "--db", db, "--year", fy, "--out", table
    )
    assert code == 0, err
    fill_table(table, status_for)
    code, out, err = cli(capsys, monkeypatch, "answers", "import", "--db", db, "--year", fy, table)
    assert code == 0, err
    code, out, err = cli(capsys, monkeypatch, "submit", "--db", db, "--year", fy, "--out", outbox)
    assert code == 0, err
