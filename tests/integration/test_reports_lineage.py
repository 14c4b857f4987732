"""The CISO and department reports say what the year-over-year figures compare (read back with pypdf)."""

from __future__ import annotations

import re
from pathlib import Path

from pypdf import PdfReader

from natori_secaudit.domain.answers import Answer
from natori_secaudit.reporting import build_ciso_report, build_department_report

from ..unit.test_compile_revision import compiled


def _flat(pdf: Path) -> str:
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(str(pdf)).pages))


def test_ciso_report_lists_what_could_not_be_compared(tmp_path):
    c = compiled()
    flat = _flat(build_ciso_report(c, tmp_path / "ciso.pdf", invariant=True))
    assert "前年度との比較について" in flat
    assert "前年度「テスト」版1→今年度「テスト」版2" in flat  # both checklist versions
    assert "B-12媒体と端末を管理していますか" in flat and "前年度のB-1・B-2と比較" in flat
    assert "新しい項目B-4新しい項目ですか" in flat  # not comparable, with its id
    assert "廃止した項目B-3画面ロックしていますか" in flat  # retired
    assert "みどり公園課旧：公園課（kouen）・緑地課（ryokuchi）と比較" in flat
    assert "新設の所属企画課" in flat
    assert "会計課（kaikei）" in flat  # vanished
    assert "道路課（旧：土木課）" in flat  # the appendix page heading
    assert "みどり公園課（旧：公園課）A-10" in flat and "（旧A-2）" in flat  # overdue action, new names


def test_department_report_says_its_former_name_and_its_new_items(tmp_path):
    c = compiled()
    answers = {i.id: Answer(i.id) for i in c.checklist.items}
    flat = _flat(build_department_report(c, "doro", answers, tmp_path / "doro.pdf", invariant=True))
    assert "道路課（旧：土木課）" in flat
    assert "前年度「テスト」版1→今年度「テスト」版2" in flat
    assert "改称・統合した所属道路課旧：土木課（doboku）と比較" in flat
    assert "新しい項目B-4新しい項目ですか" in flat
    assert "会計課" not in flat  # other departments' changes stay out
    flat = _flat(build_department_report(c, "kikaku", answers, tmp_path / "kikaku.pdf", invariant=True))
    assert "新設の所属企画課前年度の所属がないため比較できません" in flat
