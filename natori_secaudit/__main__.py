"""`python -m natori_secaudit` — the same as the `natori-secaudit` command."""

from .cli import main

raise SystemExit(main())
