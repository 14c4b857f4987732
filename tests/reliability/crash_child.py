"""A child process for the crash-safety harness: does one operation in a loop
and prints an acknowledgement after each step the program confirmed.

Run as: python -m tests.reliability.crash_child OPERATION WORKDIR
The parent kills it with SIGKILL at a random moment, then checks the files.
Every line printed is flushed at once: an 'ACK' line is only printed after the
program's own call returned (the answer is "saved" as far as a user knows).
"""

from __future__ import annotations

import datetime as dt
import itertools
import sys
from pathlib import Path

from natori_secaudit.domain.answers import ANSWER_ORDER, Answer, AnswerStatus
from natori_secaudit.domain.fiscal_year import FiscalYear

PASS_A = "crash-test-passphrase-A"
PASS_B = "crash-test-passphrase-B"


def ack(*parts: object) -> None:
    sys.stdout.write("ACK " + " ".join(str(p) for p in parts) + "\n")
    sys.stdout.flush()


def save_answers(workdir: Path) -> None:
    from natori_secaudit.services.department import DepartmentWorkspace

    with DepartmentWorkspace.open(workdir / "dept.db", PASS_A, "試験 太郎") as ws:
        fy = ws.current_year()
        items = ws.assessment(fy).items
        statuses = [s for s in ANSWER_ORDER if s is not AnswerStatus.NOT_APPLICABLE]
        for n in itertools.count(1):
            item = items[n % len(items)]
            status = statuses[n % len(statuses)]
            ws.save_answer(
                fy,
                Answer(
                    item.id,
                    status,
                    comment=f"n={n} 髙橋",
                    action="対応" if status.needs_action else "",
                    due=dt.date(2027, 3, 31) if status.needs_action else None,
                ),
            )
            ack(item.id, n)


def rekey(workdir: Path) -> None:
    from natori_secaudit.services import keeping

    current, other = PASS_A, PASS_B
    while True:
        keeping.change_passphrase_at(workdir / "dept.db", current, other)
        current, other = other, current
        ack("passphrase", current)


def import_folder(workdir: Path) -> None:
    from natori_secaudit.services.admin import AdminWorkspace

    with AdminWorkspace.open(workdir / "admin.db", PASS_A) as ws:
        ack("opened")
        for r in ws.import_paths([workdir / "submissions"]):
            ack("imported", r.path.name, r.outcome)
    ack("done")


def write_report(workdir: Path) -> None:
    from natori_secaudit.services import reports
    from natori_secaudit.services.admin import AdminWorkspace

    with AdminWorkspace.open(workdir / "admin.db", PASS_A) as ws:
        fy = FiscalYear(int((workdir / "year").read_text()))
        sys.stdout.write("READY\n")  # opened: the kill's window starts here, not in Python's start-up
        sys.stdout.flush()
        for n in itertools.count(1):
            reports.ciso_report(ws, fy, workdir / "out" / "report.pdf")
            ack("report", n)


def submit_once(workdir: Path) -> None:
    import time

    from natori_secaudit.services import submission
    from natori_secaudit.services.department import DepartmentWorkspace

    with DepartmentWorkspace.open(workdir / "dept.db", PASS_A, "試験 太郎") as ws:
        fy = FiscalYear(int((workdir / "year").read_text()))
        view = ws.assessment(fy)  # warm: the submit below is all that is left
        sys.stdout.write("READY\n")
        sys.stdout.flush()
        t0 = time.perf_counter()
        out = submission.submit(ws, fy, workdir / "out")
        ack("submitted", out.name, f"{time.perf_counter() - t0:.4f}", view.revision + 1)


OPERATIONS = {
    "save": save_answers,
    "rekey": rekey,
    "import": import_folder,
    "report": write_report,
    "submit": submit_once,
}

if __name__ == "__main__":
    OPERATIONS[sys.argv[1]](Path(sys.argv[2]))
