"""The app: one ttkbootstrap window; screens are frames swapped in and out.

One unlock screen for both roles: a department's database opens the
assessment screen, the IT division's opens the dashboard (``AdminController``).

Keeps itself thin: screens do the drawing, services do the work. Callback
errors go to ``report_callback_exception`` on the root: logged with their
traceback, the user sees a short message (tests replace it to fail loudly).
"""

from __future__ import annotations

import gc
import json
import queue
import threading
from pathlib import Path

import ttkbootstrap as ttk

from .. import i18n
from ..errors import AppError, Refused
from ..services import paths
from ..services.admin import AdminWorkspace
from ..services.department import DepartmentWorkspace
from ..services.workspace import open_any
from . import dialogs, looks
from .admin_actions import AdminController
from .admin_keeping import KeepingActions
from .admin_screen import AdminScreen
from .admin_wizard_view import AdminWizardView
from .assessment_view import AssessmentScreen
from .department_actions import DepartmentController
from .menus import build_menu
from .unlock_view import UnlockView, t
from .wizard_view import WizardView

IDLE_MINUTES = 10
TOUCH_EVENTS = ("<KeyPress>", "<Motion>", "<ButtonPress>", "<MouseWheel>")  # restart the idle lock


class App:
    def __init__(
        self,
        db_path: Path | None = None,
        *,
        passphrase_hint: str | None = None,
        bundle: Path | None = None,
        root: ttk.App | None = None,
    ) -> None:
        """``root``: an existing window to draw into (the tests share one); :meth:`quit` then
        empties it and releases the app's keys instead of destroying it."""
        self.db_path = Path(db_path) if db_path else paths.start_database()
        self._named_db = db_path is not None
        self.pending_bundle = (
            Path(bundle) if bundle else None
        )  # opened with a bundle: offered after unlocking
        self._own_root = root is None
        self._app_keys: list[str] = []  # what _bind_keys bound, released by quit() on a lent window
        self.closed = False
        if root is None:
            root = ttk.App(title=t("app_title"), size=(1366, 720), minsize=(1000, 600))
        else:
            root.title(t("app_title"))
            root.minsize(1000, 600)
        self.root = root
        # Never taller than the screen less a taskbar (1366×768 leaves about 728 pixels on Windows).
        screen_w, screen_h = self.root.winfo_screenwidth(), self.root.winfo_screenheight()
        self.root.geometry(f"{min(1366, screen_w)}x{min(900, max(600, screen_h - 48))}")
        looks.apply_theme(self.root, "standard")
        self.root.report_callback_exception = self._callback_error
        self.ws: DepartmentWorkspace | AdminWorkspace | None = None
        self.screen = None
        self.department: DepartmentController | None = None
        self.admin: AdminController | None = None
        self.keeping = KeepingActions(self)  # backup, passphrase, restore: both roles
        self.font_step = 0
        self.theme = "standard"
        self.idle_ms = IDLE_MINUTES * 60 * 1000
        self._idle_job = None
        self._kept_text: tuple[str, dict[str, str]] | None = None
        self._running = 0  # jobs (PDF, workbook) still building in worker threads
        self.passphrase_hint = passphrase_hint
        looks.apply_size(self.root, 0)
        self._menu(None)
        self._bind_keys()
        if self.db_path.exists():
            self.show_unlock()
        else:
            self.show_first_run()

    # -- screens ----------------------------------------------------------------------------
    def show(self, frame) -> None:
        if self.screen is not None:
            self.screen.destroy()
        self.screen = frame
        if isinstance(frame, AssessmentScreen):
            frame.pack(fill="both", expand=True)
            frame.text_size_changed(self.font_step)
        elif isinstance(frame, AdminScreen):
            frame.pack(fill="both", expand=True)
        else:
            frame.pack(expand=True)  # small forms sit in the middle of the window

    def show_first_run(self) -> None:
        self.show(
            WizardView(
                self.root,
                self.db_path,
                self.start,
                on_restore=self.keeping.restore,
                on_admin=self.show_admin_first_run,
            )
        )

    def show_admin_first_run(self) -> None:
        """The IT division's first run: its database where --db named, else the default admin.db."""
        path = self.db_path if self._named_db else paths.default_admin_db()
        self.show(AdminWizardView(self.root, path, self._admin_created, on_back=self.show_first_run))

    def _admin_created(self, ws: AdminWorkspace, name: str) -> None:
        self.db_path = Path(ws.db.path)  # locking (idle, Ctrl+L) comes back to this database
        self.start(ws, name)
        dialogs.show_info(
            self.root,
            t("admin_wizard_title"),
            t("admin_wizard_done", path=str(self.db_path), fingerprint=ws.keys.fingerprint()),
        )

    def set_title(self, text: str) -> None:
        self.root.title(text)

    @property
    def assessment(self) -> AssessmentScreen | None:
        return self.department.screen if self.department is not None else None

    def show_unlock(self, message: str = "") -> None:
        self.department = None
        self._menu(None)
        name = _load_user_name()
        view = UnlockView(
            self.root,
            self.db_path,
            self.opened,
            name=name,
            message=message,
            on_restore=self.keeping.restore,
            other=None if self._named_db else paths.other_start_database(self.db_path),
            on_other=self._switch_database,
        )
        if self.passphrase_hint:
            view.message.configure(text=t("demo_hint", passphrase=self.passphrase_hint), bootstyle="info")
        self.show(view)

    def _switch_database(self, path: Path) -> None:
        self.db_path = Path(path)
        self.show_unlock()

    def opened(self, path: Path, passphrase: str, name: str) -> None:
        self.start(open_any(path, passphrase, name), name)

    def start(self, ws: DepartmentWorkspace | AdminWorkspace, name: str) -> None:
        """An open database (unlocked, or just made by the wizard): its role's screen."""
        _save_user_name(name)
        self.ws = ws
        self._apply_preferences()
        if isinstance(ws, AdminWorkspace):
            self._open_admin(ws)
        else:
            self._open_department(ws)
        self.idle_ms = int(ws.setting("idle_minutes", IDLE_MINUTES) * 60 * 1000)
        self._touch()

    def _open_department(self, ws: DepartmentWorkspace) -> None:
        self._menu("department")
        if ws.organization.name:
            self.set_title(t("window_title", organization=ws.organization.name))
        self.department = DepartmentController(self, ws)
        self.show(self.department.screen)
        self._offer_pending_bundle()
        if self._kept_text is not None:  # text typed before a lock
            kept, self._kept_text = self._kept_text, None
            self.department.screen.put_back_typed_text(kept)

    def _offer_pending_bundle(self) -> None:
        """The app was opened with a bundle: offer it when it is newer than every year held."""
        path, self.pending_bundle = self.pending_bundle, None
        if path is None or self.department is None:
            return
        from ..services import years

        try:
            info = years.inspect_bundle(self.department.ws, path)
        except AppError as exc:
            dialogs.show_error(self.root, t("bundle_title"), exc.message)
            return
        if (
            info.newer
            and not info.held
            and dialogs.ask_yes_no(
                self.root,
                t("bundle_title"),
                t("bundle_offer", year=info.fiscal_year.label_ja, path=str(path)),
            )
        ):
            self.department.open_bundle(path)

    def _open_admin(self, ws: AdminWorkspace) -> None:
        self._menu("admin")
        self.admin = AdminController(self, ws)
        self.show(self.admin.screen)
        self.admin.screen.focus_first()

    # -- preferences -------------------------------------------------------------------------
    def _apply_preferences(self) -> None:
        assert self.ws is not None
        self.font_step = looks.apply_size(self.root, int(self.ws.setting("font_step", 0)))
        self.theme = looks.apply_theme(self.root, str(self.ws.setting("theme", "standard")))

    def set_font(self, step: int) -> None:
        before = self.font_step
        self.font_step = looks.apply_size(self.root, step)
        if self.department is not None:
            self.department.text_size_changed(before, self.font_step)
        if self.admin is not None and self.admin.screen.winfo_exists():
            self.admin.screen.text_size_changed()
        if self.ws is not None:
            self.ws.set_setting("font_step", self.font_step)

    def set_theme(self, name: str) -> None:
        self.theme = looks.apply_theme(self.root, name)
        if self.assessment is not None and self.assessment.winfo_exists():
            self.assessment.theme_changed()
        if self.ws is not None:
            self.ws.set_setting("theme", self.theme)

    # -- menu and keys ----------------------------------------------------------------------------
    def _menu(self, role: str | None) -> None:
        """The menu bar for the role that is open (before unlocking: only what needs no database)."""
        self.root.configure(menu=build_menu(self, role))

    def department_action(self, name: str):
        return lambda: getattr(self.department, name)() if self.department is not None else None

    def admin_action(self, name: str):
        return lambda: getattr(self.admin, name)() if self.admin is not None else None

    def admin_part(self, part: str):
        """Menu commands of the dashboard's year and keys actions (nothing while locked)."""
        return lambda name: (
            lambda: getattr(getattr(self.admin, part), name)() if self.admin is not None else None
        )

    def _bind_keys(self) -> None:
        """The app's own keys, in every screen (each screen binds its own: gui/screen_keys.py)."""
        bigger = lambda _e: self.set_font(self.font_step + 1)  # noqa: E731
        for seq, action in (
            ("<Control-plus>", bigger),
            ("<Control-equal>", bigger),
            ("<Control-minus>", lambda _e: self.set_font(self.font_step - 1)),
            ("<Control-l>", lambda _e: self.lock()),
        ):
            self.root.bind_all(seq, action)
            self._app_keys.append(seq)
        for seq in TOUCH_EVENTS:
            self.root.bind_all(seq, lambda _e: self._touch(), add="+")
            self._app_keys.append(seq)

    # -- idle lock ------------------------------------------------------------------------------
    def _touch(self) -> None:
        if self.ws is None:
            return
        if self._idle_job is not None:
            self.root.after_cancel(self._idle_job)
        self._idle_job = self.root.after(self.idle_ms, lambda: self.lock(idle=True))

    def lock(self, idle: bool = False) -> None:
        """Close the database and ask for the passphrase again; typed text is kept and saved after."""
        if self.ws is None:
            return
        if self._idle_job is not None:
            self.root.after_cancel(self._idle_job)
            self._idle_job = None
        if self.assessment is not None and self.assessment.winfo_exists():
            self._kept_text = self.assessment.take_typed_text()
        if self.admin is not None:
            self.admin.close_windows()
            self.admin = None
        self.ws.close()
        self.ws = None
        self.show_unlock(t("locked_message" if idle else "locked_by_hand"))

    # -- actions ---------------------------------------------------------------------------------
    def run_job(self, job, title: str, status) -> None:
        """Build a PDF or workbook in a worker thread; finish (audit entry, message) here via after()."""
        build, done = job
        status.configure(text=t("report_working"), bootstyle="info")
        self.root.configure(cursor="watch")
        ws = self.ws
        reply: queue.Queue = queue.Queue(maxsize=1)  # one reply per job: two jobs never swap results
        self._running += 1

        def work() -> None:
            try:
                reply.put(("ok", build()))
            except Exception as exc:  # noqa: BLE001 - handed back to the Tk thread
                reply.put(("error", exc))

        # Collect garbage here first: a Tk image freed by the collector in the worker would make
        # Tkinter wait for the main loop (a second per image) and leak the image.
        gc.collect()
        threading.Thread(target=work, daemon=True).start()
        self.root.after(100, lambda: self._poll_job(reply, done, title, status, ws))

    def _poll_job(self, reply: queue.Queue, done, title: str, status, ws) -> None:
        if self.closed:
            return  # the app was closed: nobody is waiting for this result
        try:
            kind, value = reply.get_nowait()
        except queue.Empty:
            self.root.after(100, lambda: self._poll_job(reply, done, title, status, ws))
            return
        self._running -= 1
        if self._running == 0:
            self.root.configure(cursor="")
            if status.winfo_exists():
                status.configure(text="")
        if kind == "error":
            if isinstance(value, AppError):
                message = value.message
            else:
                from ..logs import write_crash

                message = i18n.t("common.unexpected", log=str(write_crash(value, context="gui-job")))
            dialogs.show_error(self.root, title, message)
            return
        if self.ws is not None and self.ws is ws:
            done(value)  # the audit entry, on the database's own thread
        dialogs.show_info(self.root, title, t("report_done", path=str(value)))

    def quit(self) -> None:
        if self.assessment is not None and self.assessment.winfo_exists():
            self.assessment.flush()
        if self.admin is not None:
            self.admin.close_windows()
        if self.ws is not None:
            self.ws.close()
            self.ws = None
        self.closed = True
        if self._own_root:
            self.root.destroy()
            return
        # A window lent to the app: leave it empty, without the app's keys, menu or timers.
        if self._idle_job is not None:
            self.root.after_cancel(self._idle_job)
            self._idle_job = None
        for seq in self._app_keys:
            self.root.unbind_all(seq)
        for child in list(self.root.winfo_children()):
            child.destroy()
        self.screen = self.department = self.admin = None
        self.root.configure(menu="")

    def _callback_error(self, exc_type, exc, tb) -> None:
        if isinstance(exc, AppError):
            dialogs.show_error(self.root, t("app_title"), exc.message)
            return
        from ..logs import write_crash

        exc.__traceback__ = tb
        path = write_crash(exc, context="gui")
        dialogs.show_error(self.root, t("app_title"), i18n.t("common.unexpected", log=str(path)))


def _settings_file() -> Path:
    return paths.config_dir() / "gui.json"


def _load_user_name() -> str:
    try:
        return str(json.loads(_settings_file().read_text(encoding="utf-8")).get("name", ""))
    except (OSError, ValueError, AttributeError):
        return ""


def _save_user_name(name: str) -> None:
    """Only the inspector's name is remembered outside the database — never the passphrase."""
    try:
        _settings_file().parent.mkdir(parents=True, exist_ok=True)
        _settings_file().write_text(json.dumps({"name": name}, ensure_ascii=False), encoding="utf-8")
    except OSError:
        pass


__all__ = ["App", "Refused"]
