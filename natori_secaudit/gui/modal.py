"""What every small modal window of the app shares: Cancel (and Escape, and the window's close box)
gives None, ``wait()`` blocks until the window is gone and returns what OK set."""

from __future__ import annotations

from typing import Any

import ttkbootstrap as ttk


class ModalDialog(ttk.Toplevel):
    result: Any = None

    def cancel(self) -> None:
        self.result = None
        self.destroy()

    def wait(self) -> Any:
        self.grab_set()
        self.wait_window(self)
        return self.result
