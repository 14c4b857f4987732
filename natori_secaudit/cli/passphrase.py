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


def ask_new(env: str = ENV, min_length: int = 8) -> str:
    """A new passphrase: from the environment, or typed twice."""
    from .. import i18n

    value = os.environ.get(env)
    if value is None:
        first = _prompt(i18n.t("cli.prompt_new_passphrase"))
        second = _prompt(i18n.t("cli.prompt_repeat_passphrase"))
        if first != second:
            raise InvalidInput("cli.passphrase_mismatch")
        value = first
    if len(value) < min_length:
        raise InvalidInput("cli.passphrase_too_short", min=min_length)
    return value
