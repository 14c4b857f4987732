"""The installed program is complete: a wheel in a fresh virtual environment, no repository.

Builds the wheel, installs it with exactly the locked runtime set into a new virtual environment and
runs it from a folder outside the repository whose path has Japanese characters and spaces, with a
cp932 console (as a Japanese Windows PC writes to a redirected file): the shipped checklists validate,
the demo is built, a new year's bundle is made, and the CISO report lands in the user's documents
folder with the shipped font embedded.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def _run(cmd, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([str(c) for c in cmd], capture_output=True, timeout=600, **kw)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    proc = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", dist, ROOT])
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")[-3000:]
    (whl,) = dist.glob("natori_secaudit-*.whl")
    return whl


@pytest.fixture(scope="module")
def venv(tmp_path_factory, wheel) -> Path:
    env_dir = tmp_path_factory.mktemp("venv") / "env"
    assert _run([sys.executable, "-m", "venv", env_dir]).returncode == 0
    py = env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    lock = ROOT / "requirements" / "runtime.lock"
    proc = _run([py, "-m", "pip", "install", "-q", "--require-hashes", "-r", lock])
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")[-3000:]
    proc = _run([py, "-m", "pip", "install", "-q", "--no-deps", wheel])
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")[-3000:]
    return env_dir


def test_the_wheel_carries_checklists_department_list_fonts_and_notices(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for shipped in (
        "natori_secaudit/data/checklists/natori-standard.yaml",
        "natori_secaudit/data/checklists/departments.yaml",
        "natori_secaudit/data/fonts/BIZUDGothic-Regular.ttf",
        "natori_secaudit/data/fonts/BIZUDGothic-Bold.ttf",
        "natori_secaudit/data/fonts/OFL.txt",
        "natori_secaudit/data/NOTICE",
        "natori_secaudit/i18n/ja/cli.yaml",
    ):
        assert shipped in names, shipped
    assert wheel.stat().st_size < 15_000_000  # two font weights: about 10 MB in all
    meta = next(n for n in names if n.endswith(".dist-info/METADATA"))
    text = zipfile.ZipFile(wheel).read(meta).decode()
    assert "License-Expression: LicenseRef-Proprietary-Natori-City" in text
    requires = [line for line in text.splitlines() if line.startswith("Requires-Dist: sqlcipher3")]
    assert requires == ["Requires-Dist: sqlcipher3<0.7,>=0.6.4"]  # one binding, every platform


def _current_year(today: dt.date) -> int:
    return today.year if today.month >= 4 else today.year - 1


def test_installed_program_works_from_a_japanese_folder_with_a_cp932_console(venv, tmp_path):
    work = tmp_path / "名取市 点検 作業"
    home = tmp_path / "利用者 ホーム"
    work.mkdir()
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    exe = bin_dir / "natori-secaudit"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NATORI_", "PYTHON"))}
    env.update(PYTHONIOENCODING="cp932", NATORI_SECAUDIT_HOME=str(home), NATORI_SECAUDIT_FAST_KDF="1")
    env.pop("VIRTUAL_ENV", None)

    def cli(*args, passphrase: str | None = None) -> tuple[int, str]:
        e = dict(env, **({"NATORI_SECAUDIT_PASSPHRASE": passphrase} if passphrase else {}))
        proc = _run([exe, *args], cwd=work, env=e)
        out = (proc.stdout + proc.stderr).decode("cp932")  # every byte is valid cp932
        return proc.returncode, out

    # the shipped checklists, found inside the installed package
    code = "from natori_secaudit.services import paths; print(paths.shipped_checklists_dir())"
    shipped = Path(_run([bin_dir / "python", "-c", code], cwd=work, env=env).stdout.decode().strip())
    assert str(shipped).startswith(str(venv)), shipped
    rc, out = cli("checklist", "validate", shipped / "natori-standard.yaml", shipped / "departments.yaml")
    assert rc == 0, out
    assert "Traceback" not in out

    rc, out = cli("demo", "--no-gui")
    assert rc == 0, out
    demo = home / "documents" / "natori-secaudit-demo"
    assert str(demo) in out  # the message names where the demo went
    assert (demo / "admin.db").is_file()

    year = _current_year(dt.date.today())
    rc, out = cli(
        "bundle",
        "--db",
        demo / "admin.db",
        "--year",
        year + 1,
        "--checklist",
        "natori-standard",
        "--out",
        "来年度 配布.natori-bundle",
        passphrase="demo-admin-passphrase",
    )
    assert rc == 0, out
    assert (work / "来年度 配布.natori-bundle").is_file()

    rc, out = cli(
        "report", "ciso", "--db", demo / "admin.db", "--year", year, passphrase="demo-admin-passphrase"
    )
    assert rc == 0, out
    report = home / "documents" / "natori-secaudit" / "reports" / f"{year}-ciso-report.pdf"
    assert report.is_file(), out
    assert str(report) in out  # said in the message
    assert not (work / "reports").exists()  # nothing lands in the folder it was started from
    pdf = PdfReader(report)
    text = "".join(page.extract_text() for page in pdf.pages[:3])
    assert "情報セキュリティ" in text
    fonts = {
        str(f.get("/BaseFont"))
        for page in pdf.pages[:2]
        for f in (page["/Resources"].get("/Font") or {}).values()
        for f in [f.get_object()]
    }
    assert any("BIZUDGothic" in f for f in fonts), fonts
