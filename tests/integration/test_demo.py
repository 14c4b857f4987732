"""The one-command demo: a realistic city, two years, imported, reported."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from pypdf import PdfReader

from natori_secaudit.domain.dashboard import dashboard_rows
from natori_secaudit.domain.fiscal_year import FiscalYear
from natori_secaudit.i18n.labels import label
from natori_secaudit.services.admin import AdminWorkspace
from natori_secaudit.services.demo import ADMIN_PASSPHRASE, DEPARTMENT_PASSPHRASE, build_demo
from natori_secaudit.services.department import DepartmentWorkspace

pytestmark = pytest.mark.slow  # whole demo cities and long PDFs: CI runs them, not the quick loop


def test_demo_builds_a_city_and_its_reports(tmp_path):
    lines: list[str] = []
    result = build_demo(tmp_path / "demo", seed=2026, echo=lines.append, today=dt.date(2026, 11, 24))
    assert len(result.department_dbs) == 19
    assert all(line.endswith(": imported") for line in result.import_lines), result.import_lines
    # last year all 19; this year 17 submissions and one progress report (one department not started)
    assert len(result.import_lines) == 19 + 17 + 1
    with AdminWorkspace.open(result.admin_db, ADMIN_PASSPHRASE) as ws:
        compiled = ws.compile(FiscalYear(2026), today=dt.date(2026, 11, 24))
        rows = dashboard_rows(compiled, ws.progress(FiscalYear(2026)))
    states = sorted(label(r.state, "ja") for r in rows)
    # one of the 17 was sent back (差し戻し) for its わからない answers, before the reports were made
    assert states.count("提出済") == 16 and states.count("差し戻し") == 1
    assert states.count("回答中") == 1 and states.count("未着手") == 1
    assert compiled.submitted_count == 16 and compiled.comparison is not None
    with DepartmentWorkspace.open(
        result.department_dbs[next(r.code for r in rows if label(r.state, "ja") == "差し戻し")],
        DEPARTMENT_PASSPHRASE,
    ) as ws:
        view = ws.assessment(FiscalYear(2026))
        assert label(view.state, "ja") == "差し戻し" and "わからない" in view.return_message
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(str(result.ciso_report)).pages))
    assert f"{compiled.city.percent:.1f}%" in text
    assert "令和8年度" in text and "令和7年度" in text
    # the two years show a revision: 2026.1 then 2027.1, compared along replaces (NET-26 merges two items)
    assert "版2026.1→今年度「名取市情報セキュリティ自己点検」版2027.1" in text
    assert "前年度のNET-05・NET-06と比較" in text and "EVA-05" in text
    # framed as the yearly check of the city's サイバーセキュリティ方針, naming the guideline edition followed
    assert "令和7年3月版" in text and "方針" in text
    assert len(result.department_reports) == 17
    summary = result.summary()
    assert "demo-admin-passphrase" in summary and str(result.ciso_report) in summary


def test_demo_is_deterministic_and_rerunnable(tmp_path):
    a = build_demo(tmp_path / "d", seed=7, today=dt.date(2026, 11, 24))
    with AdminWorkspace.open(a.admin_db, ADMIN_PASSPHRASE) as ws:
        first = ws.compile(FiscalYear(2026)).city.percent
    b = build_demo(tmp_path / "d", seed=7, today=dt.date(2026, 11, 24))  # the same folder again
    with AdminWorkspace.open(b.admin_db, ADMIN_PASSPHRASE) as ws:
        assert ws.compile(FiscalYear(2026)).city.percent == first
