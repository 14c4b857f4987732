"""The assessment screen: sections, items with status icons, the item panel, filters,
search, progress and live score. Keys 1–5 answer (outside text fields), arrows and
PageUp/PageDown move, Ctrl+F searches.

The screen only draws and raises events: it is built from an ``AssessmentView``
(domain data) and callbacks (``save``, ``clear``, ``year``, ``submit`` …); the
controller (gui/department_actions.py) holds the workspace, so the screen can be
built and tested without a database (tests/gui/test_screens_without_database.py)."""

from __future__ import annotations

import datetime as _dt
import tkinter as tk
import tkinter.font as tkfont
from collections.abc import Callable, Sequence

import ttkbootstrap as ttk

from ..domain.answers import ANSWER_ORDER, Answer, AnswerStatus
from ..domain.assessment import AssessmentState
from ..domain.fiscal_year import FiscalYear
from ..errors import AppError
from ..i18n import labels
from ..services.department import AssessmentView as Snapshot
from ..services.department import progress_of
from .assessment_layout import AssessmentLayout
from .screen_keys import ScreenKeys
from .unlock_view import t

ICONS = {
    AnswerStatus.IMPLEMENTED: "✓",
    AnswerStatus.PARTIAL: "◐",
    AnswerStatus.NOT_IMPLEMENTED: "✗",
    AnswerStatus.UNKNOWN: "？",
    AnswerStatus.NOT_APPLICABLE: "－",
    None: "○",
}


