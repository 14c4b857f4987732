"""The manuals build to PDFs a person can print, and the user manual names only what the app shows.

The user manual writes every name of a menu, button, field or on-screen label in 「」, and each must be
a text of the Japanese GUI catalogue (gui.yaml) or of the answer/state/change labels (labels.yaml):
a renamed menu item fails here instead of leaving the manual wrong. A catalogue text with a
placeholder matches with anything in its place (「回答 31 / 61」) or by its fixed start (「保存済み」);
a step number ("3. 登録コード") is not part of the name.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[2]
MANUALS = ROOT / "docs" / "manual"
INSTALL_GUIDE = MANUALS / "導入手順書.md"
USER_MANUAL = MANUALS / "操作マニュアル.md"
CATALOGUE = ROOT / "natori_secaudit" / "i18n" / "ja"


def _build(out: Path, *files: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_manuals.py"), "--out", str(out), *map(str, files)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("manuals")
    proc = _build(out)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("作成しました") == 2, proc.stdout
    return out


def _text(pdf: Path) -> str:
    return re.sub(r"\s+", "", "".join(page.extract_text() or "" for page in PdfReader(pdf).pages))


def _headings(md: Path) -> list[str]:
    return [
        re.sub(r"[*`]", "", line.lstrip("#").strip())
        for line in md.read_text(encoding="utf-8").splitlines()
        if re.match(r"#{1,3} ", line)
    ]


def _images(pdf: Path) -> int:
    return sum(len(page.images) for page in PdfReader(pdf).pages)


@pytest.mark.parametrize("md, pages, images", [(INSTALL_GUIDE, (3, 20), 0), (USER_MANUAL, (5, 30), 7)])
def test_every_heading_is_in_the_pdf_and_the_pages_are_reasonable(built, md, pages, images):
    pdf = built / (md.stem + ".pdf")
    text = _text(pdf)
    for heading in _headings(md):
        assert re.sub(r"\s+", "", heading) in text, heading
    n = len(PdfReader(pdf).pages)
    assert pages[0] <= n <= pages[1]
    assert text.count(f"/{n}") >= n - 1  # "page / total" in every footer
    assert _images(pdf) >= images  # every screenshot the manual links is embedded
    assert PdfReader(pdf).metadata.title == _headings(md)[0]


def test_the_user_manual_links_only_screenshots_of_the_screenshot_script():
    links = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", USER_MANUAL.read_text(encoding="utf-8"))
    assert len(links) >= 7
    for link in links:
        path = (MANUALS / link).resolve()
        assert path.parent == ROOT / "docs" / "screenshots" and path.is_file(), link


def _catalogue_texts() -> list[str]:
    texts: list[str] = []

    def walk(node) -> None:
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, str):
            texts.append(node.strip())

    for name in ("gui.yaml", "labels.yaml"):
        walk(yaml.safe_load((CATALOGUE / name).read_text(encoding="utf-8")))
    return texts


def _quoted(text: str) -> list[tuple[int, str]]:
    """Every outermost 「…」 (a name may hold quotes of its own: 重要度「高」), with its line."""
    found, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "「":
            if depth == 0:
                start = i + 1
            depth += 1
        elif ch == "」" and depth:
            depth -= 1
            if depth == 0 and text[start:i].strip():
                found.append((text.count("\n", 0, start) + 1, text[start:i].strip()))
    return found


def _matches(name: str, texts: list[str]) -> bool:
    for value in texts:
        value = re.sub(r"^\d+\.\s*", "", value)
        if name == value:
            return True
        if "{" in value:
            pattern = ".+?".join(re.escape(part) for part in re.split(r"\{[a-z_]+\}", value))
            fixed = value.split("{", 1)[0].rstrip(" :：")
            if re.fullmatch(pattern, name, re.S) or (fixed and name == fixed):
                return True
    return False


def test_every_name_in_quotes_exists_in_the_app():
    texts = _catalogue_texts()
    quoted = _quoted(USER_MANUAL.read_text(encoding="utf-8"))
    assert len(quoted) > 60
    unknown = [f"操作マニュアル.md:{line}: 「{name}」" for line, name in quoted if not _matches(name, texts)]
    assert not unknown, "not in gui.yaml / labels.yaml:\n" + "\n".join(unknown)


def test_a_menu_item_that_does_not_exist_fails_the_rule():
    texts = _catalogue_texts()
    assert _matches("提出…", texts) and _matches("重要度「高」", texts) and _matches("所属", texts)
    assert not _matches("ファイル → 取り込み", texts)
    assert not _matches("回答を保存", texts)
    assert _quoted("「ファイル」メニューの「取り込み」") == [(1, "ファイル"), (1, "取り込み")]
    assert not _matches("取り込み", texts)


def test_a_missing_image_stops_the_build_with_file_and_line(tmp_path):
    md = tmp_path / "手順.md"
    md.write_text("# 題名\n\n本文です。\n\n![画面](no-such.png)\n", encoding="utf-8")
    proc = _build(tmp_path / "out", md)
    assert proc.returncode == 1
    assert "手順.md:5:" in proc.stderr and "no-such.png" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "out" / "手順.pdf").exists()
