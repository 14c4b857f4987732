"""Hostile submissions: validly encrypted and signed files whose decrypted body is crafted
(deep nesting, huge numbers, wrong types and sizes, empty, random bytes). Every file ends as one
of the outcomes, the IT division's database changes only for an accepted file, and the files
after it in a folder are still imported.

Sizes: NATORI_FUZZ_EXAMPLES (default 1000, as the other fuzz tests; benchmarks/reliability.py
runs 10,000)."""

from __future__ import annotations

import datetime as dt
import json
import os
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from natori_secaudit.domain.fiscal_year import FiscalYear
from natori_secaudit.exchange import DepartmentSigningKey
from natori_secaudit.exchange import submission as fmt
from natori_secaudit.services.admin import AdminWorkspace, ImportOutcome

from .conftest import ADMIN_PASS

pytestmark = pytest.mark.slow  # kills, flips and fuzzing: CI and the nightly run, not the quick loop

EXAMPLES = int(os.environ.get("NATORI_FUZZ_EXAMPLES", "1000"))
FY = FiscalYear(2026)
JST = dt.timezone(dt.timedelta(hours=9))
DEPT = DepartmentSigningKey.generate()
DEEP = "\u0000deep\u0000"  # stands for a nested value written straight into the JSON text


def _answers() -> list[dict]:
    return [
        {
            "item_id": i,
            "status": "implemented",
            "comment": "",
            "evidence": "規程",
            "action": "",
            "due": None,
            "carried_over": False,
            "answered_by": "髙橋",
            "updated_at": "2026-07-01T09:30:00+09:00",
        }
        for i in ("A-1", "A-2", "B-1", "B-2", "B-3")
    ]


def valid_body(ws: AdminWorkspace, **changes) -> dict:
    body = {
        "format_version": 1,
        "department_code": "shimin",
        "department_name": "市民課",
        "fiscal_year": 2026,
        "checklist_id": "small",
        "checklist_version": "1.0",
        "checklist_sha256": ws.checklist_for(FY).sha256,
        "revision": 1,
        "inspector": "髙橋 﨑子",
        "submitted_at": "2026-07-01T10:00:00+09:00",
        "answers": _answers(),
        "chain_head": "b" * 64,
        "chain_seq": 42,
        "app_version": "0.2.0",
        "department_public_key": DEPT.public_bytes().hex(),
        "admin_fingerprint": ws.keys.fingerprint(),
        "kind": "final",
        "enrolment_proof": _proof(ws).hex(),
    }
    body.update(changes)
    return body


def _proof(ws: AdminWorkspace) -> bytes:
    """The proof of a database enrolled with a 登録コード the IT division issued for 市民課."""
    from natori_secaudit import storage
    from natori_secaudit.exchange import enrolment as codes
    from natori_secaudit.services import enrolment

    if not ws.organization().has("shimin"):
        return b""  # another city's list (the dashboard's): the file is refused anyway
    issued = storage.enrolments(ws.db, "shimin") or [None]
    if issued[-1] is None:
        enrolment.issue_code(ws, "shimin")
        issued = storage.enrolments(ws.db, "shimin")
    return codes.proof(issued[-1].secret, "shimin", DEPT.public_bytes())


def seal(ws: AdminWorkspace, plaintext: bytes) -> bytes:
    """Encrypt any plaintext to the IT division exactly as a department's program does."""
    header = fmt._header(ws.keys.fingerprint())
    return header + fmt._SUITE.encrypt(plaintext, ws.keys.public().hpke_key(), info=header)


