"""Three fiscal years through the command line only, as a city would run them.

Year 1 (令和7年度): the IT division sets up, three departments answer and submit.
Year 2 (令和8年度): the checklist is revised (B-1 is replaced by B-10, B-3 retired, B-4 new);
each department loads the new bundle into its existing database, carries last year's
answers over, confirms them through the answer table and submits.
Year 3 (令和9年度): 市民課 is renamed (shimin -> shimin-seikatsu) and 土木課 and 図書館 are
merged into 建設管理課 (kensetsu, continued by 土木課's database).
Every submission of every year is imported: `imported`, none rejected.
"""

from __future__ import annotations

from pathlib import Path

from natori_secaudit.domain.fiscal_year import FiscalYear
from natori_secaudit.services.department import DepartmentWorkspace

from .conftest import DATA, DEPT_PASS, SMALL, answer_and_submit, cli, init_department

Y2 = DATA / "years" / "y2"
Y3 = DATA / "years" / "y3"
ADMIN = "IT division passphrase 2025"
DEPT = DEPT_PASS  # the passphrase cli() gives a department by default


def make_bundle(capsys, monkeypatch, folder, admin, year, out):
    """The IT division's `bundle` for ``year`` from the checklist folder ``folder``."""
    return cli(
        capsys,
        monkeypatch,
        "--checklists",
        folder,
        "bundle",
        "--db",
        admin,
        "--year",
        year,
        "--checklist",
        "small",
        "--out",
        out,
        passphrase=ADMIN,
    )


def import_all(capsys, monkeypatch, admin: Path, outbox: Path) -> list[str]:
    code, out, err = cli(capsys, monkeypatch, "import", "--db", admin, outbox, passphrase=ADMIN)
    lines = [ln for ln in out.splitlines() if ln.strip()]
    assert code == 0, out + err
    return lines


