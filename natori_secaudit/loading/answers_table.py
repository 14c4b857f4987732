"""Answers from a spreadsheet: CSV (UTF-8 with or without BOM, or Shift_JIS as
Excel writes it) or XLSX, one row per item, header first.

All or nothing: every row is checked and every problem reported with its row
number as the user sees it in Excel (the header is row 1); nothing is
returned unless every row is valid.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import i18n
from ..domain.answers import Answer, AnswerStatus
from ..domain.checklist import Checklist, Department, applies
from ..domain.dates import parse_date
from ..domain.text import clean_answer
from ..errors import InvalidInput
from ..i18n import labels

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet  # no stubs: checked as Any

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 5000
COLUMNS = ("item_id", "status", "comment", "evidence", "action", "due")
ALIASES = {
    "item_id": "item_id",
    "項目id": "item_id",
    "項目": "item_id",
    "id": "item_id",
    "status": "status",
    "回答": "status",
    "評価": "status",
    "comment": "comment",
    "コメント": "comment",
    "理由": "comment",
    "evidence": "evidence",
    "根拠": "evidence",
    "根拠・資料": "evidence",
    "action": "action",
    "対応予定": "action",
    "改善予定": "action",
    "due": "due",
    "期限": "due",
    "対応期限": "due",
    "question": "question",
    "設問": "question",
    "質問": "question",
}
# The template's header, in Japanese as staff read it (each is an alias above, so it reads back).
CODE_HEADER = ("item_id", "question", "status", "comment", "evidence", "action", "due")
TEMPLATE_HEADER = ["項目ID", "設問", "回答", "コメント", "根拠・資料", "対応予定", "対応期限"]


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp932")


def _rows_csv(data: bytes) -> list[list[object]]:
    text = _decode(data)
    return [list(r) for r in csv.reader(io.StringIO(text, newline=""))]


def _rows_xlsx(data: bytes) -> list[list[object]]:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        ws = wb.worksheets[0]
        rows = []
        for n, row in enumerate(ws.iter_rows(values_only=True)):
            if n > MAX_ROWS + 1:
                break
            rows.append(list(row))
        return rows
    finally:
        wb.close()


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_rows(path: Path) -> list[list[str]]:
    """The table as strings; InvalidInput for an unreadable, oversized or unknown file."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InvalidInput("export.answers_too_large", path=str(path), mb=MAX_BYTES // (1024 * 1024))
        data = path.read_bytes()
    except OSError as exc:
        from ..fileio import os_error_to_app_error

        raise os_error_to_app_error(exc, path) from None
    suffix = path.suffix.lower()
    try:
        if suffix == ".xlsx":
            raw = _rows_xlsx(data)
        elif suffix == ".csv":
            raw = _rows_csv(data)
        else:
            raise InvalidInput("export.answers_unknown_type", path=str(path))
    except InvalidInput:
        raise
    except Exception:  # noqa: BLE001 - any reader failure means "not a readable table"
        raise InvalidInput("export.answers_unreadable", path=str(path)) from None
    return [[_cell(c) for c in row] for row in raw]


