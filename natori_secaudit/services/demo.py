"""A realistic demo city: the shipped checklist and departments, two fiscal
years of submissions (seeded, deterministic), imported into an admin
database, with the CISO report and department reports written.

Everything goes through the same services a real city uses: bundles,
department databases, submissions, import, compile, reports.
"""

from __future__ import annotations

import datetime as _dt
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from .. import i18n, storage
from ..domain.assessment import AssessmentState, DepartmentAssessment
from ..domain.fiscal_year import FiscalYear
from ..errors import Refused
from . import enrolment, paths, reports, setup, submission, years
from .admin import AdminWorkspace
from .department import DepartmentWorkspace

ADMIN_PASSPHRASE = "demo-admin-passphrase"
DEPARTMENT_PASSPHRASE = "demo-department-passphrase"
CHECKLIST_ID = "natori-standard"
#: The demo's two years show a revision: last year on 2026.1, this year on 2027.1 (compared along replaces).
CHECKLIST_VERSIONS = ("2026.1", "2027.1")
MARKER = ".natori-secaudit-demo"


@dataclass
class DemoResult:
    folder: Path
    admin_db: Path
    department_dbs: dict[str, Path]
    submissions: Path
    ciso_report: Path
    department_reports: list[Path] = field(default_factory=list)
    years: tuple[FiscalYear, FiscalYear] | None = None
    department_db: Path | None = None  # the one the app opens
    passphrase: str = DEPARTMENT_PASSPHRASE
    import_lines: list[str] = field(default_factory=list)

    def summary(self) -> str:
        t = i18n.t
        lines = [
            t("demo.title"),
            t("demo.folder", path=str(self.folder)),
            t("demo.admin_db", path=str(self.admin_db), passphrase=ADMIN_PASSPHRASE),
            t(
                "demo.department_dbs",
                count=len(self.department_dbs),
                folder=str(self.folder / "departments"),
                passphrase=DEPARTMENT_PASSPHRASE,
            ),
            t("demo.submissions", path=str(self.submissions)),
            t("demo.ciso_report", path=str(self.ciso_report)),
            t(
                "demo.department_reports",
                count=len(self.department_reports),
                folder=str(self.folder / "reports"),
            ),
            t("demo.next_steps", admin=str(self.admin_db), department=str(self.department_db)),
        ]
        return "\n".join(lines)


def _prepare_folder(folder: Path) -> None:
    if folder.exists():
        if (folder / MARKER).exists():
            shutil.rmtree(folder)
        elif any(folder.iterdir()):
            raise Refused("demo.folder_not_empty", path=str(folder))
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MARKER).write_text("natori-secaudit demo\n", encoding="utf-8")


