"""CSV export: one row per department and applicable item, every field typed.
UTF-8 with BOM and CRLF so that Excel opens Japanese text correctly."""

from __future__ import annotations

import csv
import datetime as _dt
import io
from pathlib import Path

from ..domain.assessment import YearData
from ..domain.results import CompiledYear
from ..fileio import atomic_writer
from .common import ANSWER_COLUMNS, answer_rows, safe_text


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.1f}"
    return safe_text(value)


def export_csv(compiled: CompiledYear, data: YearData, out_path: Path | str) -> Path:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([code for code, _label in ANSWER_COLUMNS])
    for row in answer_rows(compiled, data):
        writer.writerow([_cell(v) for v in row])
    target = Path(out_path)
    with atomic_writer(target) as fh:
        fh.write(buf.getvalue().encode("utf-8-sig"))
    return target
