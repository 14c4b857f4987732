"""The one-folder build (packaging/natori-secaudit.spec) runs with no Python installed beside it.

Builds the folder with PyInstaller, then runs the frozen program's demo from a Japanese folder and opens
its window under the virtual screen (.ci/run gives Xvfb): this proves the spec collects the code, the
checklists, the fonts, SQLCipher and Tk.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow
pytest.importorskip("PyInstaller")


@pytest.fixture(scope="module")
def frozen(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("frozen")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(work / "dist"),
            "--workpath",
            str(work / "build"),
            str(ROOT / "packaging" / "natori-secaudit.spec"),
        ],
        capture_output=True,
        timeout=900,
        cwd=work,
    )
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")[-3000:]
    return work / "dist" / "natori-secaudit"


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NATORI_", "PYTHON"))}
    env.update(NATORI_SECAUDIT_HOME=str(home), NATORI_SECAUDIT_FAST_KDF="1")
    return env


def test_the_folder_has_both_programs_the_data_and_the_notices(frozen):
    assert (frozen / "natori-secaudit").is_file() or (frozen / "natori-secaudit.exe").is_file()
    assert (frozen / "natori-secaudit-cli").is_file() or (frozen / "natori-secaudit-cli.exe").is_file()
    assert "sqlcipher3" in (frozen / "NOTICE.txt").read_text("utf-8")
    assert (frozen / "licenses" / "BIZ-UDGothic" / "OFL.txt").is_file()
    data = frozen / "_internal" / "natori_secaudit" / "data"
    assert (data / "checklists" / "natori-standard.yaml").is_file()
    assert (data / "fonts" / "BIZUDGothic-Bold.ttf").is_file()


def test_the_frozen_demo_builds_databases_and_reports(frozen, tmp_path):
    where = tmp_path / "デモ 出力"
    proc = subprocess.run(
        [str(frozen / "natori-secaudit-cli"), "demo", "--no-gui", "--dir", str(where)],
        capture_output=True,
        timeout=600,
        env=_env(tmp_path / "home"),
        cwd=tmp_path,
    )
    out = (proc.stdout + proc.stderr).decode("utf-8", "replace")
    assert proc.returncode == 0, out
    assert (where / "admin.db").is_file()
    assert list((where / "reports").glob("*-ciso-report.pdf")), out


def _window_titles() -> list[bytes]:
    ids = subprocess.run(
        ["xdotool", "search", "--onlyvisible", "--name", "."], capture_output=True
    ).stdout.split()
    return [subprocess.run(["xdotool", "getwindowname", w], capture_output=True).stdout for w in ids]


@pytest.mark.skipif(
    not shutil.which("xdotool") or not os.environ.get("DISPLAY"), reason="needs Xvfb and xdotool"
)
def test_the_frozen_app_opens_its_window(frozen, tmp_path):
    proc = subprocess.Popen(
        [str(frozen / "natori-secaudit"), "gui", "--db", str(tmp_path / "所属.db")],
        env=_env(tmp_path / "home"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        found = b""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not found.strip():
            assert proc.poll() is None, proc.stderr.read().decode(errors="replace")
            found = b"".join(_window_titles())  # xdotool's --name regex cannot match Japanese: read titles
            found = found if "情報セキュリティ自己点検".encode() in found else b""
            time.sleep(0.5)
        assert found.strip(), "the frozen app showed no window titled 情報セキュリティ自己点検"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
