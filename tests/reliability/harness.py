"""Crash-safety harness: build small worlds through the real services, run an
operation in a child process, SIGKILL it at a random moment, check the files.

Used by tests/reliability/test_crash_safety.py (CI size, NATORI_CRASH_KILLS,
default 20 per operation) and benchmarks/reliability.py (nightly size, 200+).
"""

from __future__ import annotations

import dataclasses
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from .crash_child import PASS_A, PASS_B

ROOT = Path(__file__).resolve().parents[2]
CHECKLISTS = ROOT / "checklists"


def child_env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(NATORI_SECAUDIT_FAST_KDF="1", NATORI_SECAUDIT_HOME=str(home), PYTHONPATH=str(ROOT))
    return env


def _enrol(admin_path: Path, code: str) -> str:
    from natori_secaudit.services import admin, enrolment

    with admin.AdminWorkspace.open(admin_path, PASS_A) as ws:
        return enrolment.issue_code(ws, code).text


def build_department_world(folder: Path, year: int = 2026) -> Path:
    """An admin database, a bundle, one department database (passphrase A)."""
    from natori_secaudit.services import setup

    folder.mkdir(parents=True, exist_ok=True)
    setup.create_admin_db(folder / "admin.db", PASS_A)
    bundle = setup.make_bundle(
        folder / "admin.db",
        PASS_A,
        year,
        "natori-standard",
        folder / "b.natori-bundle",
        checklist_dirs=[CHECKLISTS],
    )
    org = setup.read_bundle(bundle).organization
    code = org.departments[1].code
    setup.create_department_db(
        folder / "dept.db", PASS_A, bundle, code, enrollment_code=_enrol(folder / "admin.db", code)
    )
    return folder


def build_import_world(folder: Path, departments: int = 6, year: int = 2026) -> Path:
    """An admin database and a folder of submissions from several departments."""
    from natori_secaudit.demo.generator import generate_year
    from natori_secaudit.domain.fiscal_year import FiscalYear
    from natori_secaudit.services import setup, submission
    from natori_secaudit.services.demo import _fill
    from natori_secaudit.services.department import DepartmentWorkspace

    folder.mkdir(parents=True, exist_ok=True)
    setup.create_admin_db(folder / "admin.db", PASS_A)
    bundle = setup.make_bundle(
        folder / "admin.db",
        PASS_A,
        year,
        "natori-standard",
        folder / "b.natori-bundle",
        checklist_dirs=[CHECKLISTS],
    )
    b = setup.read_bundle(bundle)
    fy = FiscalYear(year)
    data = generate_year(b.checklist, b.organization, fy, seed=7)
    for dept in b.organization.departments[:departments]:
        path = folder / "depts" / f"{dept.code}.db"
        setup.create_department_db(
            path, PASS_A, bundle, dept.code, enrollment_code=_enrol(folder / "admin.db", dept.code)
        )
        with DepartmentWorkspace.open(path, PASS_A, "試験") as ws:
            _fill(ws, fy, data.assessment(dept.code))
            submission.submit(ws, fy, folder / "submissions")
    (folder / "year").write_text(str(year))
    return folder


def build_submit_world(folder: Path, year: int = 2026) -> Path:
    """An admin database and one department database with every item answered, not yet submitted."""
    from natori_secaudit.demo.generator import generate_year
    from natori_secaudit.domain.fiscal_year import FiscalYear
    from natori_secaudit.services.demo import _fill
    from natori_secaudit.services.department import DepartmentWorkspace

    build_department_world(folder, year)
    with DepartmentWorkspace.open(folder / "dept.db", PASS_A, "試験") as ws:
        fy = FiscalYear(year)
        org = ws.organization
        data = generate_year(ws.assessment(fy).checklist, org, fy, seed=11)
        _fill(ws, fy, data.assessment(ws.department.code))
        assert not ws.missing(fy)
    (folder / "year").write_text(str(year))
    return folder


def build_report_world(folder: Path) -> Path:
    world = build_import_world(folder, departments=6)
    from natori_secaudit.services.admin import AdminWorkspace

    with AdminWorkspace.open(world / "admin.db", PASS_A) as ws:
        ws.import_paths([world / "submissions"])
    (world / "out").mkdir(exist_ok=True)
    return world