class AssessmentScreen(AssessmentLayout, ttk.Frame):
    def __init__(
        self,
        parent,
        view: Snapshot,
        department_name: str,
        actions: dict[str, Callable],
        years: Sequence[tuple[FiscalYear, str]] = (),
        stacked: bool = False,
    ):
        super().__init__(parent)
        self.stacked = stacked
        self.fy = view.fiscal_year
        self.department_name = department_name
        self.actions = actions
        self.years = list(years) or [(self.fy, self.fy.label_ja)]
        self.snapshot: Snapshot = view
        self.answers: dict[str, Answer] = dict(self.snapshot.answers)
        self.drafts: dict[str, dict[str, str]] = {}  # text typed into items that could not be saved yet
        self._leave_ok = False
        self.filter = tk.StringVar(value="all")
        self.search = tk.StringVar(value="")
        self._build()
        self.refresh_lists()
        self.select_item(self.visible_ids()[0] if self.visible_ids() else None)
        self._bind_keys()

    def _bind_keys(self) -> None:
        """The screen's own keys, on its window only (gui/screen_keys.py)."""
        keys = self.keys = ScreenKeys(self)
        for n in range(1, 6):
            keys.bind(str(n), lambda n=n: self.key_answer(n))
        lists = frozenset({"Treeview"})  # a list moves its own selection: moving here too would skip one
        keys.bind("<Down>", lambda: self.move(1), not_in=lists)
        keys.bind("<Up>", lambda: self.move(-1), not_in=lists)
        keys.bind("<Next>", lambda: self.move(10))
        keys.bind("<Prior>", lambda: self.move(-10))
        keys.bind("<Control-f>", self.focus_search, in_text=True)

    def destroy(self) -> None:
        self.keys.release()
        super().destroy()

    # -- what the app asks of the screen (text size, theme, locking) ------------------------------
    def text_size_changed(self, step: int) -> None:
        self.panel.set_columns(3 if step >= 2 else 5)
        self.fit_columns()

    def theme_changed(self) -> None:
        self.panel.recolor()

    def focus_list(self) -> None:
        self.items.focus_set()

    def show_follow_up(self, item_id: str) -> None:
        """The items that still need an answer, from ``item_id`` (after a refused submit)."""
        self.filter.set("follow_up")
        self.refresh_lists()
        self.select_item(item_id)

    def flush(self) -> None:
        """Save what is typed into the shown item (as far as it is valid)."""
        self.panel.flush()

    def take_typed_text(self) -> tuple[str, dict[str, str]] | None:
        """The shown item's fields as typed (kept over a lock), saved as far as they can be."""
        if self.panel.item is None:
            return None
        kept = (self.panel.item.id, self.panel.pending_text())
        self.panel.flush()
        return kept

    def put_back_typed_text(self, kept: tuple[str, dict[str, str]]) -> None:
        """After unlocking: the item and its fields as they were typed (never into another item)."""
        item_id, values = kept
        if not self.items.exists(item_id):
            return
        self.select_item(item_id)
        self.panel.restore_text(values)
        self.panel.flush()

    def _show_focused(self, widget) -> None:
        """Scroll the panel so that the field that has the keyboard focus is in view."""
        try:
            holder = self.panel_holder
            total = max(1, self.panel.winfo_height())
            top = widget.winfo_rooty() - self.panel.winfo_rooty()
            first, last = holder.yview()
            if not (first * total <= top <= last * total - widget.winfo_height()):
                holder.yview_moveto(max(0.0, (top - 20) / total))
        except Exception:  # noqa: BLE001 - scrolling into view is a courtesy, never an error
            pass

    def fit_columns(self) -> None:
        """Fixed columns as wide as their text at the current size; the question column takes the rest."""
        body, head = tkfont.nametofont("TkDefaultFont"), tkfont.nametofont("TkHeadingFont")
        longest_status = max(
            [f"◐ {labels.status(s)}" for s in ANSWER_ORDER] + [f"⟲ {t('carried')}", f"○ {t('unanswered')}"],
            key=body.measure,
        )
        for tree, col, sample in (
            (self.sections, "progress", "99/99"),
            (self.items, "status", longest_status),
            (self.items, "severity", "重要度"),
        ):
            width = max(body.measure(sample), head.measure(tree.heading(col, "text"))) + 16
            tree.column(col, width=width, minwidth=width)
        # The lists ask for room for whole section titles and a readable question (the panes share out the
        # window from these requests); at the largest sizes the question list gives way first.
        titles = [f"{s.id} {s.title}" for s in self.snapshot.checklist.sections]
        window = self.winfo_toplevel().winfo_width()
        share = int((0.5 if self.stacked else 0.18) * (window if window > 200 else 1366))
        self.sections.column("#0", width=min(max(map(body.measure, titles), default=100) + 30, share))
        self.items.column(
            "#0", width=body.measure("あ" * 12), minwidth=body.measure("ORG-01") + 28
        )  # the tree indent + the id

    # -- lists --------------------------------------------------------------------------------
    def _matches(self, item) -> bool:
        f = self.filter.get()
        ans = self.answers.get(item.id) or Answer(item.id)
        if f == "unanswered" and ans.is_answered:
            return False
        if f == "follow_up" and not ans.needs_follow_up:
            return False
        if f == "high" and item.severity.value != "high":
            return False
        text = self.search.get().strip()
        return not text or text in item.question or text.lower() in item.id.lower()

    def visible_ids(self) -> list[str]:
        return list(self.items.get_children())

    def refresh_lists(self) -> None:
        snap = self.current_snapshot()
        chosen = self.items.selection()
        self.sections.delete(*self.sections.get_children())
        self.items.delete(*self.items.get_children())
        for section in snap.checklist.sections:
            items = [i for i in snap.items if i.section_id == section.id]
            if not items:
                continue
            done = sum(1 for i in items if (self.answers.get(i.id) or Answer(i.id)).is_answered)
            self.sections.insert(
                "",
                "end",
                iid=section.id,
                text=f"{section.id} {section.title}",
                values=(f"{done}/{len(items)}",),
            )
            for item in items:
                if self._matches(item):
                    self.items.insert(
                        "",
                        "end",
                        iid=item.id,
                        text=f"{item.id}  {item.question}",
                        values=(self._status_text(item.id), labels.label(item.severity)),
                    )
        if chosen and self.items.exists(chosen[0]):
            self.items.selection_set(chosen[0])
            self.items.see(chosen[0])
        self._update_totals()
        self._keep_a_visible_item()

    def _keep_a_visible_item(self) -> None:
        """The panel always shows an item the list shows (never a hidden one that keys would answer)."""
        shown = self.panel.item
        if shown is not None and self.items.exists(shown.id):
            return
        ids = self.visible_ids()
        if ids:
            self.select_item(ids[0])
        elif shown is not None:
            self.panel.flush()
            self._keep_draft(shown.id)
            self.panel.clear()

    def _status_text(self, item_id: str) -> str:
        ans = self.answers.get(item_id) or Answer(item_id)
        if ans.carried_over and ans.status is not None:
            return f"⟲ {t('carried')}"
        return f"{ICONS[ans.status]} {labels.status(ans.status)}"

    def _update_totals(self) -> None:
        p = progress_of(self.current_snapshot())
        self.progress.configure(value=100 * p.fraction)
        self.progress_label.configure(text=t("progress", answered=p.answered, total=p.total))
        self.score_label.configure(text=t("score", score=p.score.format()))
        snap = self.snapshot
        newest = self.years[0][0]
        if snap.past:
            self.banner.configure(
                text=t("banner_past", year=self.fy.label_ja, current=newest.label_ja), bootstyle="secondary"
            )
        elif self.fy < newest and snap.state is not AssessmentState.RETURNED:
            self.banner.configure(text=t("banner_late", year=self.fy.label_ja), bootstyle="warning")
        elif snap.state is AssessmentState.SUBMITTED:
            self.banner.configure(text=t("banner_submitted", revision=snap.revision), bootstyle="success")
        elif snap.state is AssessmentState.RETURNED:
            self.banner.configure(text=t("banner_returned", message=snap.return_message), bootstyle="warning")
        else:
            self.banner.configure(text=t("banner_editing"), bootstyle="secondary")

    def current_snapshot(self) -> Snapshot:
        from dataclasses import replace

        return replace(self.snapshot, answers=dict(self.answers))

    def _year_chosen(self) -> None:
        index = self.year_box.current()
        if 0 <= index < len(self.years) and self.years[index][0] != self.fy:
            self.actions["year"](self.years[index][0])

    # -- selection and keys ----------------------------------------------------------------------
    def _section_chosen(self, _event=None) -> None:
        sel = self.sections.selection()
        if not sel:
            return
        for iid in self.visible_ids():
            if self.snapshot.checklist.item(iid).section_id == sel[0]:
                self.select_item(iid)
                return

    def _item_chosen(self, force: bool = False) -> None:
        sel = self.items.selection()
        if not sel:
            return
        snap = self.snapshot
        item = snap.checklist.item(sel[0])
        shown = self.panel.item
        if shown is not None and shown.id == item.id and not force:
            return  # already shown: keep what is being typed
        if shown is not None and shown.id != item.id and not self._leave_ok and not self._may_leave():
            self.items.selection_set(shown.id)  # stay: the typed text is still there to fix
            return
        self._leave_ok = False
        self.panel.show(
            item,
            self.answers.get(item.id) or Answer(item.id),
            snap.checklist.section(item.section_id).title,
            snap.locked,
            draft=self.drafts.pop(item.id, None),
        )

    def _may_leave(self) -> bool:
        """Leaving an item with text that could not be saved says so; the text is kept with the item."""
        from . import dialogs

        self.panel.flush()
        unsaved = self.panel.unsaved()
        if not unsaved or self.panel.item is None:
            return True
        if not dialogs.ask_yes_no(self, t("unsaved_title"), t("unsaved_leave", value=unsaved.get("due", ""))):
            return False
        self._keep_draft(self.panel.item.id)
        return True

    def _keep_draft(self, item_id: str) -> None:
        unsaved = self.panel.unsaved()
        if unsaved:
            self.drafts[item_id] = unsaved

    def select_item(self, item_id: str | None) -> None:
        if item_id is None:
            return
        if self.panel.item is not None and self.panel.item.id != item_id:
            if not self._may_leave():
                return
            self._leave_ok = True
        self.panel.flush()
        self.items.selection_set(item_id)
        self.items.focus(item_id)
        self.items.see(item_id)
        self._item_chosen()

    def move(self, step: int) -> None:
        ids = self.visible_ids()
        if not ids:
            return
        sel = self.items.selection()
        index = ids.index(sel[0]) if sel and sel[0] in ids else -1
        self.select_item(ids[max(0, min(len(ids) - 1, index + step))])

    def key_answer(self, number: int) -> None:
        shown = self.panel.item
        if shown is None or not self.items.exists(shown.id):  # never an item the list does not show
            return
        if 1 <= number <= len(ANSWER_ORDER) and not self.snapshot.locked:
            self.panel.set_status(ANSWER_ORDER[number - 1])

    def focus_search(self) -> None:
        self.search_entry.focus_set()
        self.search_entry.select_range(0, "end")

    # -- saving ---------------------------------------------------------------------------------
    def save(self, answer: Answer) -> None:
        try:
            saved = self.actions["save"](answer)
        except AppError as exc:
            self.saved.configure(text=exc.message, bootstyle="danger")
            return
        self.answers[saved.item_id] = saved
        self._after_save(saved)

    def _after_save(self, saved: Answer) -> None:
        self.saved.configure(
            text=t("saved", time=_dt.datetime.now().strftime("%H:%M:%S")), bootstyle="success"
        )
        if self.items.exists(saved.item_id):
            self.items.set(saved.item_id, "status", self._status_text(saved.item_id))
        section = self.snapshot.checklist.item(saved.item_id).section_id
        if self.sections.exists(section):
            items = [i for i in self.snapshot.items if i.section_id == section]
            done = sum(1 for i in items if (self.answers.get(i.id) or Answer(i.id)).is_answered)
            self.sections.set(section, "progress", f"{done}/{len(items)}")
        self._update_totals()

    def clear_answer(self, item_id: str) -> None:
        try:
            saved = self.actions["clear"](item_id)
        except AppError as exc:
            self.saved.configure(text=exc.message, bootstyle="danger")
            return
        self.answers[item_id] = saved
        self._after_save(saved)
        self._item_chosen(force=True)

    def load(self, view: Snapshot) -> None:
        """After submit or a return notice: show the assessment as the controller read it again."""
        self.snapshot = view
        self.answers = dict(self.snapshot.answers)
        self.refresh_lists()
        sel = self.items.selection()
        if sel:
            self._item_chosen(force=True)
