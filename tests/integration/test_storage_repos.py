"""What the repositories keep: checklists, organisation, keys, settings,
assessments and the IT division's submissions, read back after reopening."""

from __future__ import annotations

import datetime as dt

import pytest

from natori_secaudit import storage
from natori_secaudit.domain.assessment import AssessmentState
from natori_secaudit.domain.serialize import checklist_snapshot
from natori_secaudit.errors import DamagedFile, Refused
from natori_secaudit.storage import checklists_repo
from tests.unit.factories import make_checklist, make_org

JST = dt.timezone(dt.timedelta(hours=9))


@pytest.fixture
def admin(db_path, passphrase):
    with storage.Database.create(db_path, passphrase, "admin") as db:
        yield db


def reopen(db, passphrase):
    db.close()
    return storage.Database.open(db.path, passphrase)


def test_checklist_snapshot_is_idempotent_and_exact(admin, passphrase):
    cl = make_checklist()
    sha = storage.store_checklist(admin, cl)
    assert storage.store_checklist(admin, cl) == sha == checklist_snapshot(cl)[1]
    sha2 = storage.store_checklist(admin, make_checklist(version="2", extra_item=True))
    db = reopen(admin, passphrase)
    try:
        assert storage.list_checklists(db) == [("test", "1", sha, "テスト"), ("test", "2", sha2, "テスト")]
        loaded = storage.load_checklist(db, sha)
        assert loaded.sha256 == sha and loaded.items == cl.items
        with pytest.raises(KeyError):
            storage.load_checklist(db, "0" * 64)
    finally:
        db.close()


def test_a_tampered_checklist_snapshot_is_reported(admin):
    sha = storage.store_checklist(admin, make_checklist())
    admin.execute("UPDATE checklists SET snapshot = replace(snapshot, '責任者', '担当者')")
    checklists_repo._verified.clear()
    with pytest.raises(DamagedFile) as err:
        storage.load_checklist(admin, sha)
    assert err.value.key == "storage.snapshot_mismatch"


def test_organization_is_replaced_whole_and_keeps_order(admin, passphrase):
    org = make_org()
    storage.store_organization(admin, org)
    storage.store_organization(admin, org)
    db = reopen(admin, passphrase)
    try:
        assert storage.load_organization(db) == org
        assert [r[0] for r in db.query("SELECT code FROM departments ORDER BY sort_order")] == [
            d.code for d in org.departments
        ]
    finally:
        db.close()


def test_keys_round_trip_and_missing_key(admin):
    storage.store_key(admin, "admin", b"\x01pub", b"\x02priv")
    storage.store_key(admin, "it_public", b"\x03pub", None)
    assert storage.load_key(admin, "admin") == (b"\x01pub", b"\x02priv")
    assert storage.load_key(admin, "it_public") == (b"\x03pub", None)
    with pytest.raises(KeyError):
        storage.load_key(admin, "nope")
    assert b"\x02priv" not in b"".join(
        (r[0] or "").encode() for r in admin.query("SELECT new FROM audit_log")
    )


def test_settings_are_json_and_prefix_lists_are_literal(admin):
    storage.set_setting(admin, "ui.font_size", 14)
    storage.set_setting(admin, "ui.theme", {"name": "flatly", "dark": False})
    storage.set_setting(admin, "ui_x", 1)
    assert storage.get_setting(admin, "ui.font_size") == 14
    assert storage.get_setting(admin, "ui.theme") == {"name": "flatly", "dark": False}
    assert storage.get_setting(admin, "missing", "default") == "default"
    assert storage.setting_keys(admin, "ui.") == ["ui.font_size", "ui.theme"]


def test_assessments_life_cycle(admin):
    sha = storage.store_checklist(admin, make_checklist())
    rec = storage.create_assessment(admin, 2026, "shimin", sha, inspector="花子")
    assert (rec.state, rec.revision, rec.submitted_at, rec.inspector) == (
        AssessmentState.NOT_STARTED,
        0,
        None,
        "花子",
    )
    assert rec.updated_at.utcoffset() is not None
    storage.create_assessment(admin, 2025, "doboku", sha)
    with pytest.raises(Refused):
        storage.create_assessment(admin, 2026, "shimin", sha)  # one per department and year
    when = dt.datetime(2026, 7, 1, 9, 30, tzinfo=JST)
    new = storage.set_assessment_state(
        admin,
        rec.id,
        AssessmentState.SUBMITTED,
        actor="花子",
        revision=1,
        submitted_at=when,
        chain_head="c" * 64,
    )
    assert new == storage.get_assessment(admin, 2026, "shimin")
    assert (new.state, new.revision, new.submitted_at, new.chain_head) == (
        AssessmentState.SUBMITTED,
        1,
        when,
        "c" * 64,
    )
    storage.set_assessment_state(
        admin, rec.id, AssessmentState.RETURNED, actor="IT", return_message="A-1 を直して"
    )
    back = storage.get_assessment(admin, 2026, "shimin")
    assert (
        back.state is AssessmentState.RETURNED
        and back.return_message == "A-1 を直して"
        and back.revision == 1
    )
    assert [r.department_code for r in storage.list_assessments(admin)] == ["doboku", "shimin"]
    assert [r.department_code for r in storage.list_assessments(admin, 2026)] == ["shimin"]
    assert storage.years(admin) == [2025, 2026]
    assert storage.get_assessment(admin, 2024, "shimin") is None
    events = [e.event for e in storage.audit_entries(admin, limit=2)]
    assert events == ["state_returned", "state_submitted"]
    with pytest.raises(ValueError):
        storage.set_assessment_state(
            admin, rec.id, AssessmentState.SUBMITTED, actor="x", submitted_at=dt.datetime(2026, 7, 1)
        )  # naive time refused


def test_submissions_history_current_and_lookup_by_file_hash(admin):
    def record(rev, file_hash):
        return storage.record_submission(
            admin,
            department_code="shimin",
            fiscal_year=2026,
            checklist_sha256="s" * 64,
            revision=rev,
            chain_head=f"{rev}" * 64,
            chain_seq=10 * rev,
            file_sha256=file_hash,
            payload=f'{{"revision":{rev},"note":"髙橋"}}'.encode(),
            received_at=dt.datetime(2026, 7, rev, tzinfo=JST),
        )

    record(1, "f1")
    record(3, "f3")
    record(2, "f2")  # arrives late: revision 3 stays current
    latest = storage.latest_submission(admin, "shimin", 2026)
    assert (latest.revision, latest.status, latest.chain_seq) == (3, "current", 30)
    assert latest.payload == '{"revision":3,"note":"髙橋"}'.encode()
    assert latest.received_at == dt.datetime(2026, 7, 3, tzinfo=JST)
    history = storage.submission_history(admin, "shimin", 2026)
    assert [(s.revision, s.status) for s in history] == [(1, "superseded"), (2, "superseded"), (3, "current")]
    assert storage.find_by_file_hash(admin, "f2").revision == 2
    assert storage.find_by_file_hash(admin, "nope") is None
    assert storage.latest_submission(admin, "doboku", 2026) is None
    with pytest.raises(Refused):
        record(4, "f1")  # the same file twice is refused by the schema
