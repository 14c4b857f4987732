"""Every message box and file dialog goes through here, so tests can replace them
(the idlelib pattern: no modal dialog ever blocks a test)."""

from __future__ import annotations

from tkinter import filedialog, messagebox


def show_info(parent, title: str, text: str) -> None:
    messagebox.showinfo(title, text, parent=parent)


def show_error(parent, title: str, text: str) -> None:
    messagebox.showerror(title, text, parent=parent)


def ask_yes_no(parent, title: str, text: str) -> bool:
    return bool(messagebox.askyesno(title, text, parent=parent))


def ask_open_file(parent, title: str, patterns: list[tuple[str, str]]) -> str:
    return filedialog.askopenfilename(parent=parent, title=title, filetypes=patterns) or ""


def ask_save_file(parent, title: str, initial: str, patterns: list[tuple[str, str]]) -> str:
    return filedialog.asksaveasfilename(parent=parent, title=title, initialfile=initial, filetypes=patterns) or ""


def ask_open_files(parent, title: str, patterns: list[tuple[str, str]]) -> list[str]:
    return list(filedialog.askopenfilenames(parent=parent, title=title, filetypes=patterns) or ())


def ask_directory(parent, title: str) -> str:
    return filedialog.askdirectory(parent=parent, title=title, mustexist=True) or ""


def ask_text(parent, title: str, prompt: str) -> str | None:
    """A short multi-line message (the 差し戻し reason); None when cancelled."""
    from .text_dialog import TextDialog

    return TextDialog(parent, title, prompt).wait()


def ask_choice(parent, title: str, prompt: str, choices: list[str]) -> int | None:
    """The index of the chosen option; None when cancelled."""
    from .choice_dialog import ChoiceDialog

    return ChoiceDialog(parent, title, prompt, choices).wait()
