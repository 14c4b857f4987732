"""The benchmark suite: every row of docs/performance.md, each against a baseline
measured in the same run. Prints the table and, with --write, updates
docs/performance.md. No pass/fail: the numbers are for people to read.

    .venv/bin/python benchmarks/run_all.py [--quick] [--write]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sqlite3
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("NATORI_SECAUDIT_HOME", tempfile.mkdtemp(prefix="natori-bench-home-"))

from benchmarks.fixtures import checklist_of, organization_of  # noqa: E402
from benchmarks.interleave import interleave, timed  # noqa: E402
from natori_secaudit.demo.generator import generate_year  # noqa: E402
from natori_secaudit.domain.answers import Answer, AnswerStatus  # noqa: E402
from natori_secaudit.domain.compile import compile_year  # noqa: E402
from natori_secaudit.domain.fiscal_year import FiscalYear  # noqa: E402

ROWS: list[tuple[str, str, str, str, str, str]] = []
FY1, FY2 = FiscalYear(2025), FiscalYear(2026)


def row(what, size, measured, target, baseline, ratio):
    ROWS.append((what, size, measured, target, baseline, ratio))
    print(f"{what:42s} {size:28s} {measured:24s} target {target:16s} baseline {baseline:22s} ratio {ratio}")


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


# -- 1. answer save ----------------------------------------------------------------------
def bench_answer_save(n: int) -> None:
    from natori_secaudit import storage

    os.environ["NATORI_SECAUDIT_FAST_KDF"] = "1"
    work = Path(tempfile.mkdtemp(prefix="natori-bench-"))
    checklist = checklist_of(300)
    org = organization_of(20)
    db = storage.Database.create(
        work / "d.db", "bench passphrase", "department", department_code=org.departments[0].code
    )
    with db.transaction():
        sha = storage.store_checklist(db, checklist)
        storage.store_organization(db, org)
    rec = storage.create_assessment(db, 2026, org.departments[0].code, sha)
    items = checklist.items
    # Baseline: the same two rows (answer upsert + audit insert) per transaction, plain sqlite3,
    # the same durability (rollback journal, synchronous=FULL).
    conn = sqlite3.connect(work / "plain.db", isolation_level=None)
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute(
        "CREATE TABLE answers (assessment_id INTEGER, item_id TEXT, status TEXT, comment TEXT, evidence TEXT,"
        " action TEXT, due TEXT, carried_over INTEGER, answered_by TEXT, updated_at TEXT,"
        " PRIMARY KEY (assessment_id, item_id))"
    )
    conn.execute(
        "CREATE TABLE audit_log (seq INTEGER PRIMARY KEY, ts TEXT, actor TEXT, os_user TEXT, event TEXT,"
        " subject TEXT, old TEXT, new TEXT, prev_hash TEXT, hash TEXT)"
    )
    k = [0, 0]

    def product() -> float:
        n_ = k[0]
        k[0] += 1
        a = Answer(
            items[n_ % len(items)].id,
            AnswerStatus.PARTIAL,
            comment=f"コメント {n_}",
            action="対応する",
            due=dt.date(2027, 3, 31),
        )
        t0 = time.perf_counter()
        storage.save_answer(db, rec.id, a, actor="bench")
        return time.perf_counter() - t0

    def baseline() -> float:
        n_ = k[1]
        k[1] += 1
        t0 = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(
            "INSERT INTO answers VALUES (1, ?, 'partial', ?, '', '対応する', '2027-03-31', 0, 'b', ?) "
            "ON CONFLICT(assessment_id, item_id) DO UPDATE SET comment = excluded.comment",
            (items[n_ % len(items)].id, f"コメント {n_}", "now"),
        )
        conn.execute(
            "INSERT INTO audit_log (ts, actor, os_user, event, subject, old, new, prev_hash, hash) "
            "VALUES ('now', 'b', 'u', 'answer', 's', NULL, ?, 'p', 'h')",
            (f"{{'c': {n_}}}",),
        )
        conn.execute("COMMIT")
        return time.perf_counter() - t0

    pairs = interleave(product, baseline, n, warmup=5)  # save, plain save, save, plain save …
    db.close()
    conn.close()
    p50, p99 = pairs.pct_a(50) * 1000, pairs.pct_a(99) * 1000
    b50, b99 = pairs.pct_b(50) * 1000, pairs.pct_b(99) * 1000
    row(
        "answer save (commit + audit append)",
        f"{n} saves",
        f"p50 {p50:.2f} ms, p99 {p99:.2f} ms",
        "p50<5, p99<20 ms",
        f"sqlite3 p50 {b50:.2f}, p99 {b99:.2f} ms",
        pairs.ratio_text(),
    )


# -- 2. open and show the assessment (services part) ----------------------------------
def bench_open(items: int) -> None:
    from natori_secaudit import storage
    from natori_secaudit.services.department import DepartmentWorkspace, progress_of

    os.environ["NATORI_SECAUDIT_FAST_KDF"] = "1"
    work = Path(tempfile.mkdtemp(prefix="natori-bench-"))
    checklist = checklist_of(items)
    org = organization_of(5)
    code = org.departments[0].code
    data = generate_year(checklist, org, FY2, seed=3)
    with storage.Database.create(work / "d.db", "bench passphrase", "department", department_code=code) as db:
        with db.transaction():
            sha = storage.store_checklist(db, checklist)
            storage.store_organization(db, org)
        rec = storage.create_assessment(db, 2026, code, sha)
        storage.save_answers(db, rec.id, list(data.assessment(code).answers.values()), actor="bench")

    def product() -> None:
        ws = DepartmentWorkspace.open(work / "d.db", "bench passphrase", "b")
        progress_of(ws.assessment(FY2))
        ws.close()

    def bare_open() -> None:  # the key derivation and unlock alone
        with storage.Database.open(work / "d.db", "bench passphrase", check=False):
            pass

    pairs = interleave(timed(product), timed(bare_open), 7)
    row(
        "open database + load assessment (services)",
        f"{items} items",
        f"{pairs.median_a() * 1000:.0f} ms",
        "< 0.5 s",
        f"bare keyed open {pairs.median_b() * 1000:.0f} ms",
        pairs.ratio_text(1),
    )


# -- 5. import ---------------------------------------------------------------------------
def bench_import(files: int, items: int) -> None:
    from natori_secaudit import storage
    from natori_secaudit.exchange import AdminKeys, DepartmentSigningKey, Submission, encode_submission
    from natori_secaudit.services.admin import AdminWorkspace
    from natori_secaudit.services.setup import ADMIN_KEY

    os.environ["NATORI_SECAUDIT_FAST_KDF"] = "1"
    work = Path(tempfile.mkdtemp(prefix="natori-bench-"))
    checklist = checklist_of(items)
    org = organization_of(files)
    keys = AdminKeys.generate()
    with storage.Database.create(work / "admin.db", "bench passphrase", "admin") as db, db.transaction():
        storage.store_key(db, ADMIN_KEY, keys.public().to_bytes(), keys.private_bytes())
        sha = storage.store_checklist(db, checklist)
        storage.store_organization(db, org)
        storage.set_year(db, 2026, sha, org)
    data = generate_year(checklist, org, FY2, seed=5)
    folder = work / "subs"
    folder.mkdir()
    from natori_secaudit.exchange import enrolment as codes
    from natori_secaudit.services import enrolment

    with AdminWorkspace.open(work / "admin.db", "bench passphrase") as ws:  # every department enrolled
        issued = {d.code: codes.parse_code(enrolment.issue_code(ws, d.code).text) for d in org.departments}
    for d in org.departments:
        a = data.assessment(d.code)
        sk = DepartmentSigningKey.generate()
        sub = Submission(
            1,
            d.code,
            d.name,
            2026,
            checklist.id,
            checklist.version,
            checklist.sha256,
            1,
            a.inspector,
            a.submitted_at,
            tuple(a.answers.values()),
            "a" * 64,
            10,
            "bench",
            sk.public_bytes(),
            keys.fingerprint(),
            enrolment_proof=codes.proof(issued[d.code].secret, d.code, sk.public_bytes()),
        )
        (folder / f"{d.code}.natori-submission").write_bytes(encode_submission(sub, keys.public(), sk))
    steps: list[float] = []
    last = [0.0]

    def tick(_n, _total, _result) -> None:  # the GUI imports one file per event-loop turn
        now = time.perf_counter()
        steps.append(now - last[0])
        last[0] = now

    with AdminWorkspace.open(work / "admin.db", "bench passphrase") as ws:
        t0 = last[0] = time.perf_counter()
        results = ws.import_paths([folder], progress=tick)
        elapsed = time.perf_counter() - t0
    ok = sum(r.outcome == "imported" for r in results)
    row(
        "import submissions",
        f"{files} files x {items} items",
        f"{elapsed:.2f} s ({ok} imported)",
        "< 2 s",
        "—",
        "—",
    )
    row(
        "import: one file (the longest the dashboard waits between redraws)",
        f"{items} items",
        f"p50 {pct(steps, 50) * 1000:.0f} ms, max {max(steps) * 1000:.0f} ms",
        "< 200 ms",
        "—",
        "—",
    )


# -- 6. compile --------------------------------------------------------------------------
def bench_compile(depts: int, items: int, runs: int = 3) -> None:
    checklist = checklist_of(items)
    org = organization_of(depts)
    y1 = generate_year(checklist, org, FY1, seed=1)
    y2 = generate_year(checklist, org, FY2, seed=2, previous=y1)
    # Baseline: one SQL aggregate over the same rows (weighted score per department) in SQLite.
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE a (fy INT, dept TEXT, item TEXT, weight INT, value REAL)")
    vals = {"implemented": 1.0, "partial": 0.5, "not_implemented": 0.0, "unknown": 0.0}
    weights = {i.id: i.weight for i in checklist.items}
    for y in (y1, y2):
        conn.executemany(
            "INSERT INTO a VALUES (?,?,?,?,?)",
            [
                (
                    y.fiscal_year.start_year,
                    code,
                    ans.item_id,
                    weights[ans.item_id],
                    vals.get(ans.status.value),
                )
                for code, da in y.assessments.items()
                for ans in da.answers.values()
                if ans.status is not None and ans.status.value != "not_applicable"
            ],
        )
    found = []

    def product() -> None:
        found.append(len(compile_year(y2, y1, today=dt.date(2026, 11, 24)).findings))

    def aggregate() -> None:
        conn.execute("SELECT fy, dept, SUM(weight * value) / SUM(weight) FROM a GROUP BY fy, dept").fetchall()

    pairs = interleave(timed(product), timed(aggregate), runs, warmup=0)
    row(
        "compile a year (with previous year)",
        f"{depts} depts x {items} items x 2 y",
        f"{pairs.median_a():.2f} s ({found[-1]} findings)",
        "< 3 s",
        f"SQL aggregate {pairs.median_b():.3f} s",
        pairs.ratio_text(1),
    )


# -- 7/8. CISO report ---------------------------------------------------------------------
def bench_report(depts: int, items: int = 70, memory: bool = False) -> float:
    from natori_secaudit.reporting import build_ciso_report

    checklist = checklist_of(items) if items != 70 else checklist_of(70)
    org = organization_of(depts)
    y1 = generate_year(checklist, org, FY1, seed=1)
    y2 = generate_year(checklist, org, FY2, seed=2, previous=y1)
    compiled = compile_year(y2, y1, today=dt.date(2026, 11, 24))
    out = Path(tempfile.mkdtemp(prefix="natori-bench-")) / "ciso.pdf"
    if memory:
        tracemalloc.start()
    t0 = time.perf_counter()
    build_ciso_report(compiled, out)
    elapsed = time.perf_counter() - t0
    peak = 0
    if memory:
        _cur, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    # Baseline: bare ReportLab drawing the same strings with drawString, one font, no layout.
    from pypdf import PdfReader
    from reportlab.pdfgen import canvas

    from natori_secaudit.reporting.fonts import FONT

    text = [line for page in PdfReader(str(out)).pages for line in page.extract_text().splitlines()]
    t1 = time.perf_counter()
    c = canvas.Canvas(str(out.with_name("bare.pdf")))
    y = 800
    for line in text:
        c.setFont(FONT, 9)
        c.drawString(40, y, line)
        y -= 12
        if y < 40:
            c.showPage()
            y = 800
    c.save()
    base = time.perf_counter() - t1
    pages = len(PdfReader(str(out)).pages)
    if not memory:  # timings under tracemalloc mean nothing; that run reports memory only
        row(
            "CISO report",
            f"{depts} depts x {items} items x 2 y",
            f"{elapsed:.2f} s, {pages} pages",
            {20: "< 5 s", 200: "< 20 s"}.get(depts, "linear"),
            f"bare ReportLab {base:.2f} s",
            f"{elapsed / base:.1f}",
        )
    else:
        row(
            "peak memory (Python heap, tracemalloc)",
            f"{depts}-department report",
            f"{peak / 2**20:.0f} MB",
            "< 400 MB",
            "—",
            "—",
        )
    return elapsed


def bench_rss_report(depts: int) -> None:
    """Peak resident memory of a separate process building the report (includes C allocations)."""
    code = (
        "import resource, sys, datetime as dt, tempfile; sys.argv=['x']\n"
        "from benchmarks.run_all import checklist_of, organization_of, generate_year, compile_year, FY1, FY2\n"
        "from natori_secaudit.reporting import build_ciso_report\n"
        f"org = organization_of({depts}); cl = checklist_of(70)\n"
        "y1 = generate_year(cl, org, FY1, seed=1); y2 = generate_year(cl, org, FY2, seed=2, previous=y1)\n"
        "c = compile_year(y2, y1, today=dt.date(2026, 11, 24)); del y1\n"
        "build_ciso_report(c, tempfile.mkdtemp() + '/ciso.pdf')\n"
        # VmHWM belongs to this process image; ru_maxrss would include the parent's peak at fork time
        "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')]\n"
        "print('RSS', int(hwm[0].split()[1]) if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    rss = next((int(line.split()[1]) for line in proc.stdout.splitlines() if line.startswith("RSS")), 0)
    row(
        "peak memory (process RSS)",
        f"{depts}-department report",
        f"{rss / 1024:.0f} MB",
        "< 400 MB",
        "—",
        "—",
    )


def write_doc(path: Path) -> None:
    import importlib.metadata as md

    versions = ", ".join(
        f"{p} {md.version(p)}" for p in ("reportlab", "cryptography", "ttkbootstrap", "PyYAML") if _has(p)
    )
    try:
        import sqlcipher3

        conn = sqlcipher3.connect(":memory:")
        cipher = conn.execute("PRAGMA cipher_version").fetchone()[0]
    except Exception:  # noqa: BLE001
        cipher = "?"
    head = [
        "# Performance",
        "",
        f"Measured by `benchmarks/run_all.py` on {dt.date.today().isoformat()}: {platform.platform()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, SQLCipher {cipher}, {versions}.",
        "Each row is compared with a baseline measured in the same run, interleaved (product, baseline, product, "
        "baseline …); the ratio is the median of the pair ratios, with the lowest and highest pair in brackets "
        "(benchmarks/interleave.py). Timings are wall-clock on a shared 2-core machine; rerun with "
        "`.venv/bin/python benchmarks/run_all.py --write`.",
        "",
        "| what | size | measured | target | baseline (same run) | ratio |",
        "|---|---|---|---|---|---|",
    ]
    body = [f"| {' | '.join(r)} |" for r in ROWS]
    extra = (
        path.read_text(encoding="utf-8").split("<!-- notes -->", 1)[1]
        if path.exists() and "<!-- notes -->" in path.read_text(encoding="utf-8")
        else "\n"
    )
    path.write_text("\n".join(head + body) + "\n\n<!-- notes -->" + extra, encoding="utf-8")


def _has(pkg: str) -> bool:
    import importlib.metadata as md

    try:
        md.version(pkg)
        return True
    except md.PackageNotFoundError:
        return False


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="smaller sizes (a smoke run)")
    ap.add_argument("--write", action="store_true", help="write docs/performance.md")
    args = ap.parse_args()
    q = args.quick
    bench_answer_save(200 if q else 1000)
    bench_open(300)
    bench_import(10 if q else 50, 300)
    bench_compile(100 if q else 1000, 300)
    from benchmarks import process_bench, yaml_bench

    for r in yaml_bench.run(quick=q) + process_bench.run(quick=q):
        row(*r)
    for depts in (20,) if q else (20, 200, 1000):
        bench_report(depts)
    if not q:
        bench_report(1000, memory=True)
        bench_rss_report(1000)
    try:
        from benchmarks import gui_bench

        for r in gui_bench.run(quick=q):
            row(*r)
    except ImportError:
        pass
    from benchmarks import report_bench  # its own section of docs/performance.md

    scaling = report_bench.run(quick=q)
    if args.write:
        report_bench.write(scaling)
        write_doc(Path(__file__).resolve().parent.parent / "docs" / "performance.md")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
