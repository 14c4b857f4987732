"""Dates in the forms staff type (domain.dates.parse_date), era boundaries included."""

from __future__ import annotations

import datetime as dt

import pytest

from natori_secaudit.domain.dates import era_label, parse_date

D = dt.date


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2026-09-30", D(2026, 9, 30)),
        ("2026/9/30", D(2026, 9, 30)),
        ("2026.9.30", D(2026, 9, 30)),
        ("2026年9月30日", D(2026, 9, 30)),
        ("２０２６/９/３０", D(2026, 9, 30)),
        ("２０２６年９月３０日", D(2026, 9, 30)),
        ("令和8年9月30日", D(2026, 9, 30)),
        ("R8.9.30", D(2026, 9, 30)),
        ("r8/9/30", D(2026, 9, 30)),
        ("Ｒ８．９．３０", D(2026, 9, 30)),
        (" 令和 8 年 9 月 30 日 ", D(2026, 9, 30)),
        ("令和元年5月1日", D(2019, 5, 1)),
        ("R1.5.1", D(2019, 5, 1)),
        ("平成31年4月30日", D(2019, 4, 30)),
        ("H31.4.30", D(2019, 4, 30)),
        ("平成元年1月8日", D(1989, 1, 8)),
        ("昭和64年1月7日", D(1989, 1, 7)),
    ],
)
def test_accepted_forms(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "平成31年5月1日",  # that day is 令和元年
        "令和元年4月30日",  # still 平成31年
        "昭和64年1月8日",  # 平成元年
        "令和0年1月1日",
        "2026/2/30",
        "2026/13/1",
        "R8.9",
        "来週",
        "",
        "9/30",
        "X8.9.30",
    ],
)
def test_refused(text):
    with pytest.raises(ValueError):
        parse_date(text)


def test_era_label_at_the_boundary():
    assert era_label(D(2019, 4, 30)) == "平成31年4月30日"
    assert era_label(D(2019, 5, 1)) == "令和元年5月1日"
    assert era_label(D(2026, 9, 30)) == "令和8年9月30日"


def test_the_answers_template_is_japanese_with_a_choice_list_and_reads_back_typed_dates(tmp_path):
    from openpyxl import load_workbook

    from natori_secaudit.loading.answers_table import parse_answers_file, write_answers_template
    from natori_secaudit.loading.checklist_file import load_checklist_file
    from natori_secaudit.services import paths

    checklist = load_checklist_file(paths.shipped_checklists_dir() / "natori-standard.yaml")
    path = write_answers_template(tmp_path / "回答.xlsx", checklist)
    wb = load_workbook(path)
    ws = wb.active
    assert [c.value for c in ws[1]] == [
        "項目ID",
        "設問",
        "回答",
        "コメント",
        "根拠・資料",
        "対応予定",
        "対応期限",
    ]
    assert ws["B2"].value == checklist.items[0].question
    (dv,) = ws.data_validations.dataValidation
    assert (
        dv.type == "list"
        and dv.formula1 == '"実施,一部実施,未実施,わからない,該当なし"'
        and "C2" in str(dv.sqref)
    )
    ws["C2"], ws["F2"], ws["G2"] = "一部実施", "来年度に規程を改定", "令和8年9月30日"
    ws["C3"], ws["F3"], ws["G3"] = "未実施", "手順書を作る", "R8.9.30"
    for row in range(4, ws.max_row + 1):
        ws[f"C{row}"] = "実施"
    wb.save(path)
    answers = {a.item_id: a for a in parse_answers_file(path, checklist)}
    assert answers[checklist.items[0].id].due == D(2026, 9, 30)
    assert answers[checklist.items[1].id].due == D(2026, 9, 30)
