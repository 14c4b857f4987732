#!/usr/bin/env bash
# Sets up everything the program and its tests need on a fresh Debian/Ubuntu
# machine: system packages (when root), a virtual environment in .venv and the
# project with its test extras. Safe to run again: it skips what is there.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v xvfb-run >/dev/null 2>&1 || need_apt+=(xvfb xauth)
command -v pdftoppm >/dev/null 2>&1 || need_apt+=(poppler-utils)
command -v xdotool >/dev/null 2>&1 || need_apt+=(xdotool)
[ -f /usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf ] || need_apt+=(fonts-ipaexfont-gothic fonts-ipaexfont-mincho)
python3 -c "import tkinter" >/dev/null 2>&1 || need_apt+=(python3-tk)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "== installing system packages: ${need_apt[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    echo "!! missing system packages: ${need_apt[*]} (install them with your package manager)" >&2
  fi
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "== creating .venv"
  "$PY" -m venv .venv
fi
stamp=.venv/.installed-$(cat pyproject.toml requirements/runtime.lock | sha256sum | cut -c1-16)
if [ ! -f "$stamp" ]; then
  echo "== installing natori-secaudit's locked runtime set, the project and its test tools into .venv"
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null
  # One SQLCipher binding everywhere (sqlcipher3); an older .venv may still have the Linux-only one.
  .venv/bin/python -m pip uninstall -q -y sqlcipher3-binary >/dev/null 2>&1 || true
  # Exactly the versions the city installs (hashes checked), then the project and test tools on top.
  .venv/bin/python -m pip install -q --require-hashes -r requirements/runtime.lock
  .venv/bin/python -m pip install -q -e ".[test]"
  rm -f .venv/.installed-*
  touch "$stamp"
fi
