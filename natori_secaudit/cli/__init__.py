"""The command line: the same product for the IT division's automation.

The contract is docs/design/cli-contract.md: commands, exit codes (0 done,
1 refused or failed, 2 bad usage or invalid input) and messages (Japanese
by default, --lang en). Never a Python traceback: an unexpected error prints
a short message and the path of a log file.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import NoReturn

from .. import i18n
from ..errors import AppError, InvalidInput
from . import commands, output


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # exit 2 with a short usage line, as argparse does
        self.print_usage(sys.stderr)
        print(f"{self.prog}: {message}", file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="natori-secaudit", description=i18n.t("cli.description"))
    p.add_argument("--checklists", metavar="DIR", help=i18n.t("cli.opt_checklists"))
    p.add_argument("--lang", choices=i18n.LANGUAGES, default=None, help=i18n.t("cli.opt_lang"))
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.register(sub)
    return p


def _pre_lang(argv: Sequence[str]) -> None:
    """Set the language before the parser builds its (translated) help."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv) and argv[i + 1] in i18n.LANGUAGES:
            i18n.set_language(argv[i + 1])
        elif arg.startswith("--lang=") and arg.split("=", 1)[1] in i18n.LANGUAGES:
            i18n.set_language(arg.split("=", 1)[1])


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; printing can never fail (cli/output.py), so the exit code is the work's."""
    output.make_safe()
    try:
        return _main(argv)
    finally:
        output.finish()


def gui_main() -> int:
    """The windowed entry point (``natori-secaudit-gui``, the one-folder build): the app, or a command."""
    return main()


def _main(argv: Sequence[str] | None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    i18n.set_language("ja")  # Japanese unless --lang says otherwise
    _pre_lang(argv)
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    if args.lang:
        i18n.set_language(args.lang)
    handler = getattr(args, "handler", None) or commands.cmd_gui
    try:
        return int(handler(args) or 0)
    except AppError as exc:
        print(exc.message, file=sys.stderr)
        if isinstance(exc, InvalidInput):
            for problem in exc.problems:
                print(str(problem if isinstance(problem, str) else problem.format()), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(i18n.t("cli.interrupted"), file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - the one place that reports the unexpected
        from ..logs import write_crash

        try:
            path = write_crash(exc, context=f"command={getattr(args, 'command', None)}")
            print(i18n.t("common.unexpected", log=str(path)), file=sys.stderr)
        except Exception:  # pragma: no cover - even the log failed
            print(i18n.t("common.unexpected", log="-"), file=sys.stderr)
        return 1
