"""A full disk while saving answers: a clear DiskFull, and every answer whose
save returned is still there when the database is opened again (RELIABILITY
test A6, on a 1 MB tmpfs)."""

from __future__ import annotations

import os
import subprocess

import pytest

from natori_secaudit import storage
from natori_secaudit.domain.answers import Answer, AnswerStatus
from natori_secaudit.errors import DiskFull
from tests.unit.factories import make_checklist


@pytest.fixture
def small_disk(tmp_path):
    """A 1 MB tmpfs mounted for this test, unmounted afterwards."""
    mnt = tmp_path / "small-disk"
    mnt.mkdir()
    try:
        res = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", str(mnt)],
            check=False,
            capture_output=True,
            text=True,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        pytest.skip(f"disk-full test needs a 1 MB tmpfs; cannot run mount here: {exc}")
    if res.returncode != 0:
        pytest.skip(
            "disk-full test needs a 1 MB tmpfs and this environment cannot mount one "
            f"(needs root / CAP_SYS_ADMIN): {res.stderr.strip()}"
        )
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False, capture_output=True, timeout=30)


def test_disk_full_while_saving_keeps_every_acknowledged_answer(small_disk, passphrase):
    path = small_disk / "dept.db"
    filler = small_disk / "filler.bin"
    filler.write_bytes(b"\0" * 256 * 1024)  # room to free later
    acknowledged: dict[str, str] = {}
    db = storage.Database.create(path, passphrase, "department", department_code="shimin")
    try:
        rec = storage.create_assessment(db, 2026, "shimin", storage.store_checklist(db, make_checklist()))
        with pytest.raises(DiskFull) as err:
            for n in range(2000):
                comment = f"n={n} " + "髙橋の所見。" * 400  # ~8 KB a save: a new row each time
                storage.save_answer(
                    db,
                    rec.id,
                    Answer(f"Q-{n:04}", AnswerStatus.PARTIAL, comment=comment, action="対応"),
                    actor="花子",
                )
                acknowledged[f"Q-{n:04}"] = comment
        assert len(acknowledged) > 10
        assert err.value.key == "common.disk_full"
        assert "ディスクの空き容量" in err.value.message
        assert not db.in_transaction

        filler.unlink()  # the user frees space: the same open database works again
        storage.save_answer(db, rec.id, Answer("AFTER", AnswerStatus.IMPLEMENTED), actor="花子")
        acknowledged["AFTER"] = ""
    finally:
        db.close()

    with storage.Database.open(path, passphrase) as db:
        report = db.verify()
        assert report.ok, report.problems
        stored = storage.load_answers(db, storage.get_assessment(db, 2026, "shimin").id)
    assert {k: a.comment for k, a in stored.items()} == acknowledged


def test_a_completely_full_disk_still_opens_and_refuses_new_saves_cleanly(small_disk, passphrase):
    """Filling the disk completely between sessions: the database still opens and shows its answers."""
    path = small_disk / "dept.db"
    with storage.Database.create(path, passphrase, "department", department_code="shimin") as db:
        rec = storage.create_assessment(db, 2026, "shimin", storage.store_checklist(db, make_checklist()))
        storage.save_answer(db, rec.id, Answer("A-1", AnswerStatus.IMPLEMENTED), actor="花子")
    fd = os.open(small_disk / "filler.bin", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while os.write(fd, b"\0" * 4096):
            pass
    except OSError:
        pass
    finally:
        os.close(fd)
    with storage.Database.open(path, passphrase) as db:
        assert set(storage.load_answers(db, rec.id)) == {"A-1"}
        with pytest.raises(DiskFull):
            storage.save_answer(
                db, rec.id, Answer("A-2", AnswerStatus.IMPLEMENTED, comment="x" * 20000), actor="花子"
            )
        assert set(storage.load_answers(db, rec.id)) == {"A-1"}
