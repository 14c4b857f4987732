"""Passphrases for the command line: the environment (automation) or a prompt without echo."""

from __future__ import annotations

import getpass
import os
import sys

from ..errors import InvalidInput

ENV = "NATORI_SECAUDIT_PASSPHRASE"
ENV_NEW = "NATORI_SECAUDIT_NEW_PASSPHRASE"


def _prompt(label: str) -> str:
    if not sys.stdin or not sys.stdin.isatty():
        raise InvalidInput("cli.no_passphrase", env=ENV)
    return getpass.getpass(label)


def ask(label_key: str = "cli.prompt_passphrase", env: str = ENV) -> str:
    from .. import i18n

    value = os.environ.get(env)
    if value is None:
        value = _prompt(i18n.t(label_key))
    if not value:
        raise InvalidInput("cli.empty_passphrase")
    return value


def ask_new(env: str = ENV) -> str:
    """A new passphrase: from the environment, or typed twice. The rule is the services' own
    (``services.setup.check_new_passphrase``), checked before the second prompt."""
    from .. import i18n
    from ..services.setup import check_new_passphrase

    value = os.environ.get(env)
    if value is None:
        value = _prompt(i18n.t("cli.prompt_new_passphrase"))
        check_new_passphrase(value)
        if _prompt(i18n.t("cli.prompt_repeat_passphrase")) != value:
            raise InvalidInput("cli.passphrase_mismatch")
    check_new_passphrase(value)
    return value
