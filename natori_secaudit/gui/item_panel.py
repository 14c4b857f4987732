"""The item panel: question, guidance, the five answers as large buttons and the
details each answer asks for. Every change is saved at once by the callback —
radio buttons immediately, text fields on leaving them or after a pause in typing.
Enter is never bound in text fields, so confirming an IME conversion does nothing else.

Nothing typed is lost: a 期限 that is not a date yet is kept as typed and marked
where it is, with the reason, while every other field of the item is saved
(the stored due date stays as it was until the field reads as a date)."""

from __future__ import annotations

import tkinter as tk
from collections.abc import Callable

import ttkbootstrap as ttk

from ..domain.answers import ANSWER_ORDER, Answer, AnswerStatus
from ..domain.checklist import Item
from ..domain.dates import parse_date
from ..i18n import labels
from .unlock_view import t

TYPING_PAUSE_MS = 800


class ItemPanel(ttk.Frame):
    def __init__(
        self, parent, on_change: Callable[[Answer], None], on_clear: Callable[[str], None] | None = None
    ) -> None:
        super().__init__(parent, padding=(16, 8))
        self.on_change = on_change
        self.on_clear = on_clear
        self.item: Item | None = None
        self.carried = False
        self.locked = False
        self.stored_due = None  # the due date as saved (kept while the field does not read as a date)
        self.due_problem = ""  # the typed 期限 text that is not a date yet ("" when none)
        self._pending: str | None = None
        self._loading = False
        self.header = ttk.Label(self, text="", bootstyle="secondary")
        self.header.pack(anchor="w")
        self.question = ttk.Label(self, text="", wraplength=560, justify="left", font="TkHeadingFont")
        self.question.pack(anchor="w", fill="x", pady=(4, 6))
        self.guidance = ttk.Label(self, text="", wraplength=560, justify="left")
        self.guidance.pack(anchor="w", fill="x")
        self.reference = ttk.Label(self, text="", bootstyle="secondary", wraplength=560)
        self.reference.pack(anchor="w", pady=(2, 8))
        self.status = tk.StringVar(value="")
        self.answers_frame = ttk.Frame(self)
        self.answers_frame.pack(anchor="w", fill="x", pady=4)
        self.buttons: dict[AnswerStatus, ttk.Radiobutton] = {}
        for n, status in enumerate(ANSWER_ORDER, start=1):
            b = ttk.Radiobutton(
                self.answers_frame,
                text=f"{n}  {labels.status(status)}",
                value=status.value,
                variable=self.status,
                bootstyle="primary-outline-toolbutton",
                command=self._answered,
                padding=(14, 10),
            )
            self.buttons[status] = b
        self.set_columns(5)
        self.clear_button = ttk.Button(
            self, text=t("clear_answer"), bootstyle="link", command=self._clear, takefocus=False
        )
        self.clear_button.pack(anchor="e")
        self.carried_label = ttk.Label(self, text="", bootstyle="warning")
        self.carried_label.pack(anchor="w")
        self.details = ttk.Frame(self)
        self.details.pack(anchor="w", fill="x", pady=(8, 0))
        self.comment_label = ttk.Label(self.details, text=t("comment"))
        self.comment = tk.Text(
            self.details, height=4, width=30, wrap="char", undo=True
        )  # grows with the panel
        self.action_label = ttk.Label(self.details, text=t("action"))
        self.action = ttk.Entry(self.details, width=30)
        self.due_label = ttk.Label(self.details, text=t("due"))
        self.due = ttk.Entry(self.details, width=18)
        self.due_hint = ttk.Label(self.details, text="", bootstyle="danger", wraplength=420, justify="left")
        self.evidence_label = ttk.Label(self.details, text=t("evidence"))
        self.evidence = ttk.Entry(self.details, width=30)
        self.hint = ttk.Label(self, text="", bootstyle="danger", wraplength=560, justify="left")
        self.hint.pack(anchor="w", pady=(6, 0))
        for widget in (self.comment, self.action, self.due, self.evidence):
            widget.bind("<FocusOut>", lambda _e: self.flush())
            widget.bind("<KeyRelease>", self._typed)
        self.comment.bind("<Tab>", lambda e: (e.widget.tk_focusNext().focus_set(), "break")[1])
        self.bind("<Configure>", self._rewrap, add="+")
        self.bind("<<ThemeChanged>>", lambda _e: self.recolor(), add="+")
        self.recolor()

    def recolor(self) -> None:
        """The comment box is a plain Tk Text: give it the theme's input colours (dark in high contrast)."""
        try:
            colors = ttk.Style().colors
            self.comment.configure(
                background=colors.inputbg,
                foreground=colors.inputfg,
                insertbackground=colors.inputfg,
                selectbackground=colors.selectbg,
                selectforeground=colors.selectfg,
                highlightcolor=colors.primary,
                highlightbackground=colors.border,
                highlightthickness=1,
            )
        except Exception:  # noqa: BLE001 - before a style exists (tests building the panel alone)
            pass

    def _rewrap(self, event) -> None:
        """Texts wrap at the panel's width, whatever the window and text size."""
        width = max(240, event.width - 40)
        for label in (self.question, self.guidance, self.reference, self.hint, self.carried_label):
            label.configure(wraplength=width)
        self.due_hint.configure(wraplength=max(200, width - 8))

    def bind_all_focus(self, callback) -> None:
        """Call ``callback(widget)`` whenever a field or answer button of the panel gets the keyboard focus."""
        for widget in (*self.buttons.values(), self.comment, self.action, self.due, self.evidence):
            widget.bind("<FocusIn>", lambda e: callback(e.widget), add="+")

    def set_columns(self, columns: int) -> None:
        """Five answers in a row, or wrapped onto two rows when the text is large."""
        for n, b in enumerate(self.buttons.values()):
            b.grid(row=n // columns, column=n % columns, sticky="we", padx=(0, 6), pady=2)
        for c in range(5):
            self.answers_frame.columnconfigure(
                c, weight=1 if c < columns else 0, uniform="answers" if c < columns else ""
            )

    # -- showing an item -------------------------------------------------------------------
    def show(
        self,
        item: Item,
        answer: Answer,
        section_title: str,
        locked: bool,
        draft: dict[str, str] | None = None,
    ) -> None:
        """Show an item; ``draft`` puts back text typed earlier that could not be saved yet (a 期限)."""
        self._loading = True
        self.item = item
        self.locked = locked
        self.stored_due = answer.due
        self.due_problem = ""
        self.carried = answer.carried_over and answer.status is not None
        self.header.configure(
            text=t("item_header", id=item.id, section=section_title, severity=labels.label(item.severity))
        )
        self.question.configure(text=item.question)
        self.guidance.configure(text=t("guidance", text=item.guidance) if item.guidance else "")
        self.reference.configure(text=item.reference)
        self.status.set(answer.status.value if answer.status else "")
        self.carried_label.configure(text=t("carried_hint") if self.carried else "")
        self._set_text(answer.comment, answer.action, answer.due, answer.evidence)
        self._layout(answer.status)
        state = "disabled" if locked else "normal"
        for b in self.buttons.values():
            b.configure(state=state)
        for w in (self.action, self.due, self.evidence):
            w.configure(state=state)
        self.comment.configure(state=state)
        self.clear_button.configure(state="disabled" if locked or answer.status is None else "normal")
        self._hint(answer)
        if draft and not locked and "due" in draft:
            self.due.delete(0, "end")
            self.due.insert(0, draft["due"])
            self._check_due()
        self._loading = False

    def clear(self) -> None:
        """No item (nothing matches the search): an empty, inert panel."""
        self._loading = True
        self.item = None
        self.locked = True
        for label in (
            self.header,
            self.question,
            self.guidance,
            self.reference,
            self.carried_label,
            self.hint,
        ):
            label.configure(text="")
        self.question.configure(text=t("no_item_shown"))
        self.status.set("")
        for b in self.buttons.values():
            b.configure(state="disabled")
        self.clear_button.configure(state="disabled")
        for w in self.details.winfo_children():
            w.grid_forget()
        self._loading = False

    def _set_text(self, comment: str, action: str, due, evidence: str) -> None:
        self.comment.configure(state="normal")
        self.comment.delete("1.0", "end")
        self.comment.insert("1.0", comment)
        for widget, value in (
            (self.action, action),
            (self.due, due.isoformat() if due else ""),
            (self.evidence, evidence),
        ):
            widget.configure(state="normal")
            widget.delete(0, "end")
            widget.insert(0, value)

    def _layout(self, status: AnswerStatus | None) -> None:
        for w in self.details.winfo_children():
            w.grid_forget()
        row = 0
        if status is not None and status.needs_comment:
            self.comment_label.configure(
                text=t("reason") if status is AnswerStatus.NOT_APPLICABLE else t("comment")
            )
            self.comment_label.grid(row=row, column=0, sticky="nw", pady=3)
            self.comment.grid(row=row, column=1, sticky="we", pady=3)
            row += 1
        if status is not None and status.needs_action:
            self.action_label.grid(row=row, column=0, sticky="w", pady=3)
            self.action.grid(row=row, column=1, sticky="we", pady=3)
            self.due_label.grid(row=row + 1, column=0, sticky="w", pady=3)
            self.due.grid(row=row + 1, column=1, sticky="w", pady=3)
            row += 2
        self.evidence_label.grid(row=row, column=0, sticky="w", pady=3)
        self.evidence.grid(row=row, column=1, sticky="we", pady=3)
        if status is not None and status.needs_action:
            self.due_hint.grid(row=row + 1, column=0, columnspan=2, sticky="w")  # the whole width: never cut
        self.details.columnconfigure(1, weight=1)

    def _hint(self, answer: Answer) -> None:
        names = {
            "comment": t("reason") if answer.status is AnswerStatus.NOT_APPLICABLE else t("comment"),
            "action": t("action"),
            "due": t("due"),
        }
        missing = [names[m] for m in answer.missing_details()]
        self.hint.configure(text=t("missing_details", items="・".join(missing)) if missing else "")

    # -- reading and saving --------------------------------------------------------------------
    def current(self) -> Answer | None:
        """What the panel shows, as an answer; a 期限 that is not a date yet keeps the stored one."""
        if self.item is None:
            return None
        status = AnswerStatus(self.status.get()) if self.status.get() else None
        due = self._check_due()
        return Answer(
            self.item.id,
            status,
            comment=self.comment.get("1.0", "end-1c").strip(),
            evidence=self.evidence.get().strip(),
            action=self.action.get().strip(),
            due=due,
        )

    def _check_due(self):
        """The typed 期限 as a date (None when empty); a text that is no date is marked and kept."""
        text = self.due.get().strip()
        if not text:
            self.due_problem = ""
            self.due_hint.configure(text="")
            return None
        try:
            due = parse_date(text)
        except ValueError:
            self.due_problem = text
            self.due_hint.configure(text=t("bad_due", value=text))
            return self.stored_due
        self.due_problem = ""
        self.due_hint.configure(text="")
        return due

    def unsaved(self) -> dict[str, str]:
        """Text typed into this item that could not be saved yet (field -> text)."""
        return {"due": self.due_problem} if self.due_problem else {}

    def pending_text(self) -> dict[str, str]:
        return {
            "comment": self.comment.get("1.0", "end-1c"),
            "action": self.action.get(),
            "due": self.due.get(),
            "evidence": self.evidence.get(),
        }

    def restore_text(self, values: dict[str, str]) -> None:
        self.comment.delete("1.0", "end")
        self.comment.insert("1.0", values.get("comment", ""))
        for widget, key in ((self.action, "action"), (self.due, "due"), (self.evidence, "evidence")):
            widget.delete(0, "end")
            widget.insert(0, values.get(key, ""))

    def _answered(self) -> None:
        if self._loading or self.item is None:
            return
        self.carried = False
        self.carried_label.configure(text="")
        self._layout(AnswerStatus(self.status.get()))
        self.flush()

    def set_status(self, status: AnswerStatus) -> None:
        button = self.buttons[status]
        if str(button.cget("state")) != "disabled":
            button.invoke()

    def _typed(self, _event=None) -> None:
        if self._pending is not None:
            self.after_cancel(self._pending)
        self._pending = self.after(TYPING_PAUSE_MS, self.flush)

    def flush(self) -> None:
        """Save what the panel shows now (called on answer, focus-out and typing pauses)."""
        if self._pending is not None:
            self.after_cancel(self._pending)
            self._pending = None
        if self._loading or self.locked or self.item is None or not self.status.get():
            return
        answer = self.current()
        if answer is None:
            return
        self._hint(answer)
        self.on_change(answer)
        if answer.status is not None:
            self.clear_button.configure(state="normal")

    def _clear(self) -> None:
        if self._loading or self.locked or self.item is None or self.on_clear is None:
            return
        self.flush()
        self.on_clear(self.item.id)
