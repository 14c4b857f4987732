"""Any municipality, through the command line only: a department list naming みやぎ架空市, its
IT division and its CISO gives a year whose every output — the bundle, the 登録コード sheet,
the department's and the CISO's reports, the xlsx and CSV exports, the reminder list — names
that city and never 名取市 (issue 13: "A report made with another organisation's department
list never names 名取市")."""

from __future__ import annotations

import csv
import datetime as dt
import re

from openpyxl import load_workbook
from pypdf import PdfReader

from natori_secaudit.services import setup

from .conftest import answer_and_submit, cli, init_department, other_city_lists
from .test_three_years_cli import ADMIN, import_all, make_bundle

CITY = "みやぎ架空市"


def _pdf_text(path) -> str:
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(str(path)).pages))


def test_every_output_of_another_citys_year_names_it_and_never_natori(tmp_path, capsys, monkeypatch):
    lists = other_city_lists(tmp_path / "lists", CITY)
    admin = tmp_path / "admin.db"
    assert cli(capsys, monkeypatch, "init", "--db", admin, "--role", "admin", passphrase=ADMIN)[0] == 0
    bundle = tmp_path / "2026.natori-bundle"
    code, _out, err = make_bundle(capsys, monkeypatch, lists, admin, 2026, bundle)
    assert code == 0, err
    assert setup.read_bundle(bundle).organization.name == CITY
    sheet = tmp_path / "codes.pdf"
    code, out, err = cli(
        capsys, monkeypatch, "enroll", "--db", admin, "--all", "--sheet", sheet, passphrase=ADMIN
    )
    assert code == 0, err
    codes = dict(line.split("\t") for line in out.splitlines() if "\t" in line)  # code<TAB>登録コード
    outbox = tmp_path / "outbox"
    for dept in ("shimin", "doboku"):  # toshokan does not submit: it is on the reminder list
        db = tmp_path / f"{dept}.db"
        code, _out, err = init_department(capsys, monkeypatch, db, bundle, dept, codes[dept])
        assert code == 0, err
        answer_and_submit(
            capsys,
            monkeypatch,
            tmp_path,
            db,
            2026,
            lambda i: "partial" if i == "A-1" else "implemented",
            outbox,
        )
    lines = import_all(capsys, monkeypatch, admin, outbox)
    assert len(lines) == 2 and all(ln.endswith(": imported") for ln in lines), lines

    made = {}
    for name, argv in {
        "ciso": ("report", "ciso", "--db", admin, "--year", 2026, "--out", tmp_path / "ciso.pdf"),
        "department": (
            "report",
            "department",
            "--db",
            admin,
            "--year",
            2026,
            "--department",
            "shimin",
            "--out",
            tmp_path / "shimin.pdf",
        ),
        "xlsx": ("export", "--db", admin, "--year", 2026, "--format", "xlsx", "--out", tmp_path / "x.xlsx"),
        "csv": ("export", "--db", admin, "--year", 2026, "--format", "csv", "--out", tmp_path / "x.csv"),
    }.items():
        code, _out, err = cli(capsys, monkeypatch, *argv, passphrase=ADMIN)
        assert code == 0, (name, err)
        made[name] = argv[-1]

    ciso, dept_pdf, codes_pdf = _pdf_text(made["ciso"]), _pdf_text(made["department"]), _pdf_text(sheet)
    assert f"{CITY}最高情報セキュリティ責任者（副町長）様" in ciso and f"{CITY}情報政策課" in ciso
    assert f"{CITY}情報政策課" in dept_pdf and CITY in codes_pdf
    book = load_workbook(made["xlsx"], read_only=True)
    cells = " ".join(
        str(v)
        for ws in book.worksheets
        for row in ws.iter_rows(values_only=True)
        for v in row
        if v is not None
    )
    header_footer = " ".join(
        str(getattr(getattr(ws, "oddHeader", None), part, "") or "")
        for ws in load_workbook(made["xlsx"]).worksheets
        for part in ("left", "center", "right")
    )
    rows = list(csv.DictReader(made["csv"].open(encoding="utf-8-sig")))
    assert rows and {r["department_code"] for r in rows} == {"shimin", "doboku"}

    from natori_secaudit.services import follow_up
    from natori_secaudit.services.admin import AdminWorkspace

    with AdminWorkspace.open(admin, ADMIN) as ws:  # what ファイル → 督促一覧（PDF）… writes
        reminders, _listed = follow_up.write_reminders(
            ws, ws.years()[-1], tmp_path / "remind.pdf", today=dt.date(2027, 3, 1)
        )
    reminder_text = _pdf_text(reminders)
    assert "図書館" in reminder_text

    everything = {
        "CISO report": ciso,
        "department report": dept_pdf,
        "code sheet": codes_pdf,
        "workbook": cells + header_footer,
        "CSV": made["csv"].read_text(encoding="utf-8-sig"),
        "reminder list": reminder_text,
    }
    for name, text in everything.items():
        assert "名取" not in text, name
