"""Keys a screen binds for itself, on its own window, released when the screen goes.

A screen's keys are bound on its toplevel (Tk puts the toplevel's tag in the bindtags of every
widget inside it), never with ``bind_all``: a key typed into another window — an answers
window, Tk's own file dialog, a menu — is not the screen's and never reaches it. When the screen
is destroyed its bindings are removed, unless a newer screen has bound the same key since
(a rebuilt screen is made before the old one is destroyed).
"""

from __future__ import annotations

import tkinter as tk
from collections.abc import Callable

#: Widgets in which typed keys are text, not commands.
TEXT_CLASSES = frozenset({"Text", "TEntry", "Entry", "TCombobox", "TSpinbox", "Spinbox"})


def widget_class(event: tk.Event) -> str:
    """The Tk class of the widget a key went to ("" for widgets Python does not know: Tk's own dialogs)."""
    widget = event.widget
    try:
        return str(widget.winfo_class())
    except (AttributeError, KeyError, RuntimeError, tk.TclError):
        return ""


class ScreenKeys:
    def __init__(self, screen: tk.Misc) -> None:
        self.screen = screen
        self.window = screen.winfo_toplevel()
        self._bound: dict[str, str] = {}  # sequence → Tcl command name

    def bind(
        self,
        sequence: str,
        action: Callable[[], object],
        *,
        in_text: bool = False,
        not_in: frozenset[str] = frozenset(),
    ) -> None:
        """``action`` on ``sequence`` while the screen is shown; not while typing into a text field
        unless ``in_text``, nor in widgets of the classes ``not_in`` (a list that moves itself)."""

        def handler(event: tk.Event) -> str | None:
            if not self.screen.winfo_exists():
                return None
            cls = widget_class(event)
            if (not in_text and (cls in TEXT_CLASSES or cls == "")) or cls in not_in:
                return None
            try:
                if event.widget.winfo_toplevel() is not self.window:
                    return None
            except (AttributeError, KeyError, tk.TclError):
                return None
            action()
            return "break"

        self._bound[sequence] = self.window.bind(sequence, handler)

    def release(self) -> None:
        """Remove this screen's bindings (those not replaced by a newer screen's)."""
        try:
            for sequence, command in self._bound.items():
                if command in self.window.bind(sequence):
                    self.window.unbind(sequence)
                self.window.deletecommand(command)
        except tk.TclError:  # the window is gone already
            pass
        self._bound.clear()
