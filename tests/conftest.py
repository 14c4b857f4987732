"""Fixtures for every test directory: the one Tk window of the session.

ttkbootstrap binds its Style to a single live root per process, so every test that needs a
window (the GUI tests, a wizard driven from an integration test) draws into this one.
"""

from __future__ import annotations

import os

import pytest


@pytest.fixture(scope="session")
def session_root():
    """One Tk window for the whole session (a new Tk per test costs time and leaks Tcl
    interpreters); each app draws into it and leaves it empty when it quits."""
    if not os.environ.get("DISPLAY"):
        pytest.fail("GUI tests need a display: run them through scripts/test.sh (Xvfb)")
    import ttkbootstrap as ttk

    root = ttk.App(title="natori-secaudit tests", size=(1366, 720))
    yield root
    root.destroy()


@pytest.fixture
def blank_root(session_root):
    """The session's window in the standard look, for screens built without the app; emptied after."""
    from natori_secaudit.gui import looks

    looks.apply_size(session_root, 0)
    looks.apply_theme(session_root, "standard")
    yield session_root
    for child in list(session_root.winfo_children()):
        child.destroy()