def parse_answers_file(
    path: Path | str, checklist: Checklist, department: Department | None = None
) -> list[Answer]:
    path = Path(path)
    rows = read_rows(path)
    problems: list[str] = []

    def problem(row: int, key: str, **params: Any) -> None:  # i18n.t's format parameters
        problems.append(f"{path.name}:{row}: {i18n.t(key, **params)}")

    while rows and not any(rows[-1]):
        rows.pop()
    if not rows:
        raise InvalidInput("export.answers_empty", path=str(path))
    if len(rows) > MAX_ROWS + 1:
        raise InvalidInput("export.answers_too_many", path=str(path), max=MAX_ROWS)
    header = [ALIASES.get(h.strip().lower().replace(" ", "")) for h in rows[0]]
    unknown = [rows[0][i] for i, h in enumerate(header) if h is None and rows[0][i].strip()]
    if unknown:
        problem(1, "export.answers_unknown_columns", columns=", ".join(unknown), allowed=", ".join(COLUMNS))
    for required in ("item_id", "status"):
        if required not in header:
            problem(1, "export.answers_missing_column", column=required)
    if problems:
        raise InvalidInput(
            "export.answers_file_invalid", path=str(path), count=len(problems), problems=problems
        )
    col = {name: header.index(name) for name in set(header) if name}
    seen: dict[str, int] = {}
    answers: list[Answer] = []
    for n, row in enumerate(rows[1:], start=2):
        if not any(row):
            continue

        def get(name: str, row: list[str] = row) -> str:
            return (row[col[name]] if name in col and col[name] < len(row) else "").strip()

        item_id, status_text = get("item_id"), get("status")
        ok = True
        if not item_id:
            problem(n, "export.answers_empty_cell", column="item_id")
            ok = False
        elif not checklist.has_item(item_id):
            problem(n, "export.answers_unknown_item", item=item_id)
            ok = False
        elif department is not None and not applies(checklist.item(item_id), department):
            problem(n, "export.answers_not_applicable_item", item=item_id, department=department.name)
            ok = False
        elif item_id in seen:
            problem(n, "export.answers_duplicate_item", item=item_id, first=seen[item_id])
            ok = False
        else:
            seen[item_id] = n
        status = None
        if not status_text:
            problem(n, "export.answers_empty_cell", column="status")
            ok = False
        else:
            try:
                status = parse_status(status_text)
            except ValueError:
                problem(n, "export.answers_bad_status", value=status_text[:40])
                ok = False
        due = None
        due_text = get("due")
        if due_text:
            try:
                due = parse_date(due_text)  # 2026/9/30, 令和8年9月30日, R8.9.30, …
            except ValueError:
                problem(n, "export.answers_bad_date", value=due_text[:40])
                ok = False
        comment = get("comment")
        if status is AnswerStatus.NOT_APPLICABLE and not comment:
            problem(n, "export.answers_na_needs_reason", item=item_id)
            ok = False
        if ok and status is not None:
            answers.append(
                clean_answer(
                    Answer(
                        item_id,
                        status,
                        comment=comment,
                        evidence=get("evidence"),
                        action=get("action"),
                        due=due,
                    )
                )
            )
    if problems:
        raise InvalidInput(
            "export.answers_file_invalid", path=str(path), count=len(problems), problems=problems
        )
    return answers


def parse_status(text: str) -> AnswerStatus:
    """A code ('partial') or the catalogue's word for it in either language ('一部実施', 'Partly');
    ValueError otherwise. The Japanese words are part of the file format (the template's 回答 list)."""
    key = text.strip().casefold()
    for status in AnswerStatus:
        if any(key == labels.status(status, lang).casefold() for lang in i18n.LANGUAGES):
            return status
    return AnswerStatus.parse(text)


def write_answers_template(
    path: Path | str, checklist: Checklist, department: Department | None = None
) -> Path:
    """A template with one row per applicable item, to fill in and import."""
    path = Path(path)
    items = checklist.applicable_items(department) if department else checklist.items
    # The workbook is what staff fill in: Japanese headers. The CSV is for scripts: the column codes.
    header = TEMPLATE_HEADER if path.suffix.lower() == ".xlsx" else list(CODE_HEADER)
    rows = [[i.id, i.question, "", "", "", "", ""] for i in items]
    from ..fileio import atomic_writer

    if path.suffix.lower() == ".xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        ws.title = "回答"
        _fill_sheet(ws, header, rows)
        with atomic_writer(path) as fh:
            wb.save(fh)
    else:
        buf = io.StringIO(newline="")
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)
        with atomic_writer(path) as fh:
            fh.write(buf.getvalue().encode("utf-8-sig"))
    return path


def _fill_sheet(ws: Worksheet, header: list[str], rows: list[list[str]]) -> None:
    """Header, rows with the question shown in full, and a choice list (data validation) for 回答."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    ws.append(header)
    for r in rows:
        ws.append(r)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "C2"
    for col, width in zip("ABCDEFG", (12, 70, 14, 40, 30, 30, 16), strict=True):
        ws.column_dimensions[col].width = width
    for row in ws.iter_rows(min_row=2, min_col=2, max_col=2):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    choices = ",".join(labels.status(s, "ja") for s in AnswerStatus)
    dv = DataValidation(
        type="list",
        formula1=f'"{choices}"',
        allow_blank=True,
        showDropDown=False,
        showErrorMessage=True,
        errorTitle="回答",
        error=f"次から選んでください: {choices}",
    )
    ws.add_data_validation(dv)
    if rows:
        dv.add(f"C2:C{len(rows) + 1}")
