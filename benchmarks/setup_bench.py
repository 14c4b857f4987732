"""Setting up a department as the first-run wizard does, with the real key derivation.

Times, with SQLCipher's real 256,000 PBKDF2 iterations (never NATORI_SECAUDIT_FAST_KDF):

* ``create``: ``storage.Database.create`` of an empty database, closed again;
* ``wizard``: what 作成 in the wizard costs: ``services.setup.create_department_workspace`` from a
  bundle and its 登録コード, the new database handed to the app already open;
* ``reopen``: the wizard as it was until 2026-12: ``create_department_db``, then
  ``services.workspace.open_any`` opening the new file again (a second key derivation).

With ``--against DIR`` (another revision's tree, e.g. ``git archive HEAD | tar -x -C DIR``) child
processes of that tree and of this one run alternately, each reporting the median of its runs, and
the median of the pair ratios is printed (benchmarks/interleave.py says why alternating).

    .venv/bin/python benchmarks/setup_bench.py [--runs 5] [--rounds 5] [--against DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SMALL = ROOT / "tests" / "data" / "small"
ADMIN_PASS = "bench admin passphrase 2026"
DEPT_PASS = "bench department passphrase 2026"


def child(runs: int) -> dict[str, float]:
    """The medians of ``runs`` creates and ``runs`` wizard set-ups, in the tree on sys.path."""
    os.environ.setdefault("NATORI_SECAUDIT_HOME", tempfile.mkdtemp(prefix="natori-bench-home-"))
    from natori_secaudit import storage
    from natori_secaudit.services import admin, enrolment, setup
    from natori_secaudit.services.workspace import open_any

    work = Path(tempfile.mkdtemp(prefix="natori-setup-bench-"))
    os.environ["NATORI_SECAUDIT_FAST_KDF"] = "1"  # the IT division's side is not what is timed
    admin_db = setup.create_admin_db(work / "admin.db", ADMIN_PASS)
    bundle = setup.make_bundle(
        admin_db, ADMIN_PASS, 2026, "small", work / "b.natori-bundle", checklist_dirs=[SMALL]
    )
    with admin.AdminWorkspace.open(admin_db, ADMIN_PASS) as ws:
        codes = [enrolment.issue_code(ws, "shimin").text for _ in range(2 * runs + 1)]
    del os.environ["NATORI_SECAUDIT_FAST_KDF"]

    def wizard(n: int) -> float:
        path = work / f"shimin-{n}.db"
        t0 = time.perf_counter()
        setup.create_department_workspace(
            path, DEPT_PASS, bundle, "shimin", "bench", enrollment_code=codes[n]
        ).close()
        return time.perf_counter() - t0

    def reopen(n: int) -> float:
        path = work / f"shimin-again-{n}.db"
        t0 = time.perf_counter()
        setup.create_department_db(path, DEPT_PASS, bundle, "shimin", "bench", enrollment_code=codes[n])
        open_any(path, DEPT_PASS, "bench").close()
        return time.perf_counter() - t0

    def create(n: int) -> float:
        t0 = time.perf_counter()
        storage.Database.create(work / f"empty-{n}.db", DEPT_PASS, "admin").close()
        return time.perf_counter() - t0

    wizard(2 * runs)  # warm-up: imports, fonts of nothing, page cache
    times: dict[str, list[float]] = {"create": [], "wizard": [], "reopen": []}
    for n in range(runs):  # alternating, so that load in between touches both alike
        times["create"].append(create(n))
        times["wizard"].append(wizard(n))
        times["reopen"].append(reopen(runs + n))
    return {k: statistics.median(v) for k, v in times.items()}


def run_child(tree: Path, runs: int) -> dict[str, float]:
    env = {k: v for k, v in os.environ.items() if k != "NATORI_SECAUDIT_FAST_KDF"}
    env["PYTHONPATH"] = str(tree)
    out = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", "--runs", str(runs)],
        cwd=tree,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed set-ups per child process")
    parser.add_argument("--rounds", type=int, default=5, help="child processes per tree")
    parser.add_argument("--against", type=Path, help="another revision's tree to alternate with")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        sys.path.insert(0, os.getcwd())
        print(json.dumps(child(args.runs)))
        return 0
    here: list[dict[str, float]] = []
    there: list[dict[str, float]] = []
    for _ in range(args.rounds):
        here.append(run_child(ROOT, args.runs))
        if args.against is not None:
            there.append(run_child(args.against.resolve(), args.runs))
    for what in ("create", "wizard", "reopen"):
        now = [r[what] for r in here]
        if what == "reopen" and not there:  # the same tree: the wizard against its old way
            ratios = sorted(r["wizard"] / r["reopen"] for r in here)
            print(
                f"reopen  this tree {statistics.median(now) * 1000:.0f} ms; wizard/reopen ratio "
                f"{statistics.median(ratios):.2f} (median of {len(ratios)} rounds; {ratios[0]:.2f}–{ratios[-1]:.2f})"
            )
            continue
        line = f"{what:7s} this tree {statistics.median(now) * 1000:.0f} ms"
        if there:
            then = [r[what] for r in there]
            ratios = sorted(a / b for a, b in zip(now, then, strict=True))
            line += (
                f", {args.against} {statistics.median(then) * 1000:.0f} ms, ratio {statistics.median(ratios):.2f}"
                f" (median of {len(ratios)} pairs; {ratios[0]:.2f}–{ratios[-1]:.2f})"
            )
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
