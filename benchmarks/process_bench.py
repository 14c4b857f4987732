"""Whole-process rows: ``natori-secaudit --help`` through the installed console script against
``python -c "import yaml"`` (interleaved), and the demo city with the real key derivation,
counting the key derivations. Returns table rows for benchmarks/run_all.py.

    .venv/bin/python benchmarks/process_bench.py [--quick]
"""

from __future__ import annotations

import compileall
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.interleave import command, interleave  # noqa: E402


def _env() -> dict[str, str]:
    """This checkout's code first (so that a copy of the benchmarks in an old checkout measures that code)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("NATORI_SECAUDIT_FAST_KDF", None)  # the demo row measures the real key derivation
    env.setdefault("NATORI_SECAUDIT_HOME", tempfile.mkdtemp(prefix="natori-bench-home-"))
    return env


def help_row(runs: int) -> list[str]:
    script = Path(sys.executable).parent / ("natori-secaudit.exe" if os.name == "nt" else "natori-secaudit")
    if not script.exists():
        return [
            "start-up: natori-secaudit --help",
            "console script",
            f"not measured: no {script}",
            "—",
            "—",
            "—",
        ]
    env = _env()
    # As installed: pip compiles the package to bytecode, and the baseline's yaml is compiled too.
    # With PYTHONDONTWRITEBYTECODE set (as here, and in scripts/test.sh) a checkout never gets its
    # .pyc files, and every run would time the compiler rather than the program's start-up.
    compileall.compile_dir(str(ROOT / "natori_secaudit"), quiet=1)
    pairs = interleave(
        command([str(script), "--help"], env, ROOT),
        command([sys.executable, "-c", "import yaml"], env, ROOT),
        runs,
        warmup=2,
    )
    return [
        "start-up: natori-secaudit --help",
        "console script, subprocess",
        f"{pairs.median_a() * 1000:.0f} ms",
        "≤ 2× import yaml",
        f"python -c 'import yaml' {pairs.median_b() * 1000:.0f} ms",
        pairs.ratio_text(),
    ]


DEMO_SCRIPT = """
import json, sys, time
from natori_secaudit.storage import driver
calls = [0]
_connect = driver.connect
def counting(*a, **k):
    calls[0] += 1
    return _connect(*a, **k)
driver.connect = counting
from natori_secaudit.services.demo import build_demo
t0 = time.perf_counter()
result = build_demo(sys.argv[1])
elapsed = time.perf_counter() - t0
print(json.dumps({"seconds": elapsed, "connects": calls[0], "departments": len(result.department_dbs)}))
"""


def demo_row(runs: int) -> list[str]:
    """The demo (real KDF) in a fresh process each run; ``connects`` counts the key derivations
    (every SQLCipher connection with a passphrase derives the key once)."""
    results = []
    for _ in range(runs):
        folder = Path(tempfile.mkdtemp(prefix="natori-bench-demo-")) / "demo"
        proc = subprocess.run(
            [sys.executable, "-c", DEMO_SCRIPT, str(folder)],
            capture_output=True,
            text=True,
            env=_env(),
            cwd=ROOT,
        )
        if proc.returncode != 0:
            return [
                "demo city (build_demo)",
                "—",
                f"not measured: {proc.stderr.strip()[-200:]}",
                "—",
                "—",
                "—",
            ]
        results.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    seconds = sorted(r["seconds"] for r in results)
    last = results[-1]
    return [
        "demo city (build_demo, real KDF)",
        f"{last['departments']} departments, 2 years",
        f"{seconds[len(seconds) // 2]:.1f} s (median of {runs}; {seconds[0]:.1f}–{seconds[-1]:.1f})",
        "—",
        f"{last['connects']} key derivations",
        "—",
    ]


def run(quick: bool = False) -> list[list[str]]:
    return [help_row(7 if quick else 21), demo_row(1 if quick else 3)]


if __name__ == "__main__":
    for r in run("--quick" in sys.argv):
        print(" | ".join(r))
