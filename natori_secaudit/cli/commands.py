"""Sub-commands: each parses its arguments and calls one service function."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .. import i18n
from ..errors import InvalidInput
from . import checklist_commands, passphrase, years_commands

if TYPE_CHECKING:
    from ..domain.fiscal_year import FiscalYear


def _year(text: str) -> FiscalYear:
    from ..domain.fiscal_year import FiscalYear  # here, not at the top: `--help` does not need it

    try:
        return FiscalYear(int(text))
    except (TypeError, ValueError):
        raise argparse.ArgumentTypeError(i18n.t("cli.bad_year", value=text)) from None


def _out(text: str) -> str:
    return i18n.t(text)


def register(sub) -> None:
    t = i18n.t
    p = sub.add_parser("gui", help=t("cli.help_gui"))
    p.add_argument("--db", type=Path)
    p.add_argument("bundle", nargs="?", type=Path, metavar="BUNDLE", help=t("cli.opt_gui_bundle"))
    p.set_defaults(handler=cmd_gui)

    p = sub.add_parser("demo", help=t("cli.help_demo"))
    p.add_argument("--dir", type=Path, default=None)
    p.add_argument("--no-gui", action="store_true", help=t("cli.opt_no_gui"))
    p.add_argument("--seed", type=int, default=2026)
    p.set_defaults(handler=cmd_demo)

    checklist_commands.register(sub, _usage)

    p = sub.add_parser("init", help=t("cli.help_init"))
    p.add_argument("--db", type=Path, required=True)
    p.add_argument("--role", choices=("admin", "department"), required=True)
    p.add_argument("--bundle", type=Path)
    p.add_argument("--department")
    p.add_argument("--name", default="", help=t("cli.opt_name"))
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser("bundle", help=t("cli.help_bundle"))
    p.add_argument("--db", type=Path, required=True)
    p.add_argument("--year", type=_year, required=True)
    p.add_argument(
        "--checklist", required=True, metavar="ID[@VERSION]", help=t("checklist.opt_bundle_checklist")
    )
    p.add_argument("--out", type=Path, required=True)
    p.set_defaults(handler=cmd_bundle)

    p = sub.add_parser("answers", help=t("cli.help_answers"))
    asub = p.add_subparsers(dest="answers_command", metavar="SUBCOMMAND")
    ai = asub.add_parser("import", help=t("cli.help_answers_import"))
    ai.add_argument("--db", type=Path, required=True)
    ai.add_argument("--year", type=_year, required=True)
    ai.add_argument("file", type=Path, metavar="FILE")
    ai.add_argument("--name", default="")
    ai.set_defaults(handler=cmd_answers_import)
    at = asub.add_parser("template", help=t("cli.help_answers_template"))
    at.add_argument("--db", type=Path, required=True)
    at.add_argument("--year", type=_year, required=True)
    at.add_argument("--out", type=Path, required=True)
    at.set_defaults(handler=cmd_answers_template)
    years_commands.register_answers(asub, _year)
    p.set_defaults(handler=lambda a: _usage(p))

    years_commands.register(sub, _year)
    years_commands.register_enrolment(sub)

    p = sub.add_parser("submit", help=t("cli.help_submit"))
    p.add_argument("--db", type=Path, required=True)
    p.add_argument("--year", type=_year, required=True)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--name", default="")
    p.add_argument("--progress", action="store_true", help=t("cli.opt_progress"))
    p.set_defaults(handler=cmd_submit)

    p = sub.add_parser("import", help=t("cli.help_import"))
    p.add_argument("--db", type=Path, required=True)
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser("return", help=t("cli.help_return"))
    p.add_argument("--db", type=Path, required=True)
    p.add_argument("--year", type=_year, required=True)
    p.add_argument("--department", required=True)
    p.add_argument("--message", default=None)
    p.add_argument("--out", type=Path, required=True)
    p.set_defaults(handler=cmd_return)

    p = sub.add_parser("accept-return", help=t("cli.help_accept_return"))
    p.add_argument("--db", type=Path, required=True)
    p.add_argument("file", type=Path)
    p.set_defaults(handler=cmd_accept_return)

    p = sub.add_parser("report", help=t("cli.help_report"))
    rsub = p.add_subparsers(dest="report_command", metavar="KIND")
    rc = rsub.add_parser("ciso", help=t("cli.help_report_ciso"))
    rc.add_argument("--db", type=Path, required=True)
    rc.add_argument("--year", type=_year, required=True)
    rc.add_argument("--out", type=Path)
    rc.set_defaults(handler=cmd_report_ciso)
    rd = rsub.add_parser("department", help=t("cli.help_report_department"))
    rd.add_argument("--db", type=Path, required=True)
    rd.add_argument("--year", type=_year, required=True)
    rd.add_argument("--department", required=True)
    rd.add_argument("--out", type=Path)
    rd.set_defaults(handler=cmd_report_department)
    p.set_defaults(handler=lambda a: _usage(p))

    p = sub.add_parser("export", help=t("cli.help_export"))
    p.add_argument("--db", type=Path, required=True)
    p.add_argument("--year", type=_year, required=True)
    p.add_argument("--format", choices=("xlsx", "csv", "oscal"), required=True)
    p.add_argument("--out", type=Path, required=True)
    p.set_defaults(handler=cmd_export)

    p = sub.add_parser("verify", help=t("cli.help_verify"))
    p.add_argument("--db", type=Path, required=True)
    p.set_defaults(handler=cmd_verify)

    p = sub.add_parser("passwd", help=t("cli.help_passwd"))
    p.add_argument("--db", type=Path, required=True)
    p.set_defaults(handler=cmd_passwd)

    p = sub.add_parser("backup", help=t("cli.help_backup"))
    p.add_argument("--db", type=Path, required=True)
    p.add_argument("--out", metavar="FILE_OR_FOLDER", help=t("safekeeping.opt_backup_out"))
    p.set_defaults(handler=cmd_backup)

    p = sub.add_parser("restore", help=t("cli.help_restore"))
    p.add_argument("--db", type=Path, required=True)
    p.add_argument("--from", dest="source", type=Path, help=t("cli.opt_restore_from"))
    p.add_argument("--list", action="store_true", help=t("cli.opt_restore_list"))
    p.set_defaults(handler=cmd_restore)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_usage(sys.stderr)
    return 2


def _say(key: str, **params) -> None:
    print(i18n.t(key, **params))


# -- databases --------------------------------------------------------------------
def cmd_init(args) -> int:
    from ..services import setup

    if args.role == "admin":
        if args.bundle or args.department:
            raise InvalidInput("cli.init_admin_extra")
        secret = passphrase.ask_new()
        path = setup.create_admin_db(args.db, secret, user_name=args.name)
        keys = setup.admin_fingerprint(path, secret)
        _say("cli.created_admin", path=str(path), fingerprint=keys)
        return 0
    if not args.bundle or not args.department:
        raise InvalidInput("cli.init_department_needs")
    code = years_commands.enrollment_code()
    bundle = setup.read_bundle(args.bundle)
    secret = passphrase.ask_new()
    path = setup.create_department_db(
        args.db, secret, args.bundle, args.department, user_name=args.name, enrollment_code=code
    )
    _say("enrolment.bundle_fingerprint", fingerprint=bundle.fingerprint)
    _say("cli.created_department", path=str(path), department=args.department)
    return 0


def cmd_verify(args) -> int:
    from ..services import keeping

    report = keeping.verify(args.db, passphrase.ask())
    if report.ok:
        _say("cli.verify_ok", path=str(args.db), pages=report.pages_checked, entries=report.audit_entries)
        return 0
    _say("cli.verify_failed", path=str(args.db))
    for problem in report.problems:
        print(f"  - {problem}")
    return 1


def cmd_passwd(args) -> int:
    from ..services import keeping

    old = passphrase.ask()
    new = passphrase.ask_new(env=passphrase.ENV_NEW)
    keeping.change_passphrase_at(args.db, old, new)
    _say("cli.passwd_done", path=str(args.db))
    _say("safekeeping.passwd_old_backups")
    return 0


def cmd_backup(args) -> int:
    from ..services import keeping

    path = keeping.backup(args.db, passphrase.ask(), out=args.out)
    _say("safekeeping.backup_out_done" if args.out else "cli.backup_done", path=str(path))
    if args.out and keeping.backup_on_same_disk(args.db, path):
        _say("safekeeping.backup_same_disk")
    return 0


def cmd_restore(args) -> int:
    from ..services import keeping

    if args.list or args.source is None:
        backups = keeping.list_backups(args.db)
        if not backups:
            _say("cli.no_backups", path=str(args.db))
            return 1 if not args.list else 0
        for b in backups:
            print(f"{b.path}\t{b.created:%Y-%m-%d %H:%M}\t{b.size:,} B")
        return 0
    secret = passphrase.ask()
    moved = keeping.restore(args.source, args.db, secret)
    _say(
        "cli.restore_done" if moved else "safekeeping.restore_done_new",
        path=str(args.db),
        source=str(args.source),
        aside=str(moved),
    )
    print(keeping.describe_restored(args.db, secret))
    return 0


# -- exchange ----------------------------------------------------------------------
def _checklist_dirs(args) -> list[Path]:
    from ..services import paths

    if args.checklists:
        return [Path(args.checklists)]
    return paths.checklist_dirs()


def cmd_bundle(args) -> int:
    from ..services import setup

    made = setup.make_bundle(
        args.db,
        passphrase.ask(),
        args.year.start_year,
        args.checklist,
        args.out,
        checklist_dirs=_checklist_dirs(args),
    )
    for warning in made.warnings:
        print(warning.format(), file=sys.stderr)
    _say("cli.bundle_done", path=str(made.path), year=args.year.label(i18n.get_language()))
    _say("admin_year.fingerprint_line", fingerprint=setup.read_bundle(made.path).fingerprint)
    return 0


def cmd_answers_import(args) -> int:
    from ..services.department import DepartmentWorkspace

    with DepartmentWorkspace.open(args.db, passphrase.ask(), args.name) as ws:
        n = ws.import_answers(args.year, args.file)
    _say("cli.answers_imported", count=n, path=str(args.file))
    return 0


def cmd_answers_template(args) -> int:
    from ..loading.answers_table import write_answers_template
    from ..services.department import DepartmentWorkspace

    with DepartmentWorkspace.open(args.db, passphrase.ask()) as ws:
        view = ws.assessment(args.year)
        write_answers_template(args.out, view.checklist, ws.department)
    _say("common.wrote_file", path=str(args.out))
    return 0


def cmd_submit(args) -> int:
    from ..services import submission
    from ..services.department import DepartmentWorkspace

    with DepartmentWorkspace.open(args.db, passphrase.ask(), args.name) as ws:
        if args.progress:
            out = submission.send_progress(ws, args.year, args.out)
            _say("cli.progress_done", path=str(out))
            return 0
        view = ws.assessment(args.year)
        if view.locked:
            # Already submitted (the file lost, or never written after a crash): write it again.
            out = submission.write_submission_again(ws, args.year, args.out)
            _say(
                "importing.rewrite_done",
                year=args.year.label(i18n.get_language()),
                revision=view.revision,
                path=str(out),
            )
            return 0
        out = submission.submit(ws, args.year, args.out)
    _say("cli.submit_done", path=str(out))
    return 0


def cmd_accept_return(args) -> int:
    from ..domain.fiscal_year import FiscalYear
    from ..services import submission
    from ..services.department import DepartmentWorkspace

    with DepartmentWorkspace.open(args.db, passphrase.ask()) as ws:
        notice = submission.apply_return_notice(ws, args.file)
    _say(
        "cli.return_applied",
        year=FiscalYear(notice.fiscal_year).label(i18n.get_language()),
        message=notice.message,
    )
    return 0


def cmd_import(args) -> int:
    from ..services import admin

    with admin.AdminWorkspace.open(args.db, passphrase.ask()) as ws:
        results = ws.import_paths(args.paths)
    for r in results:
        print(r.line())
    # 0 only when every file was a submission now held (imported, replaced or unchanged).
    return 0 if admin.all_ok(results) else 1


def cmd_return(args) -> int:
    from ..services import admin

    with admin.AdminWorkspace.open(args.db, passphrase.ask()) as ws:
        out, again = ws.send_back_notice(args.year, args.department, args.message, args.out)
    if again is not None:
        _say("importing.return_reissued", path=str(out), department=args.department, revision=again)
    else:
        _say("cli.return_done", path=str(out), department=args.department)
    return 0


# -- reports and exports --------------------------------------------------------------
def cmd_report_ciso(args) -> int:
    from ..services import admin, reports

    with admin.AdminWorkspace.open(args.db, passphrase.ask()) as ws:
        out = reports.ciso_report(ws, args.year, args.out)
    _say("cli.report_done", path=str(out))
    return 0


def cmd_report_department(args) -> int:
    from ..services import reports

    out = reports.department_report_any(args.db, passphrase.ask(), args.year, args.department, args.out)
    _say("cli.report_done", path=str(out))
    return 0


def cmd_export(args) -> int:
    from ..services import admin, reports

    with admin.AdminWorkspace.open(args.db, passphrase.ask()) as ws:
        out = reports.export(ws, args.year, args.format, args.out)
    _say("cli.export_done", path=str(out), format=args.format)
    return 0


# -- app and demo ----------------------------------------------------------------------
def _has_display() -> bool:
    if sys.platform.startswith("win") or sys.platform == "darwin":
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def cmd_gui(args) -> int:
    if not _has_display():
        print(i18n.t("cli.no_display"), file=sys.stderr)
        return 1
    from ..gui import run

    return run(getattr(args, "db", None), lang=i18n.get_language(), bundle=getattr(args, "bundle", None))


def cmd_demo(args) -> int:
    from ..services import demo

    result = demo.build_demo(
        args.dir,
        seed=args.seed,
        # The demo city is the shipped one, whatever list the IT division keeps for itself.
        checklist_dirs=[Path(args.checklists)] if args.checklists else None,
        echo=print,
    )
    print(result.summary())
    if not args.no_gui and _has_display() and not os.environ.get("CI"):
        from ..gui import run

        return run(result.department_db, lang=i18n.get_language(), passphrase_hint=result.passphrase)
    return 0
