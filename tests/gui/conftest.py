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
def saves(fake_dialogs, monkeypatch):
    """Answers for the save dialogs, one per call, in order ("" = Cancel)."""
    from natori_secaudit.gui import dialogs

    answers: list[str] = []
    monkeypatch.setattr(dialogs, "ask_save_file", lambda *a, **k: answers.pop(0) if answers else "")
    return answers


@pytest.fixture
def user_checklist():
    """The user's checklist folder (where 年度の準備 looks) holds the small checklist."""
    import shutil

    from natori_secaudit.services import paths

    user = paths.user_checklists_dir()
    user.mkdir(parents=True, exist_ok=True)
    shutil.copy(SMALL / "small-checklist.yaml", user)
    return user


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


def focus(app, widget, seconds: float = 5.0) -> None:
    """Give ``widget`` the keyboard focus and wait until the window manager has (under load the
    X server may take longer than one pump; a key sent before goes to the widget before it)."""
    end = time.monotonic() + seconds
    widget.focus_force()
    pump(app)
    while widget.focus_get() is not widget and time.monotonic() < end:
        widget.focus_force()
        pump(app, 0.02)
    assert widget.focus_get() is widget, widget


def press(app, widget, key: str) -> None:
    focus(app, widget)
    widget.event_generate(f"<KeyPress-{key}>")
    pump(app)


def unlock(app, passphrase: str = DEPT_PASS, name: str = "髙橋 美穂") -> None:
    view = app.screen
    view.name.delete(0, "end")
    view.name.insert(0, name)
    view.passphrase.insert(0, passphrase)
    view.open_button.invoke()
    pump(app)


def pdf_text(path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


# The dashboard's department list: column -> position in a row of tree_rows().
COL = {
    name: n
    for n, name in enumerate(
        ("department", "status", "submitted", "revision", "score", "high_gaps", "unknown", "trend")
    )
}


def tree_rows(tree) -> dict[str, tuple[str, ...]]:
    return {iid: tuple(str(v) for v in tree.item(iid, "values")) for iid in tree.get_children()}


def file_menu(app, label: str) -> None:
    """Choose ``label`` in the menu bar's ファイル menu, as a click on it does."""
    menu = app.root.nametowidget(app.root["menu"])
    entries = app.root.nametowidget(menu.entrycget(0, "menu"))
    labels = {
        entries.entrycget(n, "label"): n
        for n in range(entries.index("end") + 1)
        if entries.type(n) == "command"
    }
    assert label in labels, sorted(labels)
    entries.invoke(labels[label])
    pump(app)


def fill_admin_wizard(view, name: str, first: str, second: str) -> None:
    """The IT division's first-run form: the inspector's name and the new passphrase twice."""
    view.name.insert(0, name)
    view.pass1.insert(0, first)
    view.pass2.insert(0, second)


def start_year(app, fake_dialogs, saves, tmp_path, deadline="2026-07-31", sheet=True, fy=None):
    """年度の準備 from the File menu: the small checklist, the small department list, the deadline;
    the bundle (and, with ``sheet``, the 登録コード sheet) saved under tmp_path/out."""
    from natori_secaudit.domain.fiscal_year import FiscalYear

    fy = fy or FiscalYear(2026)
    file_menu(app, "年度の準備…")
    window = app.admin.year.window
    assert window is not None and window.winfo_exists(), fake_dialogs.errors
    small = next(n for n, c in enumerate(window.choices) if c.valid and c.checklist.id == "small")
    window.checklist.current(small)
    window.checklist.event_generate("<<ComboboxSelected>>")
    fake_dialogs.open_path = str(SMALL / "departments.yaml")
    window.other.invoke()
    window.year.set(fy.label_ja)
    window.deadline.delete(0, "end")
    window.deadline.insert(0, deadline)
    saves[:] = [str(tmp_path / "out" / f"{fy.start_year}.natori-bundle")] + (
        [str(tmp_path / "out" / "codes.pdf")] if sheet else []
    )
    fake_dialogs.answer_yes = sheet
    window.make_button.invoke()
    pump(app)
    return window


def import_folder(app, fake_dialogs, folder, start=None) -> None:
    """Import ``folder`` (chosen in the folder dialog) and wait until the last file is in;
    ``start`` is what the user clicks (default: the controller's import_folder)."""
    fake_dialogs.directory = str(folder)
    (start or app.admin.import_folder)()
    end = time.monotonic() + 60
    while app.admin.importing and time.monotonic() < end:
        pump(app, 0.02)
    assert not app.admin.importing


def wait_for_info(app, fake_dialogs, needle: str, seconds: float = 60) -> None:
    """Pump until a message containing ``needle`` is shown (a job in a worker thread); fail on an error."""
    errors_before = len(fake_dialogs.errors)
    end = time.monotonic() + seconds
    while not any(needle in m for m in fake_dialogs.infos) and time.monotonic() < end:
        assert len(fake_dialogs.errors) == errors_before, fake_dialogs.errors
        pump(app, 0.05)
    assert any(needle in m for m in fake_dialogs.infos), (fake_dialogs.infos, fake_dialogs.errors)
