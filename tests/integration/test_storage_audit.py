"""Answers and their audit trail: every save is one transaction with one
audit entry, and any later edit, deletion or reordering of the log shows."""

from __future__ import annotations

import datetime as dt
import json
from itertools import pairwise
from types import SimpleNamespace

import pytest

from natori_secaudit import storage
from natori_secaudit.domain.answers import Answer, AnswerStatus
from natori_secaudit.domain.assessment import AssessmentState
from natori_secaudit.domain.serialize import answer_to_dict, canonical_json
from natori_secaudit.errors import Refused
from natori_secaudit.storage import audit
from tests.unit.factories import make_checklist


@pytest.fixture
def dept(db_path, passphrase):
    """(open department db, assessment record) for FY2026."""
    db = storage.Database.create(db_path, passphrase, "department", department_code="shimin")
    sha = storage.store_checklist(db, make_checklist())
    rec = storage.create_assessment(db, 2026, "shimin", sha, inspector="花子")
    yield db, rec
    db.close()


def audit_rows(db) -> int:
    return db.one("SELECT count(*) FROM audit_log")[0]


def test_save_answer_writes_the_answer_and_exactly_one_audit_entry(dept):
    db, rec = dept
    before = audit_rows(db)
    first = storage.save_answer(
        db,
        rec.id,
        Answer("A-1", AnswerStatus.PARTIAL, comment="半分", action="直す", due=dt.date(2027, 3, 31)),
        actor="花子",
    )
    assert audit_rows(db) == before + 1
    assert first.updated_at is not None and first.updated_at.utcoffset() is not None
    assert storage.load_answers(db, rec.id) == {"A-1": first}
    e = storage.audit_entries(db, limit=1)[0]
    assert (e.event, e.subject, e.actor, e.old) == ("answer", "2026/shimin/A-1", "花子", None)
    assert e.new == canonical_json(answer_to_dict(first)).decode()
    assert dt.datetime.fromisoformat(e.ts).utcoffset() is not None

    second = storage.save_answer(db, rec.id, Answer("A-1", AnswerStatus.IMPLEMENTED), actor="太郎")
    assert audit_rows(db) == before + 2
    e = storage.audit_entries(db, limit=1)[0]
    assert json.loads(e.old)["status"] == "partial" and json.loads(e.new)["status"] == "implemented"
    assert storage.load_answers(db, rec.id)["A-1"] == second
    assert db.verify().ok


def test_saving_to_a_submitted_assessment_is_refused_and_changes_nothing(dept):
    db, rec = dept
    storage.save_answer(db, rec.id, Answer("A-1", AnswerStatus.IMPLEMENTED), actor="花子")
    storage.set_assessment_state(
        db,
        rec.id,
        AssessmentState.SUBMITTED,
        actor="花子",
        revision=1,
        submitted_at=dt.datetime(2026, 7, 1, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=9))),
    )
    answers, rows, head = storage.load_answers(db, rec.id), audit_rows(db), storage.audit_head(db)
    with pytest.raises(Refused) as err:
        storage.save_answer(db, rec.id, Answer("A-1", AnswerStatus.NOT_IMPLEMENTED), actor="花子")
    assert err.value.key == "storage.assessment_locked"
    assert "令和8年度" in err.value.message
    with pytest.raises(Refused):
        storage.save_answers(db, rec.id, [Answer("A-2", AnswerStatus.IMPLEMENTED)], actor="花子")
    assert storage.load_answers(db, rec.id) == answers
    assert (audit_rows(db), storage.audit_head(db)) == (rows, head)
    got = storage.get_assessment(db, 2026, "shimin")
    assert got.state is AssessmentState.SUBMITTED and got.revision == 1
    assert got.submitted_at == dt.datetime(2026, 7, 1, 0, 0, tzinfo=dt.UTC)


