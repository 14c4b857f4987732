"""Make the offline installation set for the city's Windows PCs from requirements/runtime.lock.

For each supported CPython (3.11-3.13) it downloads every wheel the lock file names for win_amd64,
checking each file against the lock's SHA-256 (``--require-hashes``), and then checks that the set is
complete: every dependency that a downloaded wheel declares for Windows is in the set, at a version
that satisfies it. Markers are evaluated for Windows here, not for the machine the script runs on
(pip would evaluate them for this machine), so the set is right when made on Linux.

    python scripts/windows_offline_set.py --out dist/windows-set [--wheel dist/natori_secaudit-*.whl]
    python scripts/windows_offline_set.py --check        # CI: resolve and check, keep nothing

The set is a folder ``py3.11/``, ``py3.12/``, ``py3.13/`` of wheels, each with ``requirements.txt``
(the lock's lines for Windows, with hashes) and ``install.cmd``, which installs with no network:
``pip install --no-index --find-links . --require-hashes -r requirements.txt``.
Needs the package index (only to make the set); no project code runs.
"""

from __future__ import annotations

import argparse
import email.parser
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

try:
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name, parse_wheel_filename
except ImportError:  # pragma: no cover - a bare Python: pip carries packaging
    from pip._vendor.packaging.requirements import Requirement  # type: ignore[no-redef]
    from pip._vendor.packaging.utils import canonicalize_name, parse_wheel_filename  # type: ignore[no-redef]

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements" / "runtime.lock"
PYTHONS = ("3.11", "3.12", "3.13")


def windows_environment(python: str) -> dict[str, str]:
    """PEP 508 marker values of 64-bit CPython ``python`` on Windows."""
    return {
        "implementation_name": "cpython",
        "implementation_version": f"{python}.0",
        "os_name": "nt",
        "platform_machine": "AMD64",
        "platform_python_implementation": "CPython",
        "platform_release": "10",
        "platform_system": "Windows",
        "platform_version": "10.0.19045",
        "python_full_version": f"{python}.0",
        "python_version": python,
        "sys_platform": "win32",
        "extra": "",
    }


def lock_entries(text: str) -> list[tuple[Requirement, list[str], str]]:
    """(requirement, hashes, original line) of each pin in a pip-format lock file."""
    logical: list[str] = []
    current = ""
    for raw in text.splitlines():
        line = raw.split(" #", 1)[0].rstrip() if not raw.lstrip().startswith("#") else ""
        if not line.strip():
            continue
        current += " " + line.strip().rstrip("\\").strip()
        if not line.endswith("\\"):
            logical.append(current.strip())
            current = ""
    if current.strip():
        logical.append(current.strip())
    out = []
    for entry in logical:
        parts = entry.split(" --hash=")
        req = Requirement(parts[0].strip())
        hashes = [h.strip() for h in parts[1:]]
        if not hashes:
            raise SystemExit(f"{LOCK.name}: {req.name} has no --hash (make the lock with scripts/lock.sh)")
        out.append((req, hashes, entry))
    return out


def for_windows(entries, python: str):
    env = windows_environment(python)
    return [(req, hashes) for req, hashes, _ in entries if req.marker is None or req.marker.evaluate(env)]


def requirements_text(selected) -> str:
    lines = []
    for req, hashes in selected:
        spec = f"{req.name}{req.specifier}"
        lines.append(" \\\n    ".join([spec] + [f"--hash={h}" for h in hashes]))
    return "\n".join(lines) + "\n"


def download(python: str, requirements: Path, dest: Path) -> subprocess.CompletedProcess:
    cmd = [
        sys.executable,
        "-m",
        "pip",
        "download",
        "--quiet",
        "--only-binary=:all:",
        "--no-deps",
        "--platform",
        "win_amd64",
        "--python-version",
        python,
        "--implementation",
        "cp",
        "--require-hashes",
        "-d",
        str(dest),
        "-r",
        str(requirements),
    ]
    return subprocess.run(cmd, capture_output=True, text=True)


