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


def ask_open_file(parent, title: str, patterns: list[tuple[str, str]], initial_dir: str = "") -> str:
    """The chosen file; "" when cancelled. ``initial_dir``: the folder the dialog opens in."""
    options = {"initialdir": initial_dir} if initial_dir else {}
    return filedialog.askopenfilename(parent=parent, title=title, filetypes=patterns, **options) or ""


def ask_save_file(parent, title: str, initial: str, patterns: list[tuple[str, str]]) -> str:
    """The chosen path with the pattern's suffix when typed without one; "" when cancelled."""
    chosen = filedialog.asksaveasfilename(parent=parent, title=title, initialfile=initial, filetypes=patterns)
    return with_suffix(chosen or "", patterns)


def with_suffix(path: str, patterns: list[tuple[str, str]]) -> str:
    """``path`` with the first pattern's suffix (``*.pdf``) added when the name has none of them."""
    if not path:
        return ""
    suffixes = [p[1:] for _label, spec in patterns for p in spec.split() if p.startswith("*.")]
    if not suffixes or any(path.lower().endswith(s.lower()) for s in suffixes):
        return path
    return path + suffixes[0]


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