def test_save_answers_is_all_or_nothing(dept):
    db, rec = dept
    rows = audit_rows(db)
    bad = Answer("A-2", AnswerStatus.IMPLEMENTED)
    object.__setattr__(bad, "status", SimpleNamespace(value="bogus"))  # a bug upstream: the CHECK stops it
    with pytest.raises(Refused):
        storage.save_answers(db, rec.id, [Answer("A-1", AnswerStatus.IMPLEMENTED), bad], actor="花子")
    assert storage.load_answers(db, rec.id) == {}
    assert audit_rows(db) == rows
    n = storage.save_answers(
        db,
        rec.id,
        [Answer("A-1", AnswerStatus.IMPLEMENTED), Answer("A-2", AnswerStatus.UNKNOWN, comment="?")],
        actor="花子",
    )
    assert n == 2 and audit_rows(db) == rows + 2
    assert {e.event for e in storage.audit_entries(db, limit=2)} == {"answers_import"}


def test_replace_answers_is_one_audit_entry_with_a_summary(dept):
    db, rec = dept
    storage.save_answers(db, rec.id, [Answer("A-1", AnswerStatus.IMPLEMENTED)], actor="x")
    rows = audit_rows(db)
    incoming = [
        Answer("B-1", AnswerStatus.PARTIAL, comment="c", action="a", due=dt.date(2027, 1, 1)),
        Answer("B-3", AnswerStatus.IMPLEMENTED),
    ]
    assert storage.replace_answers(db, rec.id, incoming, actor="IT", event="import") == 2
    assert set(storage.load_answers(db, rec.id)) == {"B-1", "B-3"}
    assert audit_rows(db) == rows + 1
    e = storage.audit_entries(db, limit=1)[0]
    assert e.event == "import" and json.loads(e.new)["answers"] == 2 and json.loads(e.old)["answers"] == 1


def test_audit_append_outside_a_transaction_is_a_bug(dept):
    db, _rec = dept
    with pytest.raises(RuntimeError):
        audit.append(db, actor="x", event="oops")


def test_chain_links_from_64_zeros(dept):
    db, rec = dept
    storage.save_answer(db, rec.id, Answer("A-1", AnswerStatus.IMPLEMENTED), actor="x")
    entries = list(reversed(storage.audit_entries(db)))
    assert entries[0].seq == 1 and entries[0].prev_hash == "0" * 64
    for before, after in pairwise(entries):
        assert after.prev_hash == before.hash and after.seq == before.seq + 1
    assert storage.audit_head(db) == (entries[-1].seq, entries[-1].hash)
    assert storage.verify_chain(db) == []


def _three_answers(db, rec):
    for item in ("A-1", "A-2", "B-1"):
        storage.save_answer(db, rec.id, Answer(item, AnswerStatus.IMPLEMENTED), actor="花子")


def test_editing_an_audit_row_with_raw_sql_is_detected(dept):
    db, rec = dept
    _three_answers(db, rec)
    db.conn.execute("UPDATE audit_log SET actor = '別人' WHERE seq = 3")
    problems = storage.verify_chain(db)
    assert any("3 番" in p and "書き換え" in p for p in problems), problems
    assert not db.verify().ok


def test_deleting_an_audit_row_is_detected(dept):
    db, rec = dept
    _three_answers(db, rec)
    db.conn.execute("DELETE FROM audit_log WHERE seq = 2")
    problems = storage.verify_chain(db)
    assert any("番号が飛んで" in p for p in problems), problems
    assert any("つながりが切れて" in p for p in problems), problems


def test_deleting_and_renumbering_is_still_detected(dept):
    db, rec = dept
    _three_answers(db, rec)
    db.conn.execute("DELETE FROM audit_log WHERE seq = 2")
    db.conn.execute("UPDATE audit_log SET seq = seq - 1 WHERE seq > 2")
    assert storage.verify_chain(db) != []


def test_reordering_audit_rows_is_detected(dept):
    db, rec = dept
    _three_answers(db, rec)
    db.conn.execute("UPDATE audit_log SET seq = -1 WHERE seq = 3")
    db.conn.execute("UPDATE audit_log SET seq = 3 WHERE seq = 4")
    db.conn.execute("UPDATE audit_log SET seq = 4 WHERE seq = -1")
    assert storage.verify_chain(db) != []


def test_no_secret_in_the_log_after_a_passphrase_change(dept, passphrase):
    db, _rec = dept
    db.rekey("新しい合言葉 2027", actor="花子")
    e = storage.audit_entries(db, limit=1)[0]
    assert e.event == "passphrase_changed"
    dump = "".join(str(x) for r in db.query("SELECT * FROM audit_log") for x in r)
    assert "新しい合言葉" not in dump and passphrase not in dump
