"""The menu bar of the app, for the role that is open (before unlocking: only what needs no database).

Each entry calls the controller of the open role through the app (nothing happens while locked).
"""

from __future__ import annotations

import ttkbootstrap as ttk

from .. import i18n
from . import dialogs, looks
from .unlock_view import t


def build_menu(app, role: str | None) -> ttk.Menu:
    menu = ttk.Menu(app.root)
    file = ttk.Menu(menu, tearoff=False)
    if role == "department":
        d = app.department_action
        file.add_command(label=t("menu_import"), command=d("import_answers"))
        file.add_command(label=t("menu_report"), command=d("report"))
        file.add_command(label=t("menu_submit"), command=d("submit"))
        file.add_command(label=t("menu_progress"), command=d("send_progress"))
        file.add_command(label=t("menu_return"), command=d("apply_return"))
        file.add_separator()
        file.add_command(label=t("menu_write_again"), command=d("write_again"))
        file.add_command(label=t("menu_bundle"), command=d("open_bundle"))
        file.add_command(label=t("menu_history"), command=d("accept_history"))
        file.add_command(label=t("menu_changes"), command=d("show_changes"))
        file.add_separator()
    elif role == "admin":
        a = app.admin_action
        y = app.admin_part("year")
        file.add_command(label=i18n.t("admin_year.menu_setup"), command=y("open_setup"))
        file.add_command(label=i18n.t("department_list.menu_edit"), command=y("edit_departments"))
        file.add_command(label=i18n.t("admin_year.menu_keys"), command=app.admin_part("keys")("open_keys"))
        file.add_command(label=i18n.t("admin_year.menu_deadline"), command=y("change_deadline"))
        file.add_separator()
        file.add_command(label=t("admin_import_files"), command=a("import_files"), accelerator="Ctrl+O")
        file.add_command(label=t("admin_import_folder"), command=a("import_folder"))
        file.add_separator()
        file.add_command(label=t("admin_open_answers"), command=a("open_answers"), accelerator="Enter")
        file.add_command(label=t("admin_send_back"), command=a("send_back"))
        file.add_command(label=i18n.t("admin_year.receipts"), command=app.admin_part("keys")("receipts"))
        file.add_command(label=i18n.t("admin_year.menu_reminders"), command=y("reminders"))
        file.add_separator()
        file.add_command(label=t("admin_ciso_report"), command=a("ciso_report"))
        file.add_command(label=t("admin_department_report"), command=a("department_report"))
        for fmt in ("xlsx", "csv", "oscal"):
            file.add_command(
                label=t(f"export_{fmt}"), command=lambda f=fmt: app.admin and app.admin.export(f)
            )
        file.add_separator()
    if role is not None:
        file.add_command(label=i18n.t("admin_year.menu_backup"), command=app.keeping.backup)
        file.add_command(label=i18n.t("admin_year.menu_restore"), command=app.keeping.restore)
        file.add_command(label=i18n.t("admin_year.menu_passphrase"), command=app.keeping.change_passphrase)
        file.add_separator()
        file.add_command(label=t("menu_lock"), command=app.lock, accelerator="Ctrl+L")
    file.add_command(label=t("menu_quit"), command=app.quit)
    view = ttk.Menu(menu, tearoff=False)
    for n in range(len(looks.SIZES)):
        view.add_command(label=t(f"font_{n}"), command=lambda n=n: app.set_font(n))
    view.add_separator()
    view.add_command(label=t("theme_standard"), command=lambda: app.set_theme("standard"))
    view.add_command(label=t("theme_contrast"), command=lambda: app.set_theme("contrast"))
    help_menu = ttk.Menu(menu, tearoff=False)
    keys = "admin_keys_help" if role == "admin" else "keys_help"
    help_menu.add_command(
        label=t("menu_keys"), command=lambda: dialogs.show_info(app.root, t("menu_keys"), t(keys))
    )
    menu.add_cascade(label=t("menu_file"), menu=file)
    menu.add_cascade(label=t("menu_view"), menu=view)
    menu.add_cascade(label=t("menu_help"), menu=help_menu)
    return menu
