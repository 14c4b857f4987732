"""The one-command demo: a realistic city, two years, imported, reported."""

from __future__ import annotations

import datetime as dt
import re

from pypdf import PdfReader

from natori_secaudit.domain.fiscal_year import FiscalYear
from natori_secaudit.services.admin import AdminWorkspace
from natori_secaudit.services.demo import ADMIN_PASSPHRASE, build_demo


def test_demo_builds_a_city_and_its_reports(tmp_path):
    lines: list[str] = []
    result = build_demo(tmp_path / "demo", seed=2026, echo=lines.append, today=dt.date(2026, 11, 24))
    assert len(result.department_dbs) == 19
    assert all(line.endswith(": imported") for line in result.import_lines), result.import_lines
    assert len(result.import_lines) == 19 + 17          # last year all, this year two unfinished
    with AdminWorkspace.open(result.admin_db, ADMIN_PASSPHRASE) as ws:
        compiled = ws.compile(FiscalYear(2026), today=dt.date(2026, 11, 24))
    assert compiled.submitted_count == 17 and compiled.comparison is not None
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(str(result.ciso_report)).pages))
    assert f"{compiled.city.percent:.1f}%" in text
    assert "令和8年度" in text and "令和7年度" in text
    assert len(result.department_reports) == 17
    summary = result.summary()
    assert "demo-admin-passphrase" in summary and str(result.ciso_report) in summary


def test_demo_is_deterministic_and_rerunnable(tmp_path):
    a = build_demo(tmp_path / "d", seed=7, today=dt.date(2026, 11, 24))
    with AdminWorkspace.open(a.admin_db, ADMIN_PASSPHRASE) as ws:
        first = ws.compile(FiscalYear(2026)).city.percent
    b = build_demo(tmp_path / "d", seed=7, today=dt.date(2026, 11, 24))   # the same folder again
    with AdminWorkspace.open(b.admin_db, ADMIN_PASSPHRASE) as ws:
        assert ws.compile(FiscalYear(2026)).city.percent == first
