"""Where the program keeps things: data, logs, checklists, reports."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "natori-secaudit"
_PACKAGE_ROOT = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    override = os.environ.get("NATORI_SECAUDIT_HOME")
    base = Path(override) if override else Path(platformdirs.user_data_dir(APP, appauthor=False))
    return base


def log_dir() -> Path:
    override = os.environ.get("NATORI_SECAUDIT_HOME")
    if override:
        return Path(override) / "logs"
    return Path(platformdirs.user_log_dir(APP, appauthor=False))


def config_dir() -> Path:
    override = os.environ.get("NATORI_SECAUDIT_HOME")
    if override:
        return Path(override) / "config"
    return Path(platformdirs.user_config_dir(APP, appauthor=False))


def default_department_db() -> Path:
    return data_dir() / "department.db"


def default_admin_db() -> Path:
    return data_dir() / "admin.db"


def shipped_checklists_dir() -> Path:
    """The repository's (or installed data's) checklists/ folder."""
    candidates = [_PACKAGE_ROOT.parent / "checklists", _PACKAGE_ROOT / "data" / "checklists"]
    for c in candidates:
        if c.is_dir():
            return c
    return candidates[0]


def user_checklists_dir() -> Path:
    return data_dir() / "checklists"


def reports_dir() -> Path:
    repo_reports = _PACKAGE_ROOT.parent / "reports"
    if repo_reports.is_dir():
        return repo_reports
    return Path.cwd() / "reports"