def completeness_problems(folder: Path, python: str) -> list[str]:
    """Dependencies (for Windows) of the wheels in ``folder`` that the folder does not satisfy."""
    env = windows_environment(python)
    have: dict[str, str] = {}
    metas = []
    for whl in sorted(folder.glob("*.whl")):
        name, version, _, _ = parse_wheel_filename(whl.name)
        have[canonicalize_name(name)] = str(version)
        with zipfile.ZipFile(whl) as zf:
            meta_name = next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
            metas.append((whl.name, email.parser.Parser().parsestr(zf.read(meta_name).decode("utf-8"))))
    problems = []
    for wheel_name, meta in metas:
        for dep in meta.get_all("Requires-Dist") or []:
            req = Requirement(dep)
            if req.marker is not None and not req.marker.evaluate(env):
                continue
            got = have.get(canonicalize_name(req.name))
            if got is None:
                problems.append(f"{wheel_name} needs {req} — not in the set (add it to the lock)")
            elif not req.specifier.contains(got, prereleases=True):
                problems.append(f"{wheel_name} needs {req} — the set has {got}")
    return problems


INSTALL_CMD = """@echo off
rem natori-secaudit: install with no network from this folder (Python {python}, 64-bit).
rem   install.cmd C:\\natori-secaudit\\venv
set TARGET=%~1
if "%TARGET%"=="" set TARGET=C:\\natori-secaudit\\venv
py -{python} -m venv "%TARGET%" || exit /b 1
"%TARGET%\\Scripts\\python" -m pip install --no-index --find-links "%~dp0." --require-hashes -r "%~dp0requirements.txt" || exit /b 1
for %%W in ("%~dp0natori_secaudit-*.whl") do "%TARGET%\\Scripts\\python" -m pip install --no-index --no-deps "%%W" || exit /b 1
echo installed: "%TARGET%\\Scripts\\natori-secaudit-gui.exe"
"""


def make_set(python: str, entries, dest: Path, wheel: Path | None) -> list[str]:
    dest.mkdir(parents=True, exist_ok=True)
    selected = for_windows(entries, python)
    reqs = dest / "requirements.txt"
    reqs.write_text(requirements_text(selected), encoding="utf-8")
    proc = download(python, reqs, dest)
    if proc.returncode != 0:
        return [f"pip download failed:\n{proc.stderr.strip()[-2000:]}"]
    problems = completeness_problems(dest, python)
    names = {canonicalize_name(parse_wheel_filename(w.name)[0]) for w in dest.glob("*.whl")}
    problems += [
        f"{req.name}: no win_amd64 wheel downloaded"
        for req, _ in selected
        if canonicalize_name(req.name) not in names
    ]
    if wheel is not None:
        shutil.copy2(wheel, dest / wheel.name)
    (dest / "install.cmd").write_text(
        INSTALL_CMD.format(python=python).replace("\n", "\r\n"), encoding="ascii"
    )
    return problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, help="folder of the set (default: a temporary folder, with --check)")
    ap.add_argument("--wheel", type=Path, help="natori-secaudit's own wheel, copied into each set")
    ap.add_argument("--check", action="store_true", help="resolve and check only; keep nothing")
    ap.add_argument("--python", action="append", choices=PYTHONS, help="only this Python (repeatable)")
    args = ap.parse_args(argv)
    if not args.check and args.out is None:
        ap.error("--out DIR (or --check)")
    entries = lock_entries(LOCK.read_text("utf-8"))
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) if args.check else args.out
        for python in args.python or PYTHONS:
            dest = base / f"py{python}"
            problems = make_set(python, entries, dest, args.wheel)
            wheels = sorted(p.name for p in dest.glob("*.whl"))
            if problems:
                failed = True
                print(f"Python {python} (win_amd64): INCOMPLETE")
                for problem in problems:
                    print(f"  - {problem}")
            else:
                size = sum(p.stat().st_size for p in dest.glob("*.whl")) / 1e6
                print(
                    f"Python {python} (win_amd64): complete, {len(wheels)} wheels, {size:.1f} MB, "
                    f"hashes checked: {', '.join(wheels)}"
                )
    if not args.check and not failed:
        print(f"offline set: {args.out}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