def signed_file(ws: AdminWorkspace, body, depth: int = 0) -> bytes:
    """A file whose body is signed by the department key (so only the content can be wrong)."""
    text = json.dumps(body, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    text = text.replace(json.dumps(DEEP), "[" * depth + "]" * depth)
    try:
        signed = fmt.canonical_json(json.loads(text))
    except (ValueError, RecursionError):
        signed = text.encode("ascii")
    sig = DEPT.sign(signed).hex()
    return seal(ws, ('{"body":' + text + ',"sig":"' + sig + '"}').encode("ascii"))


@pytest.fixture
def admin_ws(city):
    tmp, admin, _bundle = city
    with AdminWorkspace.open(admin, ADMIN_PASS) as ws:
        yield tmp, ws


def _state(ws) -> tuple:
    from natori_secaudit import storage

    return (storage.audit_head(ws.db), ws.db.query("SELECT COUNT(*) FROM submissions"))


def _crash_logs() -> list:
    from natori_secaudit.services import paths

    return list(paths.log_dir().glob("error-*.log")) if paths.log_dir().exists() else []


def _assert_clean(result) -> None:
    assert isinstance(result.outcome, ImportOutcome)
    assert result.outcome in (ImportOutcome.IMPORTED, ImportOutcome.REJECTED, ImportOutcome.UNCHANGED)
    assert "予期しないエラー" not in result.reason  # a clear reason, not the safety net
    assert _crash_logs() == []


# -- the two files of the issue, then a good one: the folder import goes on -----------------------
def test_deep_nesting_and_huge_numbers_do_not_stop_a_folder_import(admin_ws):
    tmp, ws = admin_ws
    folder = tmp / "shared"
    folder.mkdir()
    (folder / "1-deep.natori-submission").write_bytes(
        signed_file(ws, valid_body(ws, answers=DEEP), depth=100_000)
    )
    (folder / "2-huge.natori-submission").write_bytes(signed_file(ws, valid_body(ws, revision=2**63)))
    (folder / "3-seq.natori-submission").write_bytes(signed_file(ws, valid_body(ws, chain_seq=2**63)))
    (folder / "4-good.natori-submission").write_bytes(signed_file(ws, valid_body(ws)))
    results = ws.import_paths([folder])
    assert [r.outcome for r in results] == [ImportOutcome.REJECTED] * 3 + [ImportOutcome.IMPORTED]
    for r in results[:3]:
        assert "中身が正しい形式ではありません" in r.reason
    assert ws.year_data(FY).assessments["shimin"].revision == 1
    assert _crash_logs() == []


def test_a_programming_error_in_one_file_is_a_rejected_line_with_a_log(admin_ws, monkeypatch):
    from natori_secaudit.services import paths

    tmp, ws = admin_ws
    bad, good = tmp / "a.natori-submission", tmp / "b.natori-submission"
    bad.write_bytes(signed_file(ws, valid_body(ws)))
    good.write_bytes(signed_file(ws, valid_body(ws, inspector="別の人")))
    original = ws._import
    calls = []

    def flaky(path):
        if not calls:
            calls.append(path)
            raise ZeroDivisionError("a bug")
        return original(path)

    monkeypatch.setattr(ws, "_import", flaky)
    first, second = ws.import_paths([bad, good])
    assert first.outcome is ImportOutcome.REJECTED and "予期しないエラー" in first.reason
    assert str(paths.log_dir()) in first.reason and list(paths.log_dir().glob("error-*.log"))
    assert second.outcome is ImportOutcome.IMPORTED


# -- hypothesis: the decrypted body, not only the bytes -------------------------------------------
HUGE = st.sampled_from([2**63, 2**63 - 1, -(2**63) - 1, 2**64, 10**400, 2**53 + 1, -1, 0])
HOSTILE = st.one_of(
    HUGE,
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.text(max_size=30),
    st.just(DEEP),
    st.just("\ud800 lone surrogate"),
    st.just("x" * 20001),
    st.just("2026-13-45T99:99:99+09:00"),
    st.just("0001-01-01T00:00:00+23:59"),
    st.just("9999-12-31T23:59:59-23:59"),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
    st.just([]),
    st.just({}),
    st.just("f" * 64),
    st.just("not_applicable"),
)
TOP_KEYS = [
    "format_version",
    "department_code",
    "department_name",
    "fiscal_year",
    "checklist_id",
    "checklist_version",
    "checklist_sha256",
    "revision",
    "inspector",
    "submitted_at",
    "answers",
    "chain_head",
    "chain_seq",
    "app_version",
    "department_public_key",
    "admin_fingerprint",
    "kind",
]
ANSWER_KEYS = [
    "item_id",
    "status",
    "comment",
    "evidence",
    "action",
    "due",
    "carried_over",
    "answered_by",
    "updated_at",
    "extra",
]


@st.composite
def hostile_body(draw):
    changes = []
    for _ in range(draw(st.integers(1, 3))):
        where = draw(st.sampled_from(["top", "answer", "answers_size", "delete", "extra"]))
        if where == "top":
            changes.append(("top", draw(st.sampled_from(TOP_KEYS)), draw(HOSTILE)))
        elif where == "answer":
            changes.append(
                ("answer", (draw(st.integers(0, 4)), draw(st.sampled_from(ANSWER_KEYS))), draw(HOSTILE))
            )
        elif where == "answers_size":
            changes.append(("answers_size", draw(st.sampled_from([0, 1, 4, 6, 5001])), None))
        elif where == "delete":
            changes.append(("delete", draw(st.sampled_from(TOP_KEYS)), None))
        else:
            changes.append(("top", draw(st.text(min_size=1, max_size=8)), draw(HOSTILE)))
    depth = draw(st.sampled_from([1, 50, 990, 1000, 5000, 200_000]))
    return changes, depth


def apply_changes(body: dict, changes) -> dict:
    for kind, where, value in changes:
        if kind == "top":
            body[where] = value
        elif kind == "delete":
            body.pop(where, None)
        elif kind == "answer" and isinstance(body.get("answers"), list) and body["answers"]:
            answers = body["answers"]
            entry = answers[where[0] % len(answers)]
            if isinstance(entry, dict):
                entry[where[1]] = value
        elif kind == "answers_size" and isinstance(body.get("answers"), list):
            base = _answers()
            body["answers"] = [
                dict(base[n % 5], item_id=f"Z-{n}" if n >= 5 else base[n % 5]["item_id"])
                for n in range(where)
            ]
    return body


FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))


