"""Sub-commands for checklist files: ``checklist validate`` (located problems, checked against the
previous version) and ``checklist show``."""

from __future__ import annotations

import sys
from pathlib import Path

from .. import i18n


def register(sub, usage) -> None:
    t = i18n.t
    p = sub.add_parser("checklist", help=t("cli.help_checklist"))
    csub = p.add_subparsers(dest="checklist_command", metavar="SUBCOMMAND")
    v = csub.add_parser("validate", help=t("cli.help_checklist_validate"))
    v.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    v.add_argument("--previous", type=Path, metavar="FILE", help=t("checklist.opt_previous"))
    v.set_defaults(handler=cmd_checklist_validate)
    s = csub.add_parser("show", help=t("cli.help_checklist_show"))
    s.add_argument("path", type=Path, metavar="PATH")
    s.set_defaults(handler=cmd_checklist_show)
    p.set_defaults(handler=lambda a: usage(p))


def _say(key: str, **params) -> None:
    print(i18n.t(key, **params))


def cmd_checklist_validate(args) -> int:
    """Each file alone; a checklist also against its next older version among the files (or
    ``--previous``), a department list against ``--previous`` when that is a department list."""
    from ..domain.checklist import Checklist, Organization
    from ..domain.lineage import next_older
    from ..loading import check_path

    given = None
    if args.previous is not None:
        _kind, given, problems = check_path(args.previous)
        if problems:
            for problem in problems:
                print(problem.format(), file=sys.stderr)
            return 2
    first = [check_path(path) for path in args.paths]
    checklists = [loaded for _kind, loaded, _p in first if isinstance(loaded, Checklist)]
    bad = 0
    for path, (kind, loaded, problems) in zip(args.paths, first, strict=True):
        previous: Checklist | Organization | None = None
        if isinstance(loaded, Checklist):
            previous = next_older(loaded, checklists) or (given if isinstance(given, Checklist) else None)
        elif kind == "departments" and isinstance(given, Organization):
            previous = given
        warnings: list = []
        if previous is not None and not problems:
            kind, _loaded, problems = check_path(path, previous, warnings)
        if problems:
            bad += 1
            for problem in problems:
                print(problem.format(), file=sys.stderr)
            continue
        for warning in warnings:
            print(warning.format(), file=sys.stderr)
        kind_label = i18n.t(f"checklist.kind_{kind}") if kind else "?"
        if isinstance(previous, Checklist):
            _say("checklist.valid_against", path=str(path), kind=kind_label, version=previous.version)
        elif previous is not None:
            _say(
                "checklist.valid_against_departments",
                path=str(path),
                kind=kind_label,
                previous=str(args.previous),
            )
        else:
            _say("checklist.valid", path=str(path), kind=kind_label)
    return 2 if bad else 0


def cmd_checklist_show(args) -> int:
    from ..loading import ChecklistFileError, load_checklist_file

    try:
        checklist = load_checklist_file(args.path)
    except ChecklistFileError as exc:
        for problem in exc.problems:
            print(problem.format(), file=sys.stderr)
        return 2
    _say(
        "cli.show_header",
        id=checklist.id,
        title=checklist.title,
        version=checklist.version,
        sha=checklist.sha256[:16],
        items=len(checklist.items),
    )
    from ..domain.checklist import Severity

    high = sum(1 for i in checklist.items if i.severity is Severity.HIGH)
    _say(
        "cli.show_severity",
        high=high,
        medium=sum(1 for i in checklist.items if i.severity is Severity.MEDIUM),
        low=sum(1 for i in checklist.items if i.severity is Severity.LOW),
    )
    for section in checklist.sections:
        _say("cli.show_section", id=section.id, title=section.title, items=len(section.items))
    return 0
