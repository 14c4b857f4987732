"""Reliability tests: real databases, real files, real processes."""

from __future__ import annotations

import pytest

from tests.integration.conftest import ADMIN_PASS, DEPT_PASS, SMALL, answer_all, make_department  # noqa: F401


@pytest.fixture(autouse=True)
def _private_home(tmp_path, monkeypatch):
    monkeypatch.setenv("NATORI_SECAUDIT_FAST_KDF", "1")
    monkeypatch.setenv("NATORI_SECAUDIT_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("NATORI_SECAUDIT_PASSPHRASE", raising=False)


@pytest.fixture
def city(tmp_path):
    from natori_secaudit.services import setup

    admin = setup.create_admin_db(tmp_path / "admin.db", ADMIN_PASS, user_name="情報 太郎")
    bundle = setup.make_bundle(
        admin, ADMIN_PASS, 2026, "small", tmp_path / "2026.natori-bundle", checklist_dirs=[SMALL]
    )
    return tmp_path, admin, bundle
