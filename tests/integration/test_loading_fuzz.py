"""Malformed checklist and department files: a clear error or a correct load, never a traceback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from natori_secaudit.loading import ChecklistFileError, load_checklist_bytes, load_departments_bytes

pytestmark = pytest.mark.slow  # kills, flips and fuzzing: CI and the nightly run, not the quick loop

EXAMPLES = int(os.environ.get("NATORI_FUZZ_EXAMPLES", "1000"))
DATA = Path(__file__).resolve().parents[1] / "data"
VALID = (DATA / "loading" / "minimal.yaml").read_bytes()
VALID_DEPTS = "organization: 名取市\ndepartments:\n  - code: somu\n    name: 総務課\n    tags: [personal_data]\n".encode()


@st.composite
def mutated(draw, base: bytes):
    data = bytearray(base)
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["flip", "insert", "delete", "truncate", "dup"]))
        if not data:
            break
        i = draw(st.integers(0, len(data) - 1))
        if op == "flip":
            data[i] ^= draw(st.integers(1, 255))
        elif op == "insert":
            data[i:i] = draw(
                st.sampled_from(
                    [
                        b"&a ",
                        b"*a",
                        b"!!python/object ",
                        b"\t",
                        b"\x00",
                        b": ",
                        b"- ",
                        b"[",
                        b"{",
                        b"'",
                        b'"',
                        b"\n  ",
                        "髙".encode(),
                        b"\xff",
                    ]
                )
            )
        elif op == "delete":
            del data[i : i + draw(st.integers(1, 20))]
        elif op == "truncate":
            del data[i:]
        else:
            j = draw(st.integers(i, min(len(data), i + 80)))
            data[j:j] = data[i:j]
    return bytes(data)


def _check(loader, data: bytes) -> None:
    try:
        loader(data, "fuzz.yaml")
    except ChecklistFileError as exc:
        assert exc.problems
        for p in exc.problems:
            assert p.line >= 1 and p.col >= 1
            assert p.message()


FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))


@FUZZ
@given(mutated(VALID))
def test_mutated_checklists(data):
    _check(load_checklist_bytes, data)


@FUZZ
@given(mutated(VALID_DEPTS))
def test_mutated_department_lists(data):
    _check(load_departments_bytes, data)


@FUZZ
@given(st.binary(max_size=400))
def test_random_bytes(data):
    _check(load_checklist_bytes, data)
    _check(load_departments_bytes, data)
