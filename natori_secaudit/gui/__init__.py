"""The desktop app (ttkbootstrap). Views call services only."""

from __future__ import annotations

from pathlib import Path


def run(
    db_path: Path | None = None,
    *,
    lang: str = "ja",
    passphrase_hint: str | None = None,
    bundle: Path | None = None,
) -> int:
    from .. import i18n
    from .app import App

    i18n.set_language(lang)
    app = App(db_path, passphrase_hint=passphrase_hint, bundle=bundle)
    app.root.protocol("WM_DELETE_WINDOW", app.quit)
    app.root.mainloop()
    return 0
