"""Japanese fonts for reports: always embedded TrueType subsets.

Search order: a font the user configured (argument or NATORI_SECAUDIT_FONT
"path[:index]", its bold weight in NATORI_SECAUDIT_FONT_BOLD), then the font
shipped inside the package (BIZ UDゴシック regular and bold, SIL Open Font
License, ``data/fonts/``) so that every PC prints the same PDF, then the
operating system's Japanese TrueType fonts (on Windows the system and the
per-user font folders), then a TrueType Japanese font shipped by another
installed Python package. The
non-embedded CID fallback (HeiseiKakuGo) is never used for a report meant
to be kept. Every character drawn is checked against the font's character
map first: a missing glyph fails the report loudly instead of printing a
blank.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from ..errors import AppError

rl_config.warnOnMissingFontGlyphs = 1
FONT = "NatoriJP"
FONT_BOLD = "NatoriJP-Bold"
ENV = "NATORI_SECAUDIT_FONT"
ENV_BOLD = "NATORI_SECAUDIT_FONT_BOLD"
SHIPPED_REGULAR = "BIZUDGothic-Regular.ttf"
SHIPPED_BOLD = "BIZUDGothic-Bold.ttf"
SHIPPED_DIR = (
    Path(__file__).resolve().parent.parent / "data" / "fonts"
)  # = services.paths.shipped_fonts_dir()
_PROBE = "情報セキュリティ自己点検報告書あア取扱注意髙﨑"


@dataclass(frozen=True)
class FontChoice:
    path: Path
    index: int
    bold_path: Path | None = None
    bold_index: int = 0


def _shipped_candidates() -> list[tuple[Path, int, Path | None, int]]:
    fonts = SHIPPED_DIR
    return [(fonts / SHIPPED_REGULAR, 0, fonts / SHIPPED_BOLD, 0)]


def _windows_font_dirs() -> list[Path]:
    dirs = [Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"]
    local = os.environ.get("LOCALAPPDATA")
    if local:  # fonts installed "for this user only" (Windows 10 1809 and later)
        dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    return dirs


def _windows_candidates() -> list[tuple[Path, int, Path | None, int]]:
    out = []
    for fonts in _windows_font_dirs():
        out += [
            (fonts / "BIZ-UDGothicR.ttc", 0, fonts / "BIZ-UDGothicB.ttc", 0),
            (fonts / SHIPPED_REGULAR, 0, fonts / SHIPPED_BOLD, 0),
            (fonts / "YuGothR.ttc", 0, fonts / "YuGothB.ttc", 0),
            (fonts / "YuGothM.ttc", 0, fonts / "YuGothB.ttc", 0),
            (fonts / "msgothic.ttc", 0, None, 0),
            (fonts / "meiryo.ttc", 0, fonts / "meiryob.ttc", 0),
            (fonts / "ipaexg.ttf", 0, None, 0),
        ]
    return out


def _unix_candidates() -> list[tuple[Path, int, Path | None, int]]:
    roots = [
        Path("/usr/share/fonts"),
        Path("/usr/local/share/fonts"),
        Path.home() / ".fonts",
        Path("/Library/Fonts"),
        Path("/System/Library/Fonts"),
    ]
    names = [
        "ipaexg.ttf",
        "ipag.ttf",
        "fonts-japanese-gothic.ttf",
        "VL-Gothic-Regular.ttf",
        "TakaoPGothic.ttf",
        "TakaoGothic.ttf",
    ]
    found: list[tuple[Path, int, Path | None, int]] = []
    for name in names:
        for root in roots:
            if root.is_dir():
                for p in root.rglob(name):
                    found.append((p, 0, None, 0))
                    break
    return found


def _package_candidates() -> list[tuple[Path, int, Path | None, int]]:
    out: list[tuple[Path, int, Path | None, int]] = []
    for module, rel in (("japanize_matplotlib", "fonts/ipaexg.ttf"),):
        spec = importlib.util.find_spec(module)
        if spec and spec.submodule_search_locations:
            for loc in spec.submodule_search_locations:
                p = Path(loc) / rel
                if p.is_file():
                    out.append((p, 0, None, 0))
    return out


def _split_spec(spec: str) -> tuple[Path, int]:
    index = 0
    head, sep, tail = spec.rpartition(":")
    if sep and tail.isdigit() and head:
        spec, index = head, int(tail)
    return Path(spec), index


def _configured(font_path: str | os.PathLike | None) -> list[tuple[Path, int, Path | None, int]]:
    spec = str(font_path) if font_path else os.environ.get(ENV, "")
    if not spec:
        return []
    path, index = _split_spec(spec)
    bold_spec = "" if font_path else os.environ.get(ENV_BOLD, "")
    bold_path, bold_index = _split_spec(bold_spec) if bold_spec else (None, 0)
    return [(path, index, bold_path, bold_index)]


def _usable(path: Path, index: int) -> TTFont | None:
    if not path.is_file():
        return None
    try:
        with open(path, "rb") as fh:
            if fh.read(4) == b"OTTO":  # CFF outlines: ReportLab cannot embed them
                return None
        font = TTFont(FONT + "-probe", str(path), subfontIndex=index)
    except (TTFError, OSError, ValueError, IndexError):
        return None
    cmap = font.face.charToGlyph
    if any(ord(ch) not in cmap for ch in _PROBE if not ch.isspace()):
        return None
    return font


_registered: FontChoice | None = None


def register_fonts(font_path: str | os.PathLike | None = None) -> FontChoice:
    """Register FONT and FONT_BOLD; AppError('report.no_font') when no usable font exists."""
    global _registered
    if _registered is not None and font_path is None:
        return _registered
    candidates = _configured(font_path)
    candidates += _shipped_candidates()
    candidates += _windows_candidates() if sys.platform.startswith("win") else _unix_candidates()
    candidates += _package_candidates()
    for path, index, bold_path, bold_index in candidates:
        font = _usable(path, index)
        if font is None:
            continue
        pdfmetrics.registerFont(TTFont(FONT, str(path), subfontIndex=index))
        bold = _usable(bold_path, bold_index) if bold_path else None
        if bold is not None:
            pdfmetrics.registerFont(TTFont(FONT_BOLD, str(bold_path), subfontIndex=bold_index))
        else:
            pdfmetrics.registerFont(TTFont(FONT_BOLD, str(path), subfontIndex=index))
        from reportlab.lib.fonts import addMapping

        addMapping(FONT, 0, 0, FONT)
        addMapping(FONT, 1, 0, FONT_BOLD)
        addMapping(FONT, 0, 1, FONT)
        addMapping(FONT, 1, 1, FONT_BOLD)
        _use_as_default(FONT)
        _registered = FontChoice(path, index, bold_path if bold else None, bold_index)
        return _registered
    raise AppError("report.no_font", env=ENV)


def _use_as_default(name: str) -> None:
    """Charts and plain table cells otherwise fall back to Helvetica, which is never embedded."""
    from reportlab.graphics import shapes

    rl_config.canvas_basefontname = name
    shapes.STATE_DEFAULTS["fontName"] = name


def missing_glyphs(texts, font_name: str = FONT) -> list[str]:
    """Characters of ``texts`` that the registered font cannot print."""
    font = pdfmetrics.getFont(font_name)
    cmap = font.face.charToGlyph
    missing: set[str] = set()
    for text in texts:
        for ch in str(text):
            if ch in "\n\r\t" or ord(ch) < 32:
                continue
            if ord(ch) not in cmap:
                missing.add(ch)
    return sorted(missing)


def check_glyphs(texts, where: str) -> None:
    missing = missing_glyphs(texts)
    if missing:
        raise AppError(
            "report.missing_glyphs",
            chars=" ".join(missing[:20]),
            count=len(missing),
            where=where,
            env_hint=ENV,
        )
