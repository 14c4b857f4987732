"""Where the program keeps things: data, logs, checklists, reports, fonts.

Shipped files (the checklists, the department list, the fonts and the
third-party notices) live in the package's ``data/`` folder of an installed
wheel or a frozen one-folder build; in a source checkout the checklists are
read from the repository's top-level ``checklists/`` folder, where the IT
division edits them. Nothing is ever looked up relative to the current folder:
the program works the same whatever folder it was started from.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "natori-secaudit"
HOME_ENV = "NATORI_SECAUDIT_HOME"
_PACKAGE_ROOT = Path(__file__).resolve().parent.parent


def _home_override() -> Path | None:
    override = os.environ.get(HOME_ENV)
    return Path(override) if override else None


def data_dir() -> Path:
    return _home_override() or Path(platformdirs.user_data_dir(APP, appauthor=False))


def log_dir() -> Path:
    home = _home_override()
    return home / "logs" if home else Path(platformdirs.user_log_dir(APP, appauthor=False))


def config_dir() -> Path:
    home = _home_override()
    return home / "config" if home else Path(platformdirs.user_config_dir(APP, appauthor=False))


def default_department_db() -> Path:
    return data_dir() / "department.db"


def default_admin_db() -> Path:
    return data_dir() / "admin.db"


def start_database() -> Path:
    """The database the app opens when none is named: this PC's department database if there is
    one, else the IT division's (made from the first-run screen), else the department's path,
    where the first-run screen creates it."""
    department, admin = default_department_db(), default_admin_db()
    if not department.exists() and admin.exists():
        return admin
    return department


def other_start_database(current: Path) -> Path | None:
    """The other role's default database on this PC, when it exists (AIシステム推進課 answers
    its own checklist too: one PC may hold both)."""
    for candidate in (default_department_db(), default_admin_db()):
        if candidate.exists() and candidate.resolve() != Path(current).resolve():
            return candidate
    return None


def package_data_dir() -> Path:
    """The package's own ``data/`` folder (wheel, editable checkout or frozen build)."""
    return _PACKAGE_ROOT / "data"


def source_checkout() -> Path | None:
    """The repository root when running from a source checkout, else None."""
    root = _PACKAGE_ROOT.parent
    if (root / "pyproject.toml").is_file() and (root / "checklists").is_dir():
        return root
    return None


def shipped_checklists_dir() -> Path:
    """The shipped checklists and department list: the repository's ``checklists/`` in a source
    checkout (the files the IT division edits), else the copy inside the installed package."""
    root = source_checkout()
    if root is not None:
        return root / "checklists"
    return package_data_dir() / "checklists"


def shipped_fonts_dir() -> Path:
    return package_data_dir() / "fonts"


def notice_file() -> Path:
    """Third-party notices: in the package (wheel, frozen build) or the repository root."""
    packaged = package_data_dir() / "NOTICE"
    if packaged.is_file():
        return packaged
    return _PACKAGE_ROOT.parent / "NOTICE"


def user_checklists_dir() -> Path:
    """The IT division's own checklists and department list, beside its databases: the
    program writes here, never into the installation (which may be read-only, and is
    replaced by the next version)."""
    return data_dir() / "checklists"


def checklist_dirs() -> list[Path]:
    """Where checklists and ``departments.yaml`` are looked up when no folder is given: the
    user's folder first, so a department list edited in the app is the one every door uses
    (年度の準備, ``bundle``, the editor), then the shipped files."""
    return [user_checklists_dir(), shipped_checklists_dir()]


def departments_file(dirs: list[Path] | None = None) -> Path | None:
    """The ``departments.yaml`` in use: the first of ``dirs`` (default checklist_dirs()) that has one."""
    for folder in dirs if dirs is not None else checklist_dirs():
        candidate = Path(folder) / "departments.yaml"
        if candidate.is_file():
            return candidate
    return None


def is_installed_file(path: Path | str) -> bool:
    """Whether ``path`` lies inside the installed package (wheel or frozen build) rather than in
    a source checkout or the user's folders: such a file is read, never written."""
    if source_checkout() is not None:
        return False
    try:
        Path(path).resolve().relative_to(package_data_dir().resolve())
    except ValueError:
        return False
    return True


def documents_dir() -> Path:
    """The user's documents folder (Windows: ドキュメント), where files for people go."""
    home = _home_override()
    if home is not None:
        return home / "documents"
    return Path(platformdirs.user_documents_dir())


def reports_dir() -> Path:
    """Default folder of reports and exports: ドキュメント\\natori-secaudit\\reports (a source
    checkout keeps using its own ``reports/`` folder)."""
    root = source_checkout()
    if root is not None and (root / "reports").is_dir() and _home_override() is None:
        return root / "reports"
    return documents_dir() / APP / "reports"


def default_demo_dir() -> Path:
    return documents_dir() / f"{APP}-demo"
