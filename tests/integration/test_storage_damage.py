"""A damaged file is never shown as data and never blamed on the passphrase when we can tell.

SQLCipher checks a page's HMAC when it reads the page: page 1 (or the salt)
fails exactly like a wrong passphrase, later pages as "malformed". The open
check reads every page; the ``.check`` sidecar written at clean close tells
page-1 damage from a typo (docs/design/reliability-plan.md §1.3).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from natori_secaudit import storage
from natori_secaudit.domain.answers import Answer, AnswerStatus
from natori_secaudit.errors import DamagedFile, WrongPassphrase
from natori_secaudit.storage import sidecar
from tests.unit.factories import make_checklist

PAGE = 4096
ROOT = Path(__file__).resolve().parents[2]


def filled_db(path, passphrase, answers=150):
    """A closed department database of a few dozen pages (sidecar written)."""
    with storage.Database.create(path, passphrase, "department", department_code="shimin") as db:
        sha = storage.store_checklist(db, make_checklist())
        rec = storage.create_assessment(db, 2026, "shimin", sha)
        storage.save_answers(
            db,
            rec.id,
            [
                Answer(f"Q-{n:03}", AnswerStatus.PARTIAL, comment="理由 " * 40, action="対応")
                for n in range(answers)
            ],
            actor="花子",
        )
    return path.stat().st_size // PAGE


def flip(path, offset):
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


def test_flipped_byte_in_a_late_page_is_refused_at_open_with_its_page_number(db_path, passphrase):
    pages = filled_db(db_path, passphrase)
    assert pages >= 20
    flip(db_path, (pages - 2) * PAGE + 200)  # inside page pages-1 (1-based)
    with pytest.raises(DamagedFile) as err:
        storage.Database.open(db_path, passphrase)
    assert err.value.key == "storage.damaged"
    assert f"page {pages - 1}" in err.value.message
    assert str(db_path) in err.value.message
    assert "バックアップから復元" in err.value.message and "AIシステム推進課" in err.value.message


def test_verify_reports_a_late_page_when_opened_without_the_check(db_path, passphrase):
    pages = filled_db(db_path, passphrase)
    flip(db_path, (pages - 1) * PAGE + 77)  # the last page
    with storage.Database.open(db_path, passphrase, check=False) as db:
        report = db.verify()
    assert not report.ok
    assert any(f"page {pages}" in p for p in report.problems), report.problems
    assert report.pages_checked == pages


def test_flipped_byte_in_page_one_with_sidecar_is_damage_not_passphrase(db_path, passphrase):
    filled_db(db_path, passphrase)
    assert sidecar.matches(db_path) is True
    flip(db_path, 1000)  # page 1 body
    with pytest.raises(DamagedFile) as err:
        storage.Database.open(db_path, passphrase)
    assert err.value.key == "storage.changed_since_close"
    assert "パスフレーズの誤りではありません" in err.value.message
    with pytest.raises(DamagedFile):  # whatever passphrase is typed
        storage.Database.open(db_path, "typo")


def test_flipped_salt_byte_without_sidecar_says_passphrase_or_damage(db_path, passphrase):
    filled_db(db_path, passphrase)
    sidecar.sidecar_path(db_path).unlink()
    flip(db_path, 5)  # the KDF salt
    with pytest.raises(WrongPassphrase) as err:
        storage.Database.open(db_path, passphrase)
    assert err.value.key == "storage.wrong_passphrase_or_damaged"


def test_truncated_file_is_refused(db_path, passphrase):
    pages = filled_db(db_path, passphrase)
    data = db_path.read_bytes()
    db_path.write_bytes(data[: (pages - 3) * PAGE])
    with pytest.raises(DamagedFile):
        storage.Database.open(db_path, passphrase)


def test_intact_database_verifies_clean(db_path, passphrase):
    filled_db(db_path, passphrase, answers=20)
    with storage.Database.open(db_path, passphrase) as db:
        report = db.verify()
    assert report.ok, report.problems
    assert report.problems == []
    assert report.audit_entries == 2 + 20  # checklist stored, assessment created, 20 answers
    assert report.pages_checked >= 3


def test_crash_mid_transaction_then_wrong_passphrase_then_right_one(db_path, passphrase):
    """A hot journal left by a crash is rolled back by SQLite on the next open, even one with a
    wrong passphrase (journal pages are copied back still encrypted; measured): the file then
    holds exactly the last committed state, never a mix."""
    filled_db(db_path, passphrase)
    with storage.Database.open(db_path, passphrase) as db:
        committed = {k: a.comment for k, a in storage.load_answers(db, 1).items()}
    child = (
        "import os\n"
        "from natori_secaudit import storage\n"
        f"db = storage.Database.open({str(db_path)!r}, {passphrase!r})\n"
        "db.execute('PRAGMA cache_size = 2')\n"  # spill changed pages into the file before commit
        "db.execute('BEGIN IMMEDIATE')\n"
        "db.execute(\"UPDATE answers SET comment = 'half-done ' || comment\")\n"
        "os._exit(9)\n"
    )
    subprocess.run(
        [sys.executable, "-c", child], env=dict(os.environ, PYTHONPATH=str(ROOT)), check=False, timeout=60
    )
    assert db_path.with_name("dept.db-journal").exists()
    with pytest.raises(WrongPassphrase):
        storage.Database.open(db_path, "wrong")
    with storage.Database.open(db_path, passphrase) as db:
        assert {k: a.comment for k, a in storage.load_answers(db, 1).items()} == committed
        assert db.verify().ok