def test_a_department_database_serves_three_years_through_the_cli(tmp_path, capsys, monkeypatch):
    admin = tmp_path / "admin.db"
    dbs = {code: tmp_path / f"{code}.db" for code in ("shimin", "doboku", "toshokan")}

    # -- year 1 ---------------------------------------------------------------------------
    assert cli(capsys, monkeypatch, "init", "--db", admin, "--role", "admin", passphrase=ADMIN)[0] == 0
    b1 = tmp_path / "2025.natori-bundle"
    code, _o, err = make_bundle(capsys, monkeypatch, SMALL, admin, 2025, b1)
    assert code == 0, err
    out1 = tmp_path / "2025"
    for code_, db in dbs.items():
        code, out, err = cli(
            capsys, monkeypatch, "enroll", "--db", admin, "--department", code_, passphrase=ADMIN
        )
        assert code == 0, err
        code, _o, err = init_department(capsys, monkeypatch, db, b1, code_, out.splitlines()[-1])
        assert code == 0, err
        first = {"shimin": "partial", "doboku": "not_implemented", "toshokan": "implemented"}[code_]
        answer_and_submit(
            capsys,
            monkeypatch,
            tmp_path,
            db,
            2025,
            lambda item, first=first: first if item in ("B-1", "A-1") else "implemented",
            out1,
        )
    lines = import_all(capsys, monkeypatch, admin, out1)
    assert len(lines) == 3 and all(ln.endswith(": imported") for ln in lines), lines

    # -- year 2: a revised checklist ---------------------------------------------------------
    b2 = tmp_path / "2026.natori-bundle"
    code, _o, err = make_bundle(capsys, monkeypatch, Y2, admin, 2026, b2)
    assert code == 0, err
    out2 = tmp_path / "2026"
    for code_, db in dbs.items():
        code, out, err = cli(capsys, monkeypatch, "accept-bundle", "--db", db, b2)
        assert code == 0, err
        assert "令和8年度の配布パッケージを読み込みました" in out and "answers carry-over" in out
        code, out, err = cli(capsys, monkeypatch, "accept-bundle", "--db", db, b2)  # twice: nothing changes
        assert code == 0 and "すでに読み込まれています" in out
        code, out, err = cli(capsys, monkeypatch, "answers", "carry-over", "--db", db, "--year", 2026)
        assert code == 0, err
        assert "B-4" in out  # the new item has nothing to carry over, and says so
        assert "B-3" in out  # the retired item is listed
        with DepartmentWorkspace.open(db, DEPT) as ws:
            view = ws.assessment(FiscalYear(2026))
            carried = {i: a for i, a in view.answers.items() if a.carried_over}
            # B-10 replaces B-1: last year's answer to B-1 is offered for B-10, to be confirmed.
            first = {"shimin": "partial", "doboku": "not_implemented", "toshokan": "implemented"}[code_]
            assert carried["B-10"].status.value == first
            assert "B-4" not in carried
            assert ws.assessment(FiscalYear(2025)).locked  # the past year is read-only
        answer_and_submit(capsys, monkeypatch, tmp_path, db, 2026, lambda item: "implemented", out2)
    lines = import_all(capsys, monkeypatch, admin, out2)
    assert len(lines) == 3 and all(ln.endswith(": imported") for ln in lines), lines

    # -- year 3: renamed and merged departments ------------------------------------------------
    b3 = tmp_path / "2027.natori-bundle"
    code, _o, err = make_bundle(capsys, monkeypatch, Y3, admin, 2027, b3)
    assert code == 0, err
    out3 = tmp_path / "2027"
    for code_, new in (("shimin", "shimin-seikatsu"), ("doboku", "kensetsu")):
        code, out, err = cli(capsys, monkeypatch, "accept-bundle", "--db", dbs[code_], b3)
        assert code == 0, err
        assert f"（{code_}）" in out and f"（{new}）" in out  # a plain statement of what changed
        code, out, err = cli(capsys, monkeypatch, "answers", "carry-over", "--db", dbs[code_], "--year", 2027)
        assert code == 0, err
        with DepartmentWorkspace.open(dbs[code_], DEPT) as ws:
            assert ws.department.code == new
            assert ws.department_for(FiscalYear(2026)).code == code_  # history keeps its codes
            assert sum(a.carried_over for a in ws.assessment(FiscalYear(2027)).answers.values()) > 0
        answer_and_submit(
            capsys,
            monkeypatch,
            tmp_path,
            dbs[code_],
            2027,
            lambda item: "partial" if item == "A-1" else "implemented",
            out3,
        )
    lines = import_all(capsys, monkeypatch, admin, out3)
    assert len(lines) == 2 and all(ln.endswith(": imported") for ln in lines), lines
    assert not any("rejected" in ln for ln in lines)

    # The IT division's reports run on every year and say what could and could not be compared.
    from openpyxl import load_workbook
    from pypdf import PdfReader

    text = {}
    for fy in (2025, 2026, 2027):
        code, _o, err = cli(
            capsys,
            monkeypatch,
            "report",
            "ciso",
            "--db",
            admin,
            "--year",
            fy,
            "--out",
            tmp_path / f"{fy}.pdf",
            passphrase=ADMIN,
        )
        assert code == 0, err
        text[fy] = "".join(page.extract_text() for page in PdfReader(tmp_path / f"{fy}.pdf").pages)
    flat = {fy: "".join(t.split()) for fy, t in text.items()}
    # 令和8年度: the checklist revision.
    assert "前年度との比較について" in flat[2026]
    assert "改訂で置き換えた項目" in flat[2026] and "前年度のB-1と比較" in flat[2026]
    assert "新しい項目" in flat[2026] and "B-4" in flat[2026]
    assert "廃止した項目" in flat[2026] and "B-3" in flat[2026]
    # 令和9年度: the renamed and the merged department, and 図書館 that no database continued.
    assert "改称・統合した所属" in flat[2027]
    assert "旧：市民課（shimin）と比較" in flat[2027]
    assert "旧：土木課（doboku）・図書館（toshokan）と比較" in flat[2027]
    xlsx = tmp_path / "2027.xlsx"
    code, _o, err = cli(
        capsys,
        monkeypatch,
        "export",
        "--db",
        admin,
        "--year",
        2027,
        "--format",
        "xlsx",
        "--out",
        xlsx,
        passphrase=ADMIN,
    )
    assert code == 0, err
    cells = {
        str(c.value)
        for ws in load_workbook(xlsx).worksheets
        for row in ws.iter_rows()
        for c in row
        if c.value is not None
    }
    assert any("市民課" in c for c in cells) and any("建設管理課" in c for c in cells)


def test_a_bundle_signed_by_another_it_division_is_refused_with_both_fingerprints(
    tmp_path, capsys, monkeypatch
):
    admin, other = tmp_path / "admin.db", tmp_path / "other.db"
    for db in (admin, other):
        assert cli(capsys, monkeypatch, "init", "--db", db, "--role", "admin", passphrase=ADMIN)[0] == 0
    b1, forged = tmp_path / "2025.natori-bundle", tmp_path / "2026-forged.natori-bundle"
    assert make_bundle(capsys, monkeypatch, SMALL, admin, 2025, b1)[0] == 0
    assert make_bundle(capsys, monkeypatch, SMALL, other, 2026, forged)[0] == 0
    dept = tmp_path / "shimin.db"
    code, out, _err = cli(
        capsys, monkeypatch, "enroll", "--db", admin, "--department", "shimin", passphrase=ADMIN
    )
    monkeypatch.setenv("NATORI_SECAUDIT_ENROLLMENT_CODE", out.splitlines()[-1])
    assert (
        cli(
            capsys,
            monkeypatch,
            "init",
            "--db",
            dept,
            "--role",
            "department",
            "--bundle",
            b1,
            "--department",
            "shimin",
        )[0]
        == 0
    )
    code, out, err = cli(capsys, monkeypatch, "accept-bundle", "--db", dept, forged)
    assert code == 1
    from natori_secaudit.services.setup import admin_fingerprint

    assert admin_fingerprint(admin, ADMIN) in err and admin_fingerprint(other, ADMIN) in err
    assert "別の鍵" in err
    with DepartmentWorkspace.open(dept, DEPT) as ws:
        assert [fy.start_year for fy in ws.years()] == [2025]
