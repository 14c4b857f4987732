"""Nightly-size reliability run: many kills per operation, many flipped bytes,
many fuzz cases. Writes the figures to docs/reliability.md.

    .venv/bin/python benchmarks/reliability.py [--kills 200] [--flips 1000] [--fuzz 10000] [--write]

CI runs the same tests at small sizes (tests/reliability, NATORI_CRASH_KILLS=20).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("NATORI_SECAUDIT_FAST_KDF", "1")
os.environ.setdefault("NATORI_SECAUDIT_HOME", tempfile.mkdtemp(prefix="natori-rel-home-"))

from tests.reliability.harness import WORLDS, run_kills  # noqa: E402


def kills(n: int) -> list[tuple[str, str]]:
    rows = []
    for op in ("save", "rekey", "import", "report", "submit"):
        scratch = Path(tempfile.mkdtemp(prefix=f"natori-kill-{op}-"))
        world = WORLDS[op](scratch / "world")
        t0 = time.perf_counter()
        stats = run_kills(op, world, scratch / "runs", n, seed=random.randrange(1 << 30))
        elapsed = time.perf_counter() - t0
        verdict = "0 lost, 0 failed opens" if stats.ok else f"FAILURES: {stats.failures[:3]}"
        if stats.states:  # where the kills left the program (submit: before/after its commit)
            verdict += " (" + ", ".join(f"{k}: {v}" for k, v in sorted(stats.states.items())) + ")"
        rows.append(
            (
                f"SIGKILL during {op}",
                f"{stats.kills} kills, {stats.acks} acknowledged steps, {elapsed:.0f} s: {verdict}",
            )
        )
        print(rows[-1])
    return rows


def flips(n: int) -> list[tuple[str, str]]:
    env = dict(os.environ, NATORI_TAMPER_FLIPS=str(n), PYTHONPATH=str(ROOT))
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/reliability/test_tamper.py"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
    )
    ok = proc.returncode == 0
    tail = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else proc.stderr[-200:]
    rows = [
        ("flipped bytes in a database (open + verify)", f"{n} offsets: {'0 undetected' if ok else tail}"),
        (
            "flipped bytes in submission files (import)",
            f"{n} files: {'0 accepted, admin DB unchanged' if ok else tail}",
        ),
        ("tamper tests run time", f"{time.perf_counter() - t0:.0f} s ({tail})"),
    ]
    for r in rows:
        print(r)
    return rows


def fuzz(n: int) -> list[tuple[str, str]]:
    env = dict(os.environ, NATORI_FUZZ_EXAMPLES=str(n), PYTHONPATH=str(ROOT))
    files = [
        "tests/unit/test_loading_fuzz.py",
        "tests/integration/test_loading_fuzz.py",
        "tests/integration/test_exchange.py",
        "tests/integration/test_answers_table_fuzz.py",
        "tests/integration/test_import_hostile.py",
    ]
    files = [f for f in files if (ROOT / f).exists()]
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-k", "fuzz", *files],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
    )
    tail = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else proc.stderr[-200:]
    row = (
        "malformed-input fuzzing (YAML, CSV/XLSX, submission, hostile decrypted bodies, bundle, return notice)",
        f"{n} cases per test, {time.perf_counter() - t0:.0f} s: {tail}; "
        + (
            "every case a clear error or a correct load"
            if proc.returncode == 0
            else "FAILURES: see pytest's output"
        ),
    )
    print(row)
    return [row]


def write(rows: list[tuple[str, str]], path: Path) -> None:
    head = [
        "# Reliability figures",
        "",
        f"Last nightly-size run: {dt.date.today().isoformat()} on {platform.platform()}, Python "
        f"{platform.python_version()} (benchmarks/reliability.py). CI runs the same tests at small sizes "
        "(tests/reliability).",
        "",
        "| check | result |",
        "|---|---|",
    ]
    body = [f"| {a} | {b} |" for a, b in rows]
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    notes = old.split("<!-- notes -->", 1)[1] if "<!-- notes -->" in old else "\n"
    path.write_text("\n".join(head + body) + "\n\n<!-- notes -->" + notes, encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--kills", type=int, default=200)
    ap.add_argument("--flips", type=int, default=1000)
    ap.add_argument("--fuzz", type=int, default=10000)
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    rows = kills(args.kills) + flips(args.flips) + fuzz(args.fuzz)
    if args.write:
        write(rows, ROOT / "docs" / "reliability.md")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