@FUZZ
@given(case=hostile_body())
def test_fuzz_hostile_decrypted_bodies_end_as_an_outcome(admin_ws, case):
    tmp, ws = admin_ws
    changes, depth = case
    body = apply_changes(valid_body(ws), changes)
    path = tmp / "hostile.natori-submission"
    path.write_bytes(signed_file(ws, body, depth))
    before = _state(ws)
    result = ws.import_file(path)
    _assert_clean(result)
    if result.outcome is ImportOutcome.REJECTED:
        assert result.reason and _state(ws) == before


@FUZZ
@given(
    plaintext=st.one_of(
        st.binary(max_size=200),
        st.just(b""),
        st.just(b"[]"),
        st.just(b"null"),
        st.just(b"[" * 100_000),
        st.just(b'{"body":{},"sig":5}'),
        st.just(b'{"body":' + b'{"a":' * 50_000 + b"1" + b"}" * 50_000 + b',"sig":""}'),
        st.text(max_size=50).map(lambda s: s.encode("utf-8")),
    )
)
def test_fuzz_hostile_plaintexts_end_as_an_outcome(admin_ws, plaintext):
    tmp, ws = admin_ws
    path = tmp / "plain.natori-submission"
    path.write_bytes(seal(ws, plaintext))
    before = _state(ws)
    result = ws.import_file(path)
    _assert_clean(result)
    assert result.outcome is ImportOutcome.REJECTED and _state(ws) == before


@FUZZ
@given(
    data=st.one_of(
        st.binary(max_size=300), st.binary(min_size=1, max_size=40).map(lambda b: fmt.MAGIC + b"\n" + b)
    )
)
def test_fuzz_random_bytes_under_any_name_end_as_an_outcome(admin_ws, data):
    tmp, ws = admin_ws
    name = random.Random(len(data)).choice(["r.natori-submission", "r.sub", "r", "r.natori-bundle"])
    path = tmp / name
    path.write_bytes(data)
    result = ws.import_file(path)
    assert result.outcome in (ImportOutcome.REJECTED, ImportOutcome.SKIPPED)
    assert result.reason and "予期しないエラー" not in result.reason
    assert _crash_logs() == []
