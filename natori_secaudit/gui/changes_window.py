"""The department's own year over year (前年度との比較), read-only, in a window of its own.

Groups: 悪化, 未改善, 改善, 新しい項目, 未回答, 比較できない, 変化なし; last year's
items that this year's checklist no longer has are listed at the end.
Up/Down move, Escape closes.
"""

from __future__ import annotations

import ttkbootstrap as ttk

from ..domain.answers import AnswerStatus
from ..domain.fiscal_year import FiscalYear
from ..domain.yoy import ORDER, DepartmentYoY
from ..i18n import labels
from .unlock_view import t


def _status(status: AnswerStatus | None) -> str:
    return labels.status(status) if status is not None else "—"


class ChangesWindow(ttk.Toplevel):
    def __init__(
        self, parent, department: str, previous: FiscalYear, current: FiscalYear, yoy: DepartmentYoY
    ) -> None:
        super().__init__(
            title=t("changes_title", department=department),
            size=(1100, 640),
            minsize=(800, 420),
            transient=parent,
        )
        counts = yoy.counts()
        head = ttk.Frame(self, padding=(12, 8))
        head.pack(fill="x")
        self.heading = ttk.Label(
            head,
            font="TkHeadingFont",
            wraplength=900,
            justify="left",
            text=t(
                "changes_heading",
                department=department,
                previous=previous.label_ja,
                current=current.label_ja,
                previous_version=yoy.previous_version,
                current_version=yoy.current_version,
            ),
        )
        self.heading.pack(side="left")
        ttk.Button(head, text=t("close"), command=self.destroy, bootstyle="secondary-outline").pack(
            side="right"
        )
        summary = "　".join(f"{labels.label(c)} {counts[c]}" for c in ORDER)
        self.summary = ttk.Label(self, text=summary, padding=(12, 0))
        self.summary.pack(fill="x")
        frame = ttk.Frame(self, padding=8)
        frame.pack(fill="both", expand=True)
        self.tree = ttk.Treeview(frame, columns=("before", "now"), show="tree headings", selectmode="browse")
        self.tree.heading("#0", text=t("col_item"))
        self.tree.heading("before", text=t("changes_before", year=previous.label_ja))
        self.tree.heading("now", text=t("changes_now", year=current.label_ja))
        self.tree.column("#0", width=640, stretch=True)
        self.tree.column("before", width=170, stretch=False)
        self.tree.column("now", width=170, stretch=False)
        scroll = ttk.Scrollbar(frame, orient="vertical", command=self.tree.yview)
        self.tree.configure(yscrollcommand=scroll.set)
        self.tree.pack(side="left", fill="both", expand=True)
        scroll.pack(side="right", fill="y")
        first = None
        for change in ORDER:
            rows = yoy.of(change)
            if not rows:
                continue
            group = self.tree.insert(
                "",
                "end",
                iid=f"group:{change.value}",
                open=change is not ORDER[-1],
                text=f"{labels.label(change)}（{len(rows)}）",
            )
            for row in rows:
                was = ", ".join(row.previous) if row.previous and row.previous != (row.item.id,) else ""
                head = f"{row.item.id}{t('changes_was', ids=was)}" if was else row.item.id
                text = f"{head}  {row.item.question}"
                iid = self.tree.insert(
                    group,
                    "end",
                    iid=row.item.id,
                    text=text,
                    values=(_status(row.previous_status), _status(row.current_status)),
                )
                first = first or iid
        if yoy.retired:
            group = self.tree.insert(
                "",
                "end",
                iid="group:retired",
                open=True,
                text=f"{t('changes_retired')}（{len(yoy.retired)}）",
            )
            for item in yoy.retired:
                self.tree.insert(
                    group,
                    "end",
                    iid=f"retired:{item.id}",
                    text=f"{item.id}  {item.question}",
                    values=("", ""),
                )
        self.bind("<Escape>", lambda _e: self.destroy())
        if first is not None:
            self.tree.selection_set(first)
            self.tree.focus(first)
        self.tree.focus_set()

    def group_items(self, change: str) -> list[str]:
        """Item ids listed under a group (``change`` value or 'retired')."""
        iid = f"group:{change}"
        if not self.tree.exists(iid):
            return []
        return [c.split(":", 1)[-1] for c in self.tree.get_children(iid)]
