#!/usr/bin/env bash
# Quick start 2: set everything up and run the whole test suite, GUI tests
# included, on a virtual screen (Xvfb) when there is no display.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export TTKBOOTSTRAP_STRICT=1
if [ "${1:-}" = "--quick" ]; then
  # The everyday loop: everything but the slow kill, flip and fuzz tests (those run in CI).
  shift
  set -- -m "not slow" -q -n 2 "$@"
fi
export NATORI_FUZZ_EXAMPLES=${NATORI_FUZZ_EXAMPLES:-1000}
export PYTHONDONTWRITEBYTECODE=1
if [ -z "${DISPLAY:-}" ]; then
  exec xvfb-run -a -s "-screen 0 1920x1080x24 -dpi 96" .venv/bin/python -m pytest "$@"
else
  exec .venv/bin/python -m pytest "$@"
fi
