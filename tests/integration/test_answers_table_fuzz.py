"""Malformed answer spreadsheets (CSV and XLSX): a clear error or a correct load, never a traceback."""

from __future__ import annotations

import io
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from natori_secaudit.errors import AppError
from natori_secaudit.loading import load_checklist_file
from natori_secaudit.loading.answers_table import parse_answers_file

from .conftest import SMALL

pytestmark = pytest.mark.slow  # kills, flips and fuzzing: CI and the nightly run, not the quick loop

EXAMPLES = int(os.environ.get("NATORI_FUZZ_EXAMPLES", "1000"))
CHECKLIST = load_checklist_file(SMALL / "small-checklist.yaml")
VALID = (
    "item_id,status,comment,evidence,action,due\r\nA-1,implemented,,規程,,\r\n"
    "B-1,一部実施,遅れ,,見直す,2027-03-31\r\nB-3,該当なし,窓口なし,,,\r\n"
).encode()
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))


def _xlsx(rows) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    for r in rows:
        wb.active.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _try(tmp_path_factory, data: bytes, suffix: str) -> None:
    path = tmp_path_factory.mktemp("f") / f"answers{suffix}"
    path.write_bytes(data)
    try:
        answers = parse_answers_file(path, CHECKLIST)
        assert all(CHECKLIST.has_item(a.item_id) for a in answers)
    except AppError as exc:
        assert exc.message


@st.composite
def mutated_csv(draw):
    data = bytearray(VALID)
    for _ in range(draw(st.integers(1, 5))):
        i = draw(st.integers(0, len(data) - 1))
        op = draw(st.sampled_from(["flip", "insert", "cut"]))
        if op == "flip":
            data[i] ^= draw(st.integers(1, 255))
        elif op == "insert":
            data[i:i] = draw(
                st.sampled_from([b",", b'"', b"\r\n", b"=1+1", b"\xff\xfe", "髙".encode("cp932"), b"\x00"])
            )
        else:
            del data[i:]
            if not data:
                break
    return bytes(data)


@FUZZ
@given(st.one_of(mutated_csv(), st.binary(max_size=300)))
def test_fuzzed_csv(tmp_path_factory, data):
    _try(tmp_path_factory, data, ".csv")


cells = st.one_of(
    st.none(),
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=12),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.dates(),
)


@settings(max_examples=max(EXAMPLES // 10, 50), deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.lists(cells, max_size=7), max_size=6), st.booleans())
def test_fuzzed_xlsx(tmp_path_factory, rows, with_header):
    if with_header:
        rows = [["item_id", "status", "comment", "evidence", "action", "due"], *rows]
    _try(tmp_path_factory, _xlsx(rows), ".xlsx")


@FUZZ
@given(st.binary(max_size=400))
def test_random_bytes_as_xlsx(tmp_path_factory, data):
    _try(tmp_path_factory, b"PK\x03\x04" + data, ".xlsx")
