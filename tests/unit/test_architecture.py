"""The house rules of ARCHITECTURE.md, checked on every run.

- domain/ imports no GUI, SQL or PDF library (and does no disk writes);
- SQL and the database driver live only in storage/;
- gui/ never imports storage/ or reporting/ — it calls services;
- the domain's enums carry codes, not words (the words are the catalogue's: i18n/labels.py);
- the English catalogue has every Japanese key (the keys the code uses: test_catalogue_keys.py).
"""

from __future__ import annotations

import ast
import importlib
import re
import subprocess
import sys
from enum import Enum
from pathlib import Path

import pytest

from natori_secaudit import i18n

PKG = Path(__file__).resolve().parents[2] / "natori_secaudit"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            mod = node.module or ""
            if node.level:
                parts = path.relative_to(PKG.parent).with_suffix("").parts[: -node.level]
                mod = ".".join((*parts, mod)) if mod else ".".join(parts)
            names.add(mod)
    return names


def _files(sub: str) -> list[Path]:
    return sorted((PKG / sub).rglob("*.py"))


FORBIDDEN_IN_DOMAIN = ("tkinter", "ttkbootstrap", "sqlite3", "sqlcipher3", "reportlab", "openpyxl")


@pytest.mark.parametrize("path", _files("domain"), ids=lambda p: p.name)
def test_domain_imports_no_gui_sql_or_pdf(path):
    bad = {n for n in _imports(path) if n.split(".")[0] in FORBIDDEN_IN_DOMAIN}
    assert not bad, f"{path.name} imports {bad}"
    text = path.read_text(encoding="utf-8")
    assert "open(" not in text.replace("fromisoformat(", ""), f"{path.name} touches files"


def test_domain_enums_carry_codes_not_japanese_labels():
    """English means English: no ``label_ja`` on an answer, state, severity or trend, and no table of
    Japanese words beside them. (FiscalYear.label_ja, the 和暦 year, is a calendar computation.)"""
    offenders = []
    for path in _files("domain"):
        module = importlib.import_module("natori_secaudit.domain." + path.stem)
        for name, obj in vars(module).items():
            if isinstance(obj, type) and issubclass(obj, Enum) and obj.__module__ == module.__name__:
                offenders += [f"{name}.{a}" for a in vars(obj) if a.startswith("label")]
            elif isinstance(obj, dict) and "LABEL" in name.upper():
                offenders.append(f"{path.name}: {name}")
    assert offenders == []


def test_only_storage_imports_the_database_driver():
    offenders = []
    for path in PKG.rglob("*.py"):
        if "storage" in path.relative_to(PKG).parts:
            continue
        if {n for n in _imports(path) if n.split(".")[0] in ("sqlite3", "sqlcipher3")}:
            offenders.append(str(path.relative_to(PKG)))
    assert offenders == []


def test_gui_calls_services_only():
    offenders = []
    for path in _files("gui"):
        for name in _imports(path):
            if name.startswith(("natori_secaudit.storage", "natori_secaudit.reporting")):
                offenders.append(f"{path.name}: {name}")
        if re.search(r"\.execute\(", path.read_text(encoding="utf-8")):
            offenders.append(f"{path.name}: execute()")
    assert offenders == []


def test_core_layers_load_without_tkinter():
    code = (
        "import sys\n"
        "import natori_secaudit.domain.compile, natori_secaudit.services.admin, natori_secaudit.cli\n"
        "assert 'tkinter' not in sys.modules, 'tkinter imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=PKG.parent)


def test_english_catalogue_covers_japanese():
    assert sorted(i18n.keys("ja") - i18n.keys("en")) == []
