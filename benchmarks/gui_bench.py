"""GUI timings: start to unlock dialog, open + assessment screen, reaction per event,
and the IT division's dashboard with 200 departments (open, recompile, sort, heat map).

Needs a display; without one it reruns itself under xvfb-run. Returns table rows
for benchmarks/run_all.py.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.interleave import command, interleave  # noqa: E402

PASS = "bench passphrase"


def _make_db(items: int) -> Path:
    from benchmarks.fixtures import checklist_of, organization_of
    from natori_secaudit import storage
    from natori_secaudit.demo.generator import generate_year
    from natori_secaudit.domain.fiscal_year import FiscalYear

    work = Path(tempfile.mkdtemp(prefix="natori-guibench-"))
    checklist = checklist_of(items)
    org = organization_of(5)
    code = org.departments[0].code
    data = generate_year(checklist, org, FiscalYear(2026), seed=3)
    answers = list(data.assessment(code).answers.values())[: items // 2]
    with storage.Database.create(work / "d.db", PASS, "department", department_code=code) as db:
        with db.transaction():
            sha = storage.store_checklist(db, checklist)
            storage.store_organization(db, org)
        rec = storage.create_assessment(db, 2026, code, sha)
        storage.save_answers(db, rec.id, answers, actor="bench")
    return work / "d.db"


def _make_admin_db(depts: int, items: int) -> Path:
    """An IT-division database holding two fiscal years of submitted answers (written directly)."""
    from benchmarks.fixtures import checklist_of, organization_of
    from natori_secaudit import storage
    from natori_secaudit.demo.generator import generate_year
    from natori_secaudit.domain.assessment import AssessmentState
    from natori_secaudit.domain.fiscal_year import FiscalYear
    from natori_secaudit.exchange import AdminKeys
    from natori_secaudit.services.setup import ADMIN_KEY

    work = Path(tempfile.mkdtemp(prefix="natori-guibench-admin-"))
    checklist = checklist_of(items)
    org = organization_of(depts)
    keys = AdminKeys.generate()
    y1 = generate_year(checklist, org, FiscalYear(2025), seed=1)
    y2 = generate_year(checklist, org, FiscalYear(2026), seed=2, previous=y1)
    with storage.Database.create(work / "admin.db", PASS, "admin") as db:
        with db.transaction():
            storage.store_key(db, ADMIN_KEY, keys.public().to_bytes(), keys.private_bytes())
            sha = storage.store_checklist(db, checklist)
            storage.store_organization(db, org)
            for year in (2025, 2026):
                storage.set_year(db, year, sha, org)
        for data in (y1, y2):
            for code, a in data.assessments.items():
                if a.state is not AssessmentState.SUBMITTED:
                    continue
                with db.transaction():
                    rec = storage.create_assessment(
                        db, data.fiscal_year.start_year, code, sha, inspector=a.inspector
                    )
                    storage.replace_answers(
                        db, rec.id, list(a.answers.values()), actor="bench", event="import"
                    )
                    storage.set_assessment_state(
                        db,
                        rec.id,
                        AssessmentState.SUBMITTED,
                        actor="bench",
                        revision=1,
                        submitted_at=a.submitted_at,
                    )
    return work / "admin.db"


def measure_dashboard(quick: bool) -> list[list[str]]:
    from natori_secaudit.domain.compile import compile_year
    from natori_secaudit.domain.fiscal_year import FiscalYear
    from natori_secaudit.gui.app import App
    from natori_secaudit.services.admin import AdminWorkspace

    depts, items = (50, 100) if quick else (200, 100)
    db = _make_admin_db(depts, items)
    with AdminWorkspace.open(db, PASS) as ws:  # baseline: read + compile, no GUI
        t0 = time.perf_counter()
        current, previous = ws.year_data(FiscalYear(2026)), ws.year_data(FiscalYear(2025))
        read = time.perf_counter() - t0
        t0 = time.perf_counter()
        compile_year(current, previous)
        compiled = time.perf_counter() - t0
    app = App(db)
    app.root.geometry("1366x768")
    app.root.update()
    app.screen.passphrase.insert(0, PASS)
    t0 = time.perf_counter()
    app.screen.open_button.invoke()
    app.root.update()
    opened = time.perf_counter() - t0
    screen = app.admin.screen
    reloads, sorts, moves = [], [], []
    for _ in range(3 if quick else 5):
        t0 = time.perf_counter()
        app.admin.reload()
        app.root.update()
        reloads.append(time.perf_counter() - t0)
    for col in ("score", "high_gaps", "unknown", "status", "trend", "department") * (1 if quick else 3):
        t0 = time.perf_counter()
        screen.sort_by(col)
        app.root.update()
        sorts.append(time.perf_counter() - t0)
    screen.tabs.select(1)
    app.root.update()
    for n in range(30 if quick else 100):
        t0 = time.perf_counter()
        screen.heat.move(1 if n % 2 == 0 else 0, 1 if n % 2 else 0)
        app.root.update()
        moves.append(time.perf_counter() - t0)
    t0 = time.perf_counter()
    app.admin.open_answers(screen.rows[0].code)
    app.root.update()
    answers = time.perf_counter() - t0
    app.quit()
    size = f"{depts} depts x {items} items x 2 y"
    base = read + compiled
    return [
        [
            "dashboard: open the IT division's database",
            size,
            f"{opened:.2f} s",
            "< 2 s",
            f"read + compile without GUI {base:.2f} s",
            f"{opened / base:.1f}",
        ],
        [
            "dashboard: recompile and redraw every tab",
            size,
            f"p50 {statistics.median(reloads):.2f} s",
            "< 1 s",
            f"read + compile without GUI {base:.2f} s",
            f"{statistics.median(reloads) / base:.1f}",
        ],
        [
            "dashboard: sort the department list",
            f"{depts} rows",
            f"p50 {statistics.median(sorts) * 1000:.0f} ms, max {max(sorts) * 1000:.0f} ms",
            "< 50 ms",
            "—",
            "—",
        ],
        [
            "dashboard: move in the heat map",
            f"{depts} x 9 cells",
            f"p50 {statistics.median(moves) * 1000:.0f} ms, max {max(moves) * 1000:.0f} ms",
            "< 50 ms",
            "—",
            "—",
        ],
        [
            "dashboard: open one department's answers",
            f"{items} items",
            f"{answers * 1000:.0f} ms",
            "< 0.5 s",
            "—",
            "—",
        ],
    ]


START_SCRIPT = """
import sys
from natori_secaudit.gui.app import App
app = App(sys.argv[1])
app.root.update()
app.root.destroy()
"""


def measure(quick: bool) -> list[list[str]]:
    os.environ["NATORI_SECAUDIT_FAST_KDF"] = "1"
    db = _make_db(300)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    runs = 3 if quick else 7
    pairs = interleave(
        command([sys.executable, "-c", START_SCRIPT, str(db)], env, ROOT),
        command([sys.executable, "-c", "import tkinter; tkinter.Tk().update()"], env, ROOT),
        runs,
    )
    rows = [
        [
            "program start to unlock dialog",
            "—",
            f"{pairs.median_a():.2f} s",
            "< 1.0 s",
            f"python -c 'import tkinter; tkinter.Tk().update()' {pairs.median_b():.2f} s",
            pairs.ratio_text(1),
        ]
    ]

    from natori_secaudit import storage
    from natori_secaudit.domain.answers import AnswerStatus
    from natori_secaudit.gui import dialogs
    from natori_secaudit.gui.app import App

    dialogs.ask_yes_no = lambda *a, **k: False
    app = App(db)
    app.root.update()
    t0 = time.perf_counter()
    with storage.Database.open(db, PASS, check=False):
        pass
    kdf = time.perf_counter() - t0
    app.screen.passphrase.insert(0, PASS)
    t0 = time.perf_counter()
    app.screen.open_button.invoke()
    app.root.update()
    opened = time.perf_counter() - t0
    rows.append(
        [
            "open database and show the assessment screen",
            "300 items",
            f"{(opened - kdf) * 1000:.0f} ms (KDF apart; {opened * 1000:.0f} ms in all)",
            "< 0.5 s",
            f"keyed open alone {kdf * 1000:.0f} ms",
            "—",
        ]
    )
    screen = app.assessment
    ids = screen.visible_ids()
    select, answer, filt = [], [], []
    for n in range(30 if quick else 100):
        t0 = time.perf_counter()
        screen.select_item(ids[n % len(ids)])
        app.root.update()
        select.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        screen.panel.set_status([AnswerStatus.IMPLEMENTED, AnswerStatus.UNKNOWN][n % 2])
        app.root.update()
        answer.append(time.perf_counter() - t0)
    for name in ("unanswered", "follow_up", "high", "all") * (2 if quick else 5):
        t0 = time.perf_counter()
        screen.filter.set(name)
        screen.refresh_lists()
        app.root.update()
        filt.append(time.perf_counter() - t0)
    app.quit()
    rows += measure_dashboard(quick)
    for label, values in (("select item", select), ("answer (save + redraw)", answer), ("filter", filt)):
        values = sorted(values)
        rows.append(
            [
                f"GUI reaction: {label}",
                "300 items",
                f"p50 {statistics.median(values) * 1000:.0f} ms, max {values[-1] * 1000:.0f} ms",
                "< 50 ms per event",
                "—",
                "—",
            ]
        )
    return rows


def run(quick: bool = False) -> list[list[str]]:
    if os.environ.get("DISPLAY"):
        return measure(quick)
    proc = subprocess.run(
        [
            "xvfb-run",
            "-a",
            "-s",
            "-screen 0 1920x1080x24 -dpi 96",
            sys.executable,
            str(Path(__file__).resolve()),
            "--json",
        ]
        + (["--quick"] if quick else []),
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )
    if proc.returncode != 0:
        return [["GUI timings", "—", f"not measured: {proc.stderr.strip()[-200:]}", "—", "—", "—"]]
    return json.loads(proc.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("NATORI_SECAUDIT_HOME", tempfile.mkdtemp(prefix="natori-guibench-home-"))
    result = measure("--quick" in sys.argv)
    print(json.dumps(result, ensure_ascii=False))
