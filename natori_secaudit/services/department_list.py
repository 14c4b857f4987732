"""The department list edited in the app (所属一覧を編集…): which file, last year's list to
check ``formerly`` against, and the save through the loader (loading/departments_writer.py,
whose docstring says why the list stays a YAML file rather than moving into the admin database).
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from .. import storage
from ..domain.checklist import Organization
from ..domain.fiscal_year import FiscalYear
from ..loading import Problem
from . import paths, year_setup
from .admin import AdminWorkspace


def default_path() -> Path | None:
    """The ``departments.yaml`` 年度の準備 and ``bundle`` would use."""
    return year_setup.find_departments()


def save_target(path: Path | str) -> Path:
    """Where an edit of the list in ``path`` is saved: the same file, except the one shipped
    inside the installation (read-only under Program Files, replaced by the next version),
    whose edits go to the user's folder, which every door then reads first
    (paths.checklist_dirs)."""
    if paths.is_installed_file(path):
        return paths.user_checklists_dir() / "departments.yaml"
    return Path(path)


def open_list(path: Path | str) -> Organization:
    """The list in ``path``; ChecklistFileError with every located problem otherwise."""
    return year_setup.load_departments(path)


def year_to_prepare(ws: AdminWorkspace, today: _dt.date | None = None) -> FiscalYear:
    """The year after the newest one held (this fiscal year for a fresh database)."""
    held = ws.years()
    return held[-1].next() if held else FiscalYear.current(today)


def years_to_offer(ws: AdminWorkspace, today: _dt.date | None = None) -> tuple[list[FiscalYear], FiscalYear]:
    """The years 年度の準備 offers, and the one chosen first (year_to_prepare).

    Every year held (to make its bundle again), the year after the newest and this fiscal year;
    a fresh database also offers the year before and the year after this one: a city starting in
    March prepares April's year, one starting in April may still compile the year just ended.
    """
    current = FiscalYear.current(today)
    held = ws.years()
    first = year_to_prepare(ws, today)
    extra = {current} if held else {FiscalYear(current.start_year - 1), current, current.next()}
    return sorted({*held, first, *extra}, key=lambda fy: fy.start_year), first


def last_year(ws: AdminWorkspace, fy: FiscalYear) -> Organization | None:
    """The list bundled for the year before ``fy``, when the database holds that year."""
    rec = storage.get_year(ws.db, fy.start_year - 1)
    return rec.organization if rec is not None else None


def save(
    org: Organization,
    path: Path | str,
    previous: Organization | None = None,
    header_from: Path | str | None = None,
) -> list[Problem]:
    """Write the list if the loader accepts it (ChecklistFileError otherwise; the file is untouched).

    Returns the loader's notes: last year's departments that nobody continues.
    """
    from ..loading.departments_writer import save_departments

    return save_departments(org, path, previous, header_from)


__all__ = [
    "default_path",
    "last_year",
    "open_list",
    "save",
    "save_target",
    "year_to_prepare",
    "years_to_offer",
]
