"""The dashboard's 取り込み結果 tab: the progress of a folder import and one line per file.
A rejected line can be acted on (``actions["act_on_import"](path, reason)``: a department whose
key is not enrolled is offered a new 登録コード)."""

from __future__ import annotations

from pathlib import Path

import ttkbootstrap as ttk

from ..services.admin import ImportResult
from ..services.importing import ImportOutcome
from .admin_year_view import t as year_t
from .unlock_view import t


class ImportsTab:
    """Mixed into AdminScreen (which has ``tabs``, ``_tree``, ``summary``, ``compiled`` and ``actions``)."""

    def _build_imports(self) -> None:
        frame = ttk.Frame(self.tabs, padding=4)
        self.tabs.add(frame, text=t("tab_imports"))
        top = ttk.Frame(frame)
        top.pack(fill="x", pady=(0, 4))
        self.act_button = ttk.Button(
            top, text=year_t("imports_act"), bootstyle="secondary-outline", command=self._act_on_import
        )
        self.act_button.pack(side="right")
        self.import_summary = ttk.Label(top, text=t("imports_none"), bootstyle="secondary")
        self.import_summary.pack(side="left")
        cols = ("file", "outcome", "department", "revision", "reason")
        self.imports = self._tree(frame, cols)
        widths = {"file": 300, "outcome": 110, "department": 160, "revision": 50, "reason": 560}
        for col in cols:
            self.imports.heading(col, text=t(f"icol_{col}"))
            self.imports.column(col, width=widths[col], stretch=col == "reason")
        self.imports.tag_configure("rejected", foreground="#b00020")
        self.import_paths: dict[str, ImportResult] = {}

    def chosen_import(self) -> ImportResult | None:
        sel = self.imports.selection()
        return self.import_paths.get(sel[0]) if sel else None

    def _act_on_import(self) -> None:
        chosen = self.chosen_import()
        if chosen is not None and chosen.outcome is not ImportOutcome.REJECTED:
            chosen = None
        self.actions["act_on_import"](Path(chosen.path) if chosen else None, chosen.reason if chosen else "")

    def start_progress(self, total: int) -> None:
        self.progress.configure(value=0, maximum=max(total, 1))
        self.progress_label.configure(text=t("import_progress", done=0, total=total))
        self.progress_row.pack(fill="x", after=self.summary.master)
        self.tabs.select(3)
        self.imports.delete(*self.imports.get_children())
        self.import_paths = {}

    def step_progress(self, done: int, total: int, result: ImportResult) -> None:
        self.progress.configure(value=done)
        self.progress_label.configure(text=t("import_progress", done=done, total=total))
        self.add_import_result(result)

    def finish_progress(self, results: list[ImportResult]) -> None:
        self.progress_row.pack_forget()
        counts = {
            k: sum(1 for r in results if r.outcome == k)
            for k in ("imported", "replaced", "unchanged", "rejected", "skipped")
        }
        self.import_summary.configure(
            text=t("imports_summary", total=len(results), **counts),
            bootstyle="danger" if counts["rejected"] else "success",
        )
        self.actions["reload"]()

    def add_import_result(self, r: ImportResult) -> None:
        name = ""
        if (
            r.department_code
            and self.compiled is not None
            and self.compiled.organization.has(r.department_code)
        ):
            name = self.compiled.organization.department(r.department_code).name
        iid = self.imports.insert(
            "",
            "end",
            values=(
                r.path.name,
                t(f"outcome_{r.outcome}"),
                name or r.department_code,
                r.revision or "",
                r.reason,
            ),
            tags=("rejected",) if r.outcome is ImportOutcome.REJECTED else (),
        )
        self.import_paths[iid] = r
        self.imports.see(iid)
