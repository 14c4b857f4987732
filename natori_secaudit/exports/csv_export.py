"""CSV export: one row per department and applicable item, every field typed.
UTF-8 with BOM and CRLF so that Excel opens Japanese text correctly.

With a previous year, each row carries last year's counterparts along the
checklist revision and the organisation change, and a second file next to it
(``<name>-前年度との対応.csv``) lists what could not be compared.

Every row of both files ends with the ``classification`` column (機密性2 …, from the department list):
a CSV has no page header, and the file is as sensitive as the reports."""

from __future__ import annotations

import csv
import datetime as _dt
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

from ..domain.assessment import YearData
from ..domain.results import CompiledYear
from ..fileio import atomic_writer
from .common import ANSWER_COLUMNS, COMPARISON_COLUMNS, answer_rows, comparison_rows, safe_text

CLASSIFICATION_COLUMN = "classification"


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.1f}"
    return safe_text(value)


def export_csv(compiled: CompiledYear, data: YearData, out_path: Path | str) -> Path:
    target = Path(out_path)
    mark = compiled.organization.classification
    _write(target, ANSWER_COLUMNS, answer_rows(compiled, data), mark)
    if compiled.comparison is not None:
        _write(comparison_path(target), COMPARISON_COLUMNS, comparison_rows(compiled), mark)
    return target


def comparison_path(target: Path) -> Path:
    """Where the list of what could not be compared goes, next to the answers file."""
    return target.with_name(f"{target.stem}-前年度との対応{target.suffix or '.csv'}")


def _write(
    target: Path, columns: Sequence[tuple[str, str]], rows: Iterable[Sequence[object]], classification: str
) -> None:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([code for code, _label in columns] + [CLASSIFICATION_COLUMN])
    for row in rows:
        writer.writerow([_cell(v) for v in row] + [classification])
    with atomic_writer(target) as fh:
        fh.write(buf.getvalue().encode("utf-8-sig"))
