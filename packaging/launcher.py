"""Entry point of the one-folder build: with no arguments the app, otherwise a command (as natori-secaudit)."""

from natori_secaudit.cli import gui_main

raise SystemExit(gui_main())
