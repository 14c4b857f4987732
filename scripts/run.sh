#!/usr/bin/env bash
# Quick start 1: set everything up and run the program.
# With a display it opens the app on a freshly built demo city; without one it
# builds the demo (databases, submissions, reports) and says where it is.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec .venv/bin/natori-secaudit demo --dir demo-output "$@"
else
  exec .venv/bin/natori-secaudit demo --dir demo-output --no-gui "$@"
fi
