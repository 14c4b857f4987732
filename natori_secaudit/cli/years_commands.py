"""Sub-commands for the yearly cycle of a department database: a new year's bundle, carry-over."""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import i18n
from . import passphrase


def register(sub, year_type) -> None:
    t = i18n.t
    p = sub.add_parser("accept-bundle", help=t("years.help_accept_bundle"))
    p.add_argument("--db", type=Path, required=True)
    p.add_argument("--department", default=None, help=t("years.opt_department"))
    p.add_argument("--name", default="", help=t("cli.opt_name"))
    p.add_argument("--enrollment-code", default=None, help=t("years.opt_code"))
    p.add_argument("file", type=Path, metavar="FILE")
    p.set_defaults(handler=cmd_accept_bundle)


def register_enrolment(sub) -> None:
    p = sub.add_parser("enroll", help=i18n.t("enrolment.help_enroll"))
    p.add_argument("--db", type=Path, required=True)
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--department")
    who.add_argument("--all", action="store_true", help=i18n.t("admin_year.opt_all"))
    p.add_argument(
        "--sheet", type=Path, default=None, metavar="FILE.pdf", help=i18n.t("admin_year.opt_sheet")
    )
    p.set_defaults(handler=cmd_enroll)
    p = sub.add_parser("history", help=i18n.t("enrolment.help_history"))
    p.add_argument("--db", type=Path, required=True)
    p.add_argument("--department", required=True)
    p.add_argument("--out", type=Path, required=True)
    p.set_defaults(handler=cmd_history)
    p = sub.add_parser("accept-history", help=i18n.t("enrolment.help_accept_history"))
    p.add_argument("--db", type=Path, required=True)
    p.add_argument("file", type=Path, metavar="FILE")
    p.set_defaults(handler=cmd_accept_history)


def cmd_history(args) -> int:
    from ..services import admin, history

    with admin.AdminWorkspace.open(args.db, passphrase.ask()) as ws:
        out, years = history.write_history(ws, args.department, args.out)
    print(i18n.t("enrolment.history_written", code=args.department, years=years, path=str(out)))
    return 0


def cmd_accept_history(args) -> int:
    from ..services import history
    from ..services.department import DepartmentWorkspace

    lang = i18n.get_language()
    with DepartmentWorkspace.open(args.db, passphrase.ask()) as ws:
        done = history.accept_history(ws, args.file)
    if done.added:
        print(i18n.t("enrolment.history_accepted", added=", ".join(fy.label(lang) for fy in done.added)))
    else:
        print(i18n.t("enrolment.history_none_added"))
    if done.kept:
        print(i18n.t("enrolment.history_kept", kept=", ".join(fy.label(lang) for fy in done.kept)))
    return 0


def cmd_enroll(args) -> int:
    import sys

    from ..services import admin, enrolment

    if args.all or args.sheet:
        return _enroll_with_sheet(args)
    with admin.AdminWorkspace.open(args.db, passphrase.ask()) as ws:
        issued = enrolment.issue_code(ws, args.department)
    print(
        i18n.t(
            "enrolment.issued",
            department=issued.department_name,
            code=issued.department_code,
            fingerprint=issued.admin_fingerprint,
        ),
        file=sys.stderr,
    )
    if issued.replaces_key:
        print(i18n.t("enrolment.issued_replaces", fingerprint=issued.replaces_key), file=sys.stderr)
    print(issued.text)  # alone on the last line of standard output, for scripts
    return 0


def _enroll_with_sheet(args) -> int:
    """``enroll --all`` (every department not enrolled and without an open code) and/or ``--sheet``."""
    import sys

    from ..services import admin, year_setup

    with admin.AdminWorkspace.open(args.db, passphrase.ask()) as ws:
        codes = year_setup.not_enrolled(ws) if args.all else [args.department]
        if not codes:
            print(i18n.t("admin_year.codes_none"))
            return 0
        issued = year_setup.issue_codes(ws, codes)
        if args.sheet:
            out = year_setup.write_sheet(ws, issued, args.sheet)
            print(i18n.t("admin_year.sheet_done", count=len(issued), path=str(out)), file=sys.stderr)
        fingerprint = ws.keys.fingerprint()
    print(i18n.t("admin_year.fingerprint_line", fingerprint=fingerprint), file=sys.stderr)
    for one in issued:  # code and 登録コード, one department a line, for scripts
        print(f"{one.department_code}\t{one.text}")
    return 0


def enrollment_code() -> str:
    """The 登録コード for ``init --role department``: NATORI_SECAUDIT_ENROLLMENT_CODE, else asked."""
    import os
    import sys

    value = os.environ.get("NATORI_SECAUDIT_ENROLLMENT_CODE")
    if value is not None:
        return value
    if not sys.stdin or not sys.stdin.isatty():
        return ""
    return input(i18n.t("enrolment.prompt_code"))


def register_answers(asub: argparse._SubParsersAction, year_type) -> None:
    t = i18n.t
    ac = asub.add_parser("carry-over", help=t("years.help_carry_over"))
    ac.add_argument("--db", type=Path, required=True)
    ac.add_argument("--year", type=year_type, required=True)
    ac.add_argument("--name", default="")
    ac.set_defaults(handler=cmd_carry_over)


def _listed(ids) -> str:
    ids = list(ids)
    shown = ", ".join(ids[:20])
    return shown + (" " + i18n.t("years.and_more", n=len(ids) - 20) if len(ids) > 20 else "")


def cmd_accept_bundle(args) -> int:
    from ..services import years
    from ..services.department import DepartmentWorkspace

    lang = i18n.get_language()
    code = args.enrollment_code or None  # only when asked for: a bundle alone never changes the trusted key
    with DepartmentWorkspace.open(args.db, passphrase.ask(), args.name) as ws:
        before = ws.admin_fingerprint()
        result = years.accept_bundle(ws, args.file, args.department, enrollment_code=code)
        after = ws.admin_fingerprint()
        can_carry = result.added and ws.can_carry_over(result.fiscal_year)
    if after != before:
        print(i18n.t("years.admin_key_changed", fingerprint=after))
    year = result.fiscal_year.label(lang)
    if not result.added:
        print(i18n.t("years.already_loaded", year=year))
        return 0
    print(i18n.t("years.accepted", year=year, version=result.checklist_version))
    if result.renamed:
        print(
            i18n.t(
                "years.renamed",
                old_name=result.previous_name,
                old_code=result.previous_code,
                new_name=result.department_name,
                new_code=result.department_code,
            )
        )
    if can_carry:
        print(i18n.t("years.carry_hint", db=str(args.db), fy=result.fiscal_year.start_year))
    return 0


def cmd_carry_over(args) -> int:
    from ..services.department import DepartmentWorkspace

    lang = i18n.get_language()
    with DepartmentWorkspace.open(args.db, passphrase.ask(), args.name) as ws:
        if not ws.can_carry_over(args.year):
            print(i18n.t("years.nothing_to_carry", year=args.year.label(lang)))
            return 1
        plan = ws.carry_over(args.year)
    print(
        i18n.t(
            "years.carried",
            source=plan.source.label(lang),
            target=plan.target.label(lang),
            count=len(plan.answers),
        )
    )
    if plan.new_items:
        print(i18n.t("years.carried_new", count=len(plan.new_items), items=_listed(plan.new_items)))
    if plan.retired_items:
        print(
            i18n.t("years.carried_retired", count=len(plan.retired_items), items=_listed(plan.retired_items))
        )
    return 0
