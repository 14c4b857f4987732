"""年度の準備 from the open IT division workspace: the checklists to choose from (with their
problems), the department list, the deadline (提出期限), the bundle and the 登録コード sheet.

``setup.make_bundle`` opens the database by path; the app already holds it open (one open
per file), so the same steps run here on ``ws.db``: the same loaders validate the same files,
the same last-year check refuses a broken ``replaces``/``formerly``.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .. import storage
from ..domain.checklist import Checklist, Organization
from ..domain.fiscal_year import FiscalYear
from ..errors import InvalidInput, Refused
from ..fileio import os_error_to_app_error, write_bytes_atomic
from . import enrolment, paths
from .setup import BundleMade

if TYPE_CHECKING:
    from ..loading import Problem
    from .admin import AdminWorkspace


@dataclass(frozen=True)
class ChecklistChoice:
    """One checklist file of the shipped or user folder: loaded, or its located problems."""

    path: Path
    checklist: Checklist | None
    problems: tuple[Problem, ...] = ()

    @property
    def valid(self) -> bool:
        return self.checklist is not None


def checklist_choices(dirs: Sequence[Path] | None = None) -> list[ChecklistChoice]:
    """Every checklist file of the folders, valid ones first (newest version first), then the broken ones."""
    from ..domain.lineage import version_key
    from ..loading import checklist_files

    valid: list[ChecklistChoice] = []
    broken: dict[str, list[Problem]] = {}
    for folder in dirs or paths.checklist_dirs():
        if not Path(folder).is_dir():
            continue
        pairs, problems = checklist_files(folder)
        valid += [ChecklistChoice(p, c) for p, c in pairs]
        for problem in problems:
            broken.setdefault(str(problem.path), []).append(problem)
    valid.sort(key=lambda c: (c.checklist.id, version_key(c.checklist.version)), reverse=True)  # type: ignore[union-attr]
    return valid + [ChecklistChoice(Path(p), None, tuple(found)) for p, found in sorted(broken.items())]


def checklist_choice(path: Path | str) -> ChecklistChoice:
    """One checklist file chosen from anywhere (年度の準備 「別の点検票…」): loaded, or its located
    problems; the file is read, never copied or changed."""
    from ..loading import check_path

    path = Path(path)
    _kind, loaded, problems = check_path(path)
    if problems:
        return ChecklistChoice(path, None, tuple(problems))
    if not isinstance(loaded, Checklist):  # a department list, say
        raise InvalidInput("admin_year.not_a_checklist", path=str(path))
    return ChecklistChoice(path, loaded)


def find_departments(dirs: Sequence[Path] | None = None) -> Path | None:
    """The ``departments.yaml`` the bundle would use (the first folder that has one)."""
    return paths.departments_file(list(dirs) if dirs else None)


def load_departments(path: Path | str) -> Organization:
    """The department list in ``path``; ChecklistFileError with every located problem otherwise."""
    from ..loading import load_departments_file

    return load_departments_file(path)


def parse_deadline(text: str, fy: FiscalYear) -> _dt.date | None:
    """提出期限 as typed (YYYY-MM-DD, or empty for none); InvalidInput names what to type."""
    text = (text or "").strip().replace("/", "-")
    if not text:
        return None
    try:
        day = _dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidInput("admin_year.deadline_malformed", text=text) from None
    if not fy.start <= day <= fy.end + _dt.timedelta(days=60):
        raise InvalidInput("admin_year.deadline_outside", text=text, year=fy.label_ja)
    return day


@dataclass(frozen=True)
class YearPlan:
    fiscal_year: FiscalYear
    checklist_path: Path
    checklist: Checklist
    departments_path: Path
    organization: Organization
    deadline: _dt.date | None = None
    warnings: tuple[Problem, ...] = field(default=())


def plan_year(
    ws: AdminWorkspace,
    year: int,
    checklist_path: Path | str,
    departments_path: Path | str,
    deadline: _dt.date | None = None,
) -> YearPlan:
    """Validate both files (and against last year's when the database holds it); nothing is stored."""
    from ..loading import ChecklistFileError, check_against_last_year

    fy = FiscalYear(int(year))
    choice = checklist_choice(checklist_path)
    if choice.checklist is None:
        raise ChecklistFileError.of(str(checklist_path), list(choice.problems))
    checklist = choice.checklist
    org = load_departments(departments_path)
    last = storage.get_year(ws.db, fy.start_year - 1)
    warnings: list[Problem] = []
    if last is not None:
        warnings = check_against_last_year(
            checklist_path,
            departments_path,
            storage.load_checklist(ws.db, last.checklist_sha256),
            last.organization,
            str(fy.start_year - 1),
        )
    return YearPlan(
        fy, Path(checklist_path), checklist, Path(departments_path), org, deadline, tuple(warnings)
    )


def make_year_bundle(ws: AdminWorkspace, plan: YearPlan, out: Path | str) -> BundleMade:
    """Store the year (checklist snapshot, department list, deadline) and write its signed bundle."""
    from ..exchange import Bundle, encode_bundle

    fy = plan.fiscal_year
    with ws.db.transaction():
        sha = storage.store_checklist(ws.db, plan.checklist)
        storage.store_organization(ws.db, plan.organization)
        storage.set_year(
            ws.db, fy.start_year, sha, plan.organization, deadline=plan.deadline, actor=ws.user_name
        )
        storage.audit_append(
            ws.db,
            actor=ws.user_name,
            event="bundle",
            subject=str(fy.start_year),
            new={"checklist": plan.checklist.id, "version": plan.checklist.version, "sha256": sha},
        )
    bundle = Bundle(
        fiscal_year=fy.start_year,
        checklist=storage.load_checklist(ws.db, sha),
        organization=plan.organization,
        admin_public=ws.keys.public(),
        created_at=_dt.datetime.now().astimezone(),
        issuer=plan.organization.name,
    )
    data = encode_bundle(bundle, ws.keys)
    out = Path(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise os_error_to_app_error(exc, out) from None
    made = BundleMade(write_bytes_atomic(out, data, mode=0o644))
    made.warnings = plan.warnings
    return made


def set_deadline(ws: AdminWorkspace, fy: FiscalYear, deadline: _dt.date | None) -> None:
    """Change a bundled year's 提出期限 (the bundle itself does not carry it)."""
    rec = storage.get_year(ws.db, fy.start_year)
    if rec is None:
        raise Refused("service.year_not_bundled", year=fy.label_ja)
    storage.set_year(
        ws.db,
        fy.start_year,
        rec.checklist_sha256,
        rec.organization,
        bundle_sha256=rec.bundle_sha256,
        deadline=deadline,
        actor=ws.user_name,
    )


def deadline(ws: AdminWorkspace, fy: FiscalYear) -> _dt.date | None:
    rec = storage.get_year(ws.db, fy.start_year)
    return rec.deadline if rec is not None else None


def not_enrolled(ws: AdminWorkspace) -> list[str]:
    """Codes of the latest list's departments that have no trusted key and no open 登録コード."""
    return [
        code
        for code, _name, key, open_codes in enrolment.enrolment_status(ws)
        if key is None and not open_codes
    ]


def issue_codes(ws: AdminWorkspace, codes: Sequence[str]) -> list[enrolment.IssuedCode]:
    """A new 登録コード for each department (one transaction: all codes or none)."""
    with ws.db.transaction():
        return [enrolment.issue_code(ws, code) for code in codes]


def write_sheet(
    ws: AdminWorkspace,
    issued: Sequence[enrolment.IssuedCode],
    out: Path | str,
    fy: FiscalYear | None = None,
    *,
    invariant: bool = False,
) -> Path:
    """The printable 登録コード sheet: one slip per department."""
    from ..reporting.enrolment_sheet import Slip, build_enrolment_sheet

    org = ws.organization(fy)
    year = fy or (
        FiscalYear(storage.list_years(ws.db)[-1].fiscal_year)
        if storage.list_years(ws.db)
        else FiscalYear.current()
    )
    heads = {d.code: d.head for d in org.departments}
    slips = [
        Slip(i.department_code, i.department_name, heads.get(i.department_code, ""), i.text, i.replaces_key)
        for i in issued
    ]
    return build_enrolment_sheet(
        slips,
        out,
        organization=org.name,
        classification=org.classification,
        year=year,
        fingerprint=ws.keys.fingerprint(),
        deadline=deadline(ws, year),
        invariant=invariant,
    )


__all__ = [
    "ChecklistChoice",
    "YearPlan",
    "checklist_choices",
    "deadline",
    "checklist_choice",
    "find_departments",
    "issue_codes",
    "load_departments",
    "make_year_bundle",
    "not_enrolled",
    "parse_deadline",
    "plan_year",
    "set_deadline",
    "write_sheet",
]
