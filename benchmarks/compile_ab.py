"""compile_year of the working tree against compile_year at a git revision, interleaved in one process.

For changes to the compile hot loop (docs/performance.md's "compile a year" row): the revision's
``natori_secaudit/domain/compile.py`` is loaded beside the current one (it imports the current
domain modules), both compile the same generated city, alternately, and the median of the pair
ratios is printed (benchmarks/interleave.py says why alternating; here every other pair runs the
old one first). Both must give the same result.

    .venv/bin/python benchmarks/compile_ab.py [--rev HEAD] [--depts 1000] [--items 300] [--runs 9]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import importlib.util
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.fixtures import checklist_of, organization_of  # noqa: E402
from benchmarks.interleave import Paired, timed  # noqa: E402
from natori_secaudit.demo.generator import generate_year  # noqa: E402
from natori_secaudit.domain import compile as current  # noqa: E402
from natori_secaudit.domain.fiscal_year import FiscalYear  # noqa: E402


def compile_at(rev: str):  # -> the module
    """``domain/compile.py`` as it was at ``rev``, as a module of the domain package."""
    source = subprocess.run(
        ["git", "show", f"{rev}:natori_secaudit/domain/compile.py"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    path = Path(tempfile.mkdtemp(prefix="natori-compile-ab-")) / "compile_before.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("natori_secaudit.domain._compile_before", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def abba(product: Callable[[], float], baseline: Callable[[], float], runs: int) -> Paired:
    """Like interleave.interleave, but every other pair runs the baseline first (a run's garbage and
    cache state fall on both sides alike), each run after a full collection."""
    product(), baseline()  # warm-up
    a, b = [], []
    for n in range(runs):
        first, second = (product, baseline) if n % 2 == 0 else (baseline, product)
        gc.collect()
        x = first()
        gc.collect()
        y = second()
        a.append(x if n % 2 == 0 else y)
        b.append(y if n % 2 == 0 else x)
    return Paired(tuple(a), tuple(b))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rev", default="HEAD", help="the revision to compare with (default HEAD)")
    parser.add_argument("--depts", type=int, default=1000)
    parser.add_argument("--items", type=int, default=300)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    before = compile_at(args.rev)
    checklist = checklist_of(args.items)
    org = organization_of(args.depts)
    y1 = generate_year(checklist, org, FiscalYear(2025), seed=1)
    y2 = generate_year(checklist, org, FiscalYear(2026), seed=2, previous=y1)
    today = dt.date(2026, 11, 24)
    new, old = current.compile_year(y2, y1, today=today), before.compile_year(y2, y1, today=today)
    if new != old:
        print("the two revisions compile different results", file=sys.stderr)
        return 1
    pairs = abba(
        timed(lambda: current.compile_year(y2, y1, today=today)),
        timed(lambda: before.compile_year(y2, y1, today=today)),
        args.runs,
    )
    print(
        f"compile {args.depts} depts x {args.items} items x 2 y: working tree {pairs.median_a():.3f} s, "
        f"{args.rev} {pairs.median_b():.3f} s, ratio {pairs.ratio_text(3)}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
