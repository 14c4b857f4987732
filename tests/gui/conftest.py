"""GUI tests: the real app on a real (virtual) display, driven through its widgets.

- TTKBOOTSTRAP_STRICT=1; a callback exception anywhere fails the test;
- dialogs are replaced (no modal window ever blocks), their texts recorded;
- databases are real, with fast key derivation.
"""

from __future__ import annotations

import gc
import os
import time

import pytest

from tests.integration.conftest import DEPT_PASS, SMALL

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def _env(tmp_path, monkeypatch):
    if not os.environ.get("DISPLAY"):
        pytest.fail("GUI tests need a display: run them through scripts/test.sh (Xvfb)")
    monkeypatch.setenv("TTKBOOTSTRAP_STRICT", "1")
    monkeypatch.setenv("NATORI_SECAUDIT_FAST_KDF", "1")
    monkeypatch.setenv("NATORI_SECAUDIT_HOME", str(tmp_path / "home"))


class Dialogs:
    def __init__(self, monkeypatch):
        from natori_secaudit.gui import dialogs

        self.infos: list[str] = []
        self.errors: list[str] = []
        self.answer_yes = True
        self.open_path = ""
        self.save_path = ""
        self.open_paths: list[str] = []
        self.directory = ""
        self.text_answer: str | None = None
        monkeypatch.setattr(dialogs, "show_info", lambda parent, title, text: self.infos.append(text))
        monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text: self.errors.append(text))
        monkeypatch.setattr(dialogs, "ask_yes_no", lambda parent, title, text: self.answer_yes)
        monkeypatch.setattr(dialogs, "ask_open_file", lambda *a, **k: self.open_path)
        monkeypatch.setattr(dialogs, "ask_save_file", lambda *a, **k: self.save_path)
        monkeypatch.setattr(dialogs, "ask_open_files", lambda *a, **k: list(self.open_paths))
        monkeypatch.setattr(dialogs, "ask_directory", lambda *a, **k: self.directory)
        monkeypatch.setattr(dialogs, "ask_text", lambda *a, **k: self.text_answer)


@pytest.fixture
def fake_dialogs(monkeypatch):
    return Dialogs(monkeypatch)


@pytest.fixture
def bundle(tmp_path):
    from natori_secaudit.services import setup

    admin = setup.create_admin_db(tmp_path / "admin.db", "admin passphrase 1")
    return setup.make_bundle(
        admin, "admin passphrase 1", 2026, "small", tmp_path / "2026.natori-bundle", checklist_dirs=[SMALL]
    )


@pytest.fixture
def dept_db(tmp_path, bundle):
    from natori_secaudit.services import setup
    from tests.integration.conftest import enrol

    return setup.create_department_db(
        tmp_path / "shimin.db",
        DEPT_PASS,
        bundle,
        "shimin",
        enrollment_code=enrol(tmp_path / "admin.db", "shimin", "admin passphrase 1"),
    )


@pytest.fixture
def make_app(fake_dialogs, session_root):
    """Start the app in the session's window; fail the test on any Tk callback exception;
    always close it (the window is left empty for the next test)."""
    from natori_secaudit.gui.app import App

    apps = []
    errors: list[BaseException] = []

    def start(db_path):
        for earlier in apps:  # a test that starts the app again: the earlier one quits first
            if not earlier.closed:
                earlier.quit()
        app = App(db_path, root=session_root)
        app.root.report_callback_exception = lambda et, e, tb: errors.append(e)
        apps.append(app)
        pump(app)
        return app

    yield start
    for app in apps:
        if not app.closed:
            app.quit()
    apps.clear()
    gc.collect()  # free Tk objects on this thread, never later in a worker thread
    assert errors == [], f"Tk callback exceptions: {errors!r}"


def pump(app, seconds: float = 0.0) -> None:
    end = time.monotonic() + seconds
    while True:
        app.root.update()
        if time.monotonic() >= end:
            break
        time.sleep(0.01)


def press(app, widget, key: str) -> None:
    widget.focus_force()
    pump(app)
    widget.event_generate(f"<KeyPress-{key}>")
    pump(app)


def unlock(app, passphrase: str = DEPT_PASS, name: str = "髙橋 美穂") -> None:
    view = app.screen
    view.name.delete(0, "end")
    view.name.insert(0, name)
    view.passphrase.insert(0, passphrase)
    view.open_button.invoke()
    pump(app)
