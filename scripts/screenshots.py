"""Screenshots of the department app's and the IT division's main screens, for the README.

Run under a display (xvfb-run -a -s "-screen 0 1920x1080x24 -dpi 96" python scripts/screenshots.py);
builds a demo city with fast key derivation and writes docs/screenshots/*.png at
1366x768 and 1920x1080 (Pillow's ImageGrab takes the picture from the X display).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("NATORI_SECAUDIT_FAST_KDF", "1")
os.environ.setdefault("NATORI_SECAUDIT_HOME", tempfile.mkdtemp(prefix="natori-shots-"))
OUT = ROOT / "docs" / "screenshots"


def shoot(window, name: str) -> None:
    from PIL import ImageGrab

    window.update()
    window.update_idletasks()
    OUT.mkdir(parents=True, exist_ok=True)
    x, y, w, h = window.winfo_rootx(), window.winfo_rooty(), window.winfo_width(), window.winfo_height()
    ImageGrab.grab(bbox=(x, y, x + w, y + h)).save(OUT / f"{name}.png")
    print("wrote", OUT / f"{name}.png")


def main() -> int:
    import datetime as dt

    from natori_secaudit.domain.answers import AnswerStatus
    from natori_secaudit.gui import dialogs
    from natori_secaudit.gui.app import App
    from natori_secaudit.services.demo import ADMIN_PASSPHRASE, DEPARTMENT_PASSPHRASE, build_demo

    demo = build_demo(
        Path(tempfile.mkdtemp(prefix="natori-shots-demo-")) / "demo", today=dt.date(2026, 11, 24)
    )
    dialogs.ask_yes_no = lambda *a, **k: False
    messages: list[str] = []
    dialogs.show_error = lambda parent, title, text: messages.append(text)
    for w, h in ((1366, 768), (1920, 1080)):
        suffix = f"{w}x{h}"
        app = App(Path(tempfile.mkdtemp()) / "new.db")
        app.root.geometry(f"{w}x{h}+0+0")
        shoot(app.root, f"wizard-{suffix}")
        app.show_admin_first_run()
        shoot(app.root, f"admin-first-run-{suffix}")
        app.root.destroy()
        app = App(demo.department_db)
        app.root.geometry(f"{w}x{h}+0+0")
        app.screen.name.delete(0, "end")
        app.screen.name.insert(0, "髙橋 美穂")
        shoot(app.root, f"unlock-{suffix}")
        app.screen.passphrase.insert(0, DEPARTMENT_PASSPHRASE)
        app.screen.submit()
        screen = app.assessment
        ids = screen.visible_ids()
        target = next(i for i in ids if not screen.answers.get(i) or not screen.answers[i].status)
        screen.select_item(target)
        screen.panel.set_status(AnswerStatus.PARTIAL)
        screen.panel.comment.insert("1.0", "出先機関の2台で自動ロックの設定が未確認。")
        shoot(app.root, f"assessment-{suffix}")
        app.department.submit()
        shoot(app.root, f"filter-follow-up-{suffix}")
        for theme in ("standard", "contrast"):  # every size a person may choose, both themes
            for step, size in ((0, "standard"), (3, "largest")):
                app.set_theme(theme)
                app.set_font(step)
                app.assessment.select_item(target)
                shoot(app.root, f"assessment-{theme}-{size}-{suffix}")
        app.set_font(2)
        app.set_theme("contrast")
        shoot(app.root, f"large-contrast-{suffix}")
        app.set_font(0)
        app.set_theme("standard")
        app.department.show_year(app.department.ws.years()[0])  # a past year, read-only
        shoot(app.root, f"past-year-{suffix}")
        app.department.show_year(app.department.ws.current_year())
        app.department.show_changes()
        changes = app.department.changes
        changes.geometry(f"{min(w, 1200)}x{min(h, 700)}+0+0")
        shoot(changes, f"changes-{suffix}")
        changes.destroy()
        app.quit()
        admin_shots(App, demo.admin_db, ADMIN_PASSPHRASE, w, h, suffix)
    print("\n".join(messages[:1]))
    return 0


def admin_shots(app_class, db: Path, passphrase: str, w: int, h: int, suffix: str) -> None:
    app = app_class(db)
    app.root.geometry(f"{w}x{h}+0+0")
    app.screen.name.delete(0, "end")
    app.screen.name.insert(0, "AIシステム推進課 佐藤")
    app.screen.passphrase.insert(0, passphrase)
    app.screen.submit()
    screen = app.admin.screen
    screen.sort_by("score")
    shoot(app.root, f"admin-departments-{suffix}")
    screen.tabs.select(1)
    screen.heat.set_cursor(2, 3)
    shoot(app.root, f"admin-heatmap-{suffix}")
    screen.tabs.select(2)
    first = screen.weakest.get_children()[0]
    screen.weakest.selection_set(first)
    shoot(app.root, f"admin-weakest-{suffix}")
    screen.tabs.select(0)
    app.admin.open_answers(screen.rows[0].code)
    window = app.admin.windows[-1]
    window.geometry(f"{min(w, 1200)}x{min(h, 700)}+0+0")
    shoot(window, f"admin-answers-{suffix}")
    window.destroy()
    if suffix == "1366x768":
        year_shots(app, w, h, suffix)
    app.set_font(3)
    shoot(app.root, f"admin-largest-font-{suffix}")
    app.set_font(0)
    app.quit()


def year_shots(app, w: int, h: int, suffix: str) -> None:
    """The IT division's year screens: 年度の準備, keys and people, receipts, passphrase, late departments."""
    import datetime as dt

    from natori_secaudit.services import year_setup

    def placed(window, name: str, size: tuple[int, int]) -> None:
        window.geometry(f"{min(w, size[0])}x{min(h - 40, size[1])}+0+0")
        shoot(window, f"{name}-{suffix}")
        window.destroy()

    ws, fy = app.admin.ws, app.admin.fy
    kept = year_setup.deadline(ws, fy)
    year_setup.set_deadline(
        ws, fy, dt.date(fy.start_year, 10, 31)
    )  # past on the demo's day: late ones in red
    app.admin.reload()
    app.admin.screen.tabs.select(0)
    shoot(app.root, f"admin-deadline-{suffix}")
    year_setup.set_deadline(ws, fy, kept)
    app.admin.reload()
    window = app.admin.year.open_setup()
    window.deadline.insert(0, f"{fy.start_year + 1}-07-31")
    placed(window, "admin-year-setup", (1100, 680))
    editor = app.admin.year.edit_departments()  # opened only: the shipped list is never saved here
    if editor is not None:
        placed(editor.window, "admin-department-list", (1100, 640))
    placed(app.admin.keys.open_keys(), "admin-keys", (1100, 600))
    returned = next((r.code for r in app.admin.screen.rows if r.revision > 1), app.admin.screen.rows[0].code)
    placed(app.admin.keys.receipts(returned), "admin-receipts", (820, 380))
    placed(app.keeping.change_passphrase(), "admin-passphrase", (520, 420))


if __name__ == "__main__":
    raise SystemExit(main())
