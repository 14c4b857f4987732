"""Check that every runtime dependency installs on Windows from binary wheels.

The city's PCs run Windows with no compiler: `pip download --only-binary=:all:
--platform win_amd64` must resolve the whole dependency tree for each Python
version we support. Run by .ci/run; needs the package index (no project code runs).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHONS = ("3.11", "3.12", "3.13")


def windows_requirements() -> list[str]:
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["dependencies"]
    out = []
    for dep in deps:
        req, _, marker = dep.partition(";")
        marker = marker.strip()
        if marker == "sys_platform == 'linux'":
            continue  # sqlcipher3-binary: Linux only
        out.append(req.strip())
    return out


def main() -> int:
    reqs = windows_requirements()
    failed = []
    for py in PYTHONS:
        with tempfile.TemporaryDirectory() as tmp:
            cmd = [
                sys.executable, "-m", "pip", "download", "--quiet", "--only-binary=:all:",
                "--platform", "win_amd64", "--python-version", py, "--implementation", "cp",
                "-d", tmp, *reqs,
            ]
            proc = subprocess.run(cmd, capture_output=True, text=True)
            wheels = sorted(p.name for p in Path(tmp).iterdir())
            if proc.returncode != 0:
                failed.append(py)
                print(f"Python {py}: FAILED\n{proc.stderr.strip()[-2000:]}")
            else:
                print(f"Python {py}: {len(wheels)} wheels: " + ", ".join(wheels))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
