#!/usr/bin/env bash
# Builds the one-folder program (packaging/natori-secaudit.spec) into dist/natori-secaudit/.
# On Windows run the same PyInstaller command in a venv that has the locked set (README).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python -m pip install -q "pyinstaller>=6.10,<7"
.venv/bin/python -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/natori-secaudit.spec
du -sh dist/natori-secaudit
