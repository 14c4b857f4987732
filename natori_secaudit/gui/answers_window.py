"""One department's answers, read-only, for the IT division (a window of its own).

Items on the left (status, severity), everything the department typed on the
right. Up/Down move, Escape closes; nothing here can change an answer.
"""

from __future__ import annotations

import tkinter as tk

import ttkbootstrap as ttk

from ..domain.answers import Answer
from ..domain.assessment import DepartmentAssessment
from ..domain.checklist import Checklist
from ..i18n import labels
from . import looks
from .assessment_view import ICONS
from .unlock_view import t


class AnswersWindow(ttk.Toplevel):
    def __init__(
        self, parent, checklist: Checklist, assessment: DepartmentAssessment, section_id: str | None = None
    ) -> None:
        dept = assessment.department
        super().__init__(
            title=t("answers_title", department=dept.name),
            size=(1200, 700),
            minsize=(900, 500),
            transient=parent,
        )
        self.checklist = checklist
        self.assessment = assessment
        head = ttk.Frame(self, padding=(12, 8))
        head.pack(fill="x")
        when = assessment.submitted_at.strftime("%Y-%m-%d %H:%M") if assessment.submitted_at else "—"
        ttk.Label(
            head,
            text=t(
                "answers_heading",
                department=dept.name,
                state=labels.label(assessment.state),
                revision=assessment.revision or "—",
                submitted=when,
                inspector=assessment.inspector or "—",
            ),
            font="TkHeadingFont",
        ).pack(side="left")
        ttk.Button(head, text=t("close"), command=self.destroy, bootstyle="secondary-outline").pack(
            side="right"
        )
        ttk.Label(self, text=t("answers_readonly"), padding=(12, 0), bootstyle="secondary").pack(fill="x")
        body = ttk.Panedwindow(self, orient="horizontal")
        body.pack(fill="both", expand=True, padx=8, pady=8)
        left = ttk.Frame(body)
        self.items = looks.item_list(left, width=300, minwidth=200, status_width=110, severity_width=64)
        scroll = ttk.Scrollbar(left, orient="vertical", command=self.items.yview)
        self.items.configure(yscrollcommand=scroll.set)
        self.items.pack(side="left", fill="both", expand=True)
        scroll.pack(side="right", fill="y")
        right = ttk.Frame(body, padding=(8, 0))
        self.detail = tk.Text(
            right, wrap="word", width=40, height=20, relief="flat", padx=8, pady=8, font="TkDefaultFont"
        )
        self.detail.pack(fill="both", expand=True)
        self.detail.tag_configure("label", font="TkHeadingFont")
        body.add(left, weight=3)
        body.add(right, weight=2)
        first, first_section = None, None
        for section in checklist.sections:
            items = [i for i in checklist.applicable_items(dept) if i.section_id == section.id]
            if not items:
                continue
            self.items.insert(
                "", "end", iid=f"section:{section.id}", text=f"{section.id} {section.title}", open=True
            )
            for item in items:
                ans = assessment.answers.get(item.id) or Answer(item.id)
                status = (
                    f"{ICONS[ans.status]} {labels.status(ans.status)}"
                    if ans.status
                    else f"{ICONS[None]} {t('unanswered')}"
                )
                self.items.insert(
                    f"section:{section.id}",
                    "end",
                    iid=item.id,
                    text=f"{item.id}  {item.question}",
                    values=(status, labels.label(item.severity)),
                )
                if first is None or (section.id == section_id and first_section != section_id):
                    first, first_section = item.id, section.id
        self.items.bind("<<TreeviewSelect>>", lambda _e: self._show())
        self.bind("<Escape>", lambda _e: self.destroy())
        if first is not None:
            self.items.selection_set(first)
            self.items.focus(first)
            self.items.see(first)
        self.items.focus_set()
        self._show()

    def _show(self) -> None:
        sel = self.items.selection()
        self.detail.configure(state="normal")
        self.detail.delete("1.0", "end")
        if sel and self.checklist.has_item(sel[0]):
            item = self.checklist.item(sel[0])
            ans = self.assessment.answers.get(item.id) or Answer(item.id)
            parts = [
                (t("detail_question"), f"{item.id}  {item.question}"),
                (t("col_status"), labels.status(ans.status)),
                (t("detail_comment"), ans.comment or "—"),
                (t("detail_evidence"), ans.evidence or "—"),
                (t("detail_action"), ans.action or "—"),
                (t("detail_due"), ans.due.isoformat() if ans.due else "—"),
                (t("detail_answered_by"), ans.answered_by or "—"),
            ]
            for label, value in parts:
                self.detail.insert("end", label + "\n", ("label",))
                self.detail.insert("end", value + "\n\n")
        self.detail.configure(state="disabled")

    def text(self) -> str:
        """What the detail pane shows (for tests and screen readers' sake, plain text)."""
        return self.detail.get("1.0", "end").strip()