def build_demo(
    folder: Path | str | None = None,
    *,
    seed: int = 2026,
    checklist_dirs: Sequence[Path] | None = None,
    echo: Callable[[str], None] | None = None,
    today: _dt.date | None = None,
) -> DemoResult:
    from ..demo.generator import generate_year

    say = echo or (lambda _s: None)
    folder = Path(folder) if folder else paths.default_demo_dir()
    _prepare_folder(folder)
    dirs = list(checklist_dirs or [paths.shipped_checklists_dir()])
    current = FiscalYear.of_date(today or _dt.date.today())
    previous = current.previous()

    admin_db = folder / "admin.db"
    say(i18n.t("demo.step_admin"))
    setup.create_admin_db(admin_db, ADMIN_PASSPHRASE, user_name="AIシステム推進課")
    bundles = {}
    for fy, version in zip((previous, current), CHECKLIST_VERSIONS, strict=True):
        bundles[fy] = setup.make_bundle(
            admin_db,
            ADMIN_PASSPHRASE,
            fy.start_year,
            f"{CHECKLIST_ID}@{version}",
            folder / "bundles" / f"{fy.start_year}.natori-bundle",
            checklist_dirs=dirs,
            user_name="AIシステム推進課",
        )
    bundle = setup.read_bundle(bundles[current])
    checklist, org = bundle.checklist, bundle.organization

    y_prev = generate_year(setup.read_bundle(bundles[previous]).checklist, org, previous, seed)
    codes = [d.code for d in org.departments]
    # Two departments have not finished this year; one of them sends a progress report.
    unfinished = set(codes[-2:])
    y_cur = generate_year(
        checklist, org, current, seed + 1, previous=y_prev, submitted_codes=set(codes) - unfinished
    )

    sub_dir = folder / "submissions"
    dept_dbs: dict[str, Path] = {}
    say(i18n.t("demo.step_departments", count=len(codes)))
    with AdminWorkspace.open(admin_db, ADMIN_PASSPHRASE, "AIシステム推進課") as ws:  # 登録コード, as `enroll`
        codes_issued = {d.code: enrolment.issue_code(ws, d.code).text for d in org.departments}
    for dept in org.departments:
        db_path = folder / "departments" / f"{dept.code}.db"
        dept_dbs[dept.code] = db_path
        # Created and used while open: the key is derived once, not again by a second open.
        with setup.create_department_workspace(
            db_path,
            DEPARTMENT_PASSPHRASE,
            bundles[previous],
            dept.code,
            y_prev.assessment(dept.code).inspector or dept.name,
            enrollment_code=codes_issued[dept.code],
        ) as ws:
            _fill(ws, previous, y_prev.assessment(dept.code))
            submission.submit(ws, previous, sub_dir / str(previous.start_year))
            years.accept_bundle(ws, bundles[current])  # the door a department has (ファイル → 新しい年度…)
            a_cur = y_cur.assessment(dept.code)
            if a_cur.state is not AssessmentState.NOT_STARTED:
                _fill(ws, current, a_cur)
            if a_cur.state is AssessmentState.SUBMITTED:
                submission.submit(ws, current, sub_dir / str(current.start_year))
            elif dept.code == codes[-2]:  # one unfinished department says how far it is (回答中)
                submission.send_progress(ws, current, sub_dir / str(current.start_year))

    say(i18n.t("demo.step_import"))
    report_dir = folder / "reports"
    with AdminWorkspace.open(admin_db, ADMIN_PASSPHRASE, "AIシステム推進課") as ws:
        lines = []
        for fy in (previous, current):
            for r in ws.import_paths([sub_dir / str(fy.start_year)]):
                lines.append(r.line())
        returned = _send_one_back(ws, current, folder / "returns")
        say(i18n.t("demo.step_reports"))
        ciso = reports.ciso_report(ws, current, report_dir / f"{current.start_year}-ciso-report.pdf")
        dept_reports = []
        compiled = ws.compile(current)
        data = ws.year_data(current)
        from ..reporting import build_department_report

        for code, assessment in data.assessments.items():
            target = report_dir / f"{current.start_year}-{code}-report.pdf"
            dept_reports.append(build_department_report(compiled, code, assessment.answers, target))
    if returned is not None:  # the department reads the notice, as it would from the shared folder
        code, notice = returned
        with DepartmentWorkspace.open(dept_dbs[code], DEPARTMENT_PASSPHRASE) as ws:
            submission.apply_return_notice(ws, notice)
    in_progress = next(
        (c for c in codes if c in unfinished and y_cur.assessment(c).state is AssessmentState.IN_PROGRESS),
        codes[0],
    )
    return DemoResult(
        folder=folder,
        admin_db=admin_db,
        department_dbs=dept_dbs,
        submissions=sub_dir,
        ciso_report=ciso,
        department_reports=dept_reports,
        years=(previous, current),
        department_db=dept_dbs[in_progress],
        import_lines=lines,
    )


def _send_one_back(ws: AdminWorkspace, fy: FiscalYear, folder: Path) -> tuple[str, Path] | None:
    """差し戻し: the submitted department with the most わからない answers is asked to check them."""
    candidates = [d for d in ws.compile(fy).departments if d.included and d.unknown > 0]
    if not candidates:
        return None
    chosen = max(candidates, key=lambda d: d.unknown)  # max keeps the first of equals
    code = chosen.department.code
    out = folder / f"{fy.start_year}_{code}_r{chosen.revision}.natori-return"
    ws.send_back(fy, code, i18n.t("demo.return_message", count=chosen.unknown), out)
    return code, out


def _fill(ws: DepartmentWorkspace, fy: FiscalYear, assessment: DepartmentAssessment) -> None:
    """Store generated answers as a department would (bulk, audited)."""
    rec = storage.get_assessment(ws.db, fy.start_year, ws.department.code)
    assert rec is not None, "the year's bundle was loaded first"
    answers = [replace(a, carried_over=False, answered_by=ws.actor) for a in assessment.answers.values()]
    if not answers:
        return
    storage.save_answers(ws.db, rec.id, answers, actor=ws.actor, event="demo_answers")
    storage.set_assessment_state(ws.db, rec.id, AssessmentState.IN_PROGRESS, actor=ws.actor)