@dataclasses.dataclass(frozen=True)
class Ok:
    """A check passed, and this is the state the kill left (counted in KillStats.states)."""

    state: str


@dataclasses.dataclass
class KillStats:
    operation: str
    kills: int = 0
    acks: int = 0
    failures: list[str] = dataclasses.field(default_factory=list)
    states: Counter = dataclasses.field(default_factory=Counter)

    @property
    def ok(self) -> bool:
        return not self.failures


def _fresh_copy(pristine: Path, work: Path) -> None:
    if work.exists():
        shutil.rmtree(work)
    shutil.copytree(pristine, work)
    for lock in work.rglob("*.lock"):
        lock.unlink()


def run_kills(operation: str, pristine: Path, scratch: Path, kills: int, seed: int = 1) -> KillStats:
    rng = random.Random(seed)
    stats = KillStats(operation)
    for n in range(kills):
        work = scratch / f"run-{n % 2}"
        _fresh_copy(pristine, work)
        home = scratch / "home"
        proc = subprocess.Popen(
            [sys.executable, "-m", "tests.reliability.crash_child", operation, str(work)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=child_env(home),
            cwd=ROOT,
        )
        # Kill somewhere between "just started" and "well into the loop"; an operation with a
        # window in KILL_AFTER_READY is killed that long after its child says READY (so the kills
        # land in one short call, not in Python's start-up).
        window = KILL_AFTER_READY.get(operation)
        deadline = time.monotonic() + (rng.uniform(0.05, 2.5) if window is None else 30.0)
        fd = proc.stdout.fileno()
        os.set_blocking(fd, False)
        chunks: list[bytes] = []
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                chunk = os.read(fd, 65536)
                if chunk:
                    chunks.append(chunk)
                    if window is not None and b"READY\n" in b"".join(chunks):
                        deadline = min(deadline, time.monotonic() + rng.uniform(*window))
                        window = None
            except BlockingIOError:
                pass
            time.sleep(0.001)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        proc.wait()
        os.set_blocking(fd, True)
        chunks.append(proc.stdout.read())
        err = proc.stderr.read().decode("utf-8", errors="replace")
        buf = b"".join(chunks).decode("utf-8", errors="replace")
        # A partial last line was never acknowledged.
        lines = [ln for ln in buf.split("\n")[:-1] if ln.startswith("ACK ")]
        stats.kills += 1
        stats.acks += len(lines)
        if proc.returncode not in (-signal.SIGKILL, 0):
            stats.failures.append(f"run {n}: child failed rc={proc.returncode}: {err[-800:]}")
            continue
        problem = CHECKS[operation](work, lines)
        if isinstance(problem, Ok):
            stats.states[problem.state] += 1
        elif problem:
            stats.failures.append(f"run {n}: {problem}")
    return stats


# -- checks after a kill ---------------------------------------------------------------
def _open_any(path: Path, passphrases=(PASS_A,)):
    from natori_secaudit import storage

    last = None
    for p in passphrases:
        try:
            return storage.Database.open(path, p), p
        except Exception as exc:  # noqa: BLE001 - try the other passphrase
            last = exc
    raise AssertionError(f"database does not open with any passphrase: {last}")


def check_save(work: Path, acks: list[str]) -> str | None:
    from natori_secaudit import storage

    db, _ = _open_any(work / "dept.db")
    try:
        report = db.verify()
        if not report.ok:
            return f"verify failed: {report.problems}"
        rec = storage.list_assessments(db)[0]
        answers = storage.load_answers(db, rec.id)
    finally:
        db.close()
    last: dict[str, int] = defaultdict(int)
    for line in acks:
        _ack, item_id, n = line.split()
        last[item_id] = max(last[item_id], int(n))
    for item_id, n in last.items():
        got = answers.get(item_id)
        if got is None:
            return f"acknowledged answer {item_id} n={n} missing"
        stored = int(got.comment.split()[0].split("=")[1])
        if stored < n:
            return f"acknowledged answer {item_id} n={n} lost (db has n={stored})"
    return None


def check_rekey(work: Path, acks: list[str]) -> str | None:
    expected = acks[-1].split()[-1] if acks else PASS_A
    order = (expected, PASS_B if expected == PASS_A else PASS_A)
    db, used = _open_any(work / "dept.db", order)
    try:
        report = db.verify()
        return None if report.ok else f"verify failed after rekey kill: {report.problems}"
    finally:
        db.close()


def check_import(work: Path, acks: list[str]) -> str | None:
    from natori_secaudit import storage

    db, _ = _open_any(work / "admin.db")
    try:
        report = db.verify()
        if not report.ok:
            return f"verify failed: {report.problems}"
        checklist_sha = storage.get_year(db, int((work / "year").read_text())).checklist_sha256
        checklist = storage.load_checklist(db, checklist_sha)
        org = storage.load_organization(db)
        imported = {ln.split()[2] for ln in acks if ln.startswith("ACK imported")}
        held = 0
        for rec in storage.list_assessments(db):
            answers = storage.load_answers(db, rec.id)
            expected = len(checklist.applicable_items(org.department(rec.department_code)))
            if len(answers) != expected:
                return f"{rec.department_code}: half an import ({len(answers)} of {expected} answers)"
            held += 1
        if held < len(imported):
            return f"acknowledged imports lost: {len(imported)} acknowledged, {held} held"
    finally:
        db.close()
    return None


def check_report(work: Path, acks: list[str]) -> str | None:
    target = work / "out" / "report.pdf"
    if not target.exists():
        return "acknowledged report missing" if acks else None
    from pypdf import PdfReader

    try:
        reader = PdfReader(str(target))
        if len(reader.pages) < 3:
            return f"report has only {len(reader.pages)} pages"
    except Exception as exc:  # noqa: BLE001
        return f"half-written report under its real name: {exc}"
    return None


def check_submit(work: Path, acks: list[str]) -> str | Ok | None:
    """Either nothing was submitted (and no submission file has its real name), or the database is
    locked and holds the file's bytes; the file (written again if the kill came before it) imports."""
    from natori_secaudit import storage
    from natori_secaudit.domain.fiscal_year import FiscalYear
    from natori_secaudit.services import submission
    from natori_secaudit.services.admin import AdminWorkspace, ImportOutcome
    from natori_secaudit.services.department import DepartmentWorkspace

    fy = FiscalYear(int((work / "year").read_text()))
    out = work / "out"
    files = sorted(out.glob("*.natori-submission")) if out.exists() else []
    with DepartmentWorkspace.open(work / "dept.db", PASS_A) as ws:
        report = ws.db.verify()
        if not report.ok:
            return f"verify failed: {report.problems}"
        view = ws.assessment(fy)
        if not view.locked:
            if any(a.startswith("ACK submitted") for a in acks):
                return "acknowledged submission lost (database not locked)"
            if files:
                return f"a submission file for an unsubmitted database: {[f.name for f in files]}"
            staged = list(out.glob(".natori-tmp-*")) if out.exists() else []
            return Ok("not submitted, a staged copy left" if staged else "not submitted")
        kept = storage.sent_submission(ws.db, fy.start_year, ws.department.code, view.revision)
        if kept is None:
            return "locked without the submission's bytes"
        if files:
            if [f.name for f in files] != [kept[0]] or files[0].read_bytes() != kept[1]:
                return f"the file on disk is not the stored submission: {[f.name for f in files]}"
            state = "submitted, file written"
        else:
            files = [submission.write_submission_again(ws, fy, out)]
            state = "submitted, file written again"
    with AdminWorkspace.open(work / "admin.db", PASS_A) as admin:
        results = admin.import_paths([out])
    held = [r for r in results if r.path.name == files[0].name]
    if [r.outcome for r in held] != [ImportOutcome.IMPORTED]:
        return f"the submission did not import: {[r.line() for r in results]}"
    if any(r.outcome is not ImportOutcome.SKIPPED for r in results if r not in held):
        return f"other files in the folder: {[r.line() for r in results]}"
    return Ok(state)


CHECKS = {
    "save": check_save,
    "rekey": check_rekey,
    "import": check_import,
    "report": check_report,
    "submit": check_submit,
}
WORLDS = {
    "save": build_department_world,
    "rekey": build_department_world,
    "import": build_import_world,
    "report": build_report_world,
    "submit": build_submit_world,
}
#: Operations killed a random time after the child prints READY: (shortest, longest) seconds.
KILL_AFTER_READY = {
    "submit": (0.0, 0.06),  # a submit takes 10-30 ms here: kills land before, inside and after it
    "report": (0.0, 5.0),  # a report takes 1.5-3 s here: kills land in the first, second or third
}
