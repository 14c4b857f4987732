"""Reports and exports: gather on the caller's thread, build anywhere.

Database reads must happen on the thread that opened the database; the
building of a PDF or workbook is pure and can run in a worker thread
(the GUI does that), so each report has a ``gather`` and a ``build`` half.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from .. import storage
from ..domain.fiscal_year import FiscalYear
from ..domain.results import CompiledYear, YearPoint
from ..errors import AppError, InvalidInput, Refused
from . import paths
from .admin import AdminWorkspace
from .department import DepartmentWorkspace


def default_report_path(kind: str, fy: FiscalYear, code: str = "") -> Path:
    name = f"{fy.start_year}-ciso-report.pdf" if kind == "ciso" else f"{fy.start_year}-{code}-report.pdf"
    return paths.reports_dir() / name


def _target(out: Path | str | None, default: Path) -> Path:
    target = Path(out) if out else default
    target.parent.mkdir(parents=True, exist_ok=True)
    return target


class Job(NamedTuple):
    """A report or export in two halves: ``build()`` is pure (any thread), ``done(path)`` writes the
    audit entry on the thread that owns the database."""

    build: Callable[[], Path]
    done: Callable[[Path], None]


def _run(job: Job) -> Path:
    build, done = job
    path = build()
    done(path)
    return Path(path)


def ciso_report_job(ws: AdminWorkspace, fy: FiscalYear, out: Path | str | None = None) -> Job:
    from ..reporting import build_ciso_report

    compiled = ws.compile(fy)
    if compiled.submitted_count == 0:
        raise Refused("service.no_submissions", year=fy.label_ja)
    target = _target(out, default_report_path("ciso", fy))
    history = trend_of(ws, fy, compiled)
    progress = ws.progress(fy)
    return Job(
        lambda: build_ciso_report(compiled, target, history=history, progress=progress),
        lambda path: _audit_report(ws.db, ws.user_name, "ciso", fy, path),
    )


TREND_YEARS = 5


def trend_of(ws: AdminWorkspace, fy: FiscalYear, compiled: CompiledYear | None = None) -> list[YearPoint]:
    """The city's score for up to five years ending with ``fy`` (the years this database holds)."""
    from ..domain.results import year_point

    years = sorted(y for y in ws.years() if y <= fy)[-TREND_YEARS:]
    points: list[YearPoint] = []
    for y in years:
        try:
            points.append(year_point(compiled if (y == fy and compiled is not None) else ws.compile(y)))
        except AppError:  # a year set up but never compiled (no checklist yet): not a point
            continue
    return points


def ciso_report(ws: AdminWorkspace, fy: FiscalYear, out: Path | str | None = None) -> Path:
    return _run(ciso_report_job(ws, fy, out))


def department_report_job(ws: DepartmentWorkspace, fy: FiscalYear, out: Path | str | None = None) -> Job:
    """For the GUI: (build, done). Call ``build()`` in a worker thread (pure PDF work),
    then ``done(path)`` back on the thread that owns the database (audit entry)."""
    from ..reporting import build_department_report

    compiled, answers = ws.compiled(fy)
    code = ws.department.code
    target = _target(out, default_report_path("department", fy, code))
    return Job(
        lambda: build_department_report(compiled, code, answers, target),
        lambda path: _audit_report(ws.db, ws.actor, "department", fy, path),
    )


def department_report(ws: DepartmentWorkspace, fy: FiscalYear, out: Path | str | None = None) -> Path:
    return _run(department_report_job(ws, fy, out))


def admin_department_report_job(
    ws: AdminWorkspace, fy: FiscalYear, code: str, out: Path | str | None = None
) -> Job:
    from ..reporting import build_department_report

    compiled = ws.compile(fy)
    data = ws.year_data(fy)
    if code not in data.assessments:
        raise Refused("service.department_not_submitted", code=code, year=fy.label_ja)
    answers = data.assessments[code].answers
    target = _target(out, default_report_path("department", fy, code))
    return Job(
        lambda: build_department_report(compiled, code, answers, target),
        lambda path: _audit_report(ws.db, ws.user_name, f"department:{code}", fy, path),
    )


def admin_department_report(
    ws: AdminWorkspace, fy: FiscalYear, code: str, out: Path | str | None = None
) -> Path:
    return _run(admin_department_report_job(ws, fy, code, out))


def department_report_any(
    db_path: Path | str, passphrase: str, fy: FiscalYear, code: str, out: Path | str | None = None
) -> Path:
    """`report department` works on the IT division's database and on a department's own."""
    from .workspace import open_any

    with open_any(db_path, passphrase) as ws:
        if isinstance(ws, AdminWorkspace):
            return admin_department_report(ws, fy, code, out)
        assert isinstance(ws, DepartmentWorkspace)
        if ws.department.code != code:
            raise InvalidInput("service.unknown_department", code=code, codes=ws.department.code)
        return department_report(ws, fy, out)


EXPORT_FORMATS = ("xlsx", "csv", "oscal")


def export_job(ws: AdminWorkspace, fy: FiscalYear, fmt: str, out: Path | str) -> Job:
    from ..exports import export_csv, export_oscal, export_xlsx

    compiled = ws.compile(fy)
    data = ws.year_data(fy)
    target = _target(out, Path(out))
    builder = {"xlsx": export_xlsx, "csv": export_csv, "oscal": export_oscal}[fmt]
    return Job(
        lambda: Path(builder(compiled, data, target)),
        lambda path: _audit_report(ws.db, ws.user_name, f"export:{fmt}", fy, path),
    )


def export(ws: AdminWorkspace, fy: FiscalYear, fmt: str, out: Path | str) -> Path:
    return _run(export_job(ws, fy, fmt, out))


def _audit_report(db: storage.Database, actor: str, kind: str, fy: FiscalYear, path: Path) -> None:
    with db.transaction():
        storage.audit_append(
            db, actor=actor, event="report", subject=f"{fy.start_year}/{kind}", new={"file": Path(path).name}
        )
