#!/usr/bin/env bash
# Makes requirements/runtime.lock again from pyproject.toml's runtime dependencies: exact pins with the
# hashes of every file of each pin, resolved for every platform (uv's --universal), Python 3.11 and up.
# Run after changing a dependency in pyproject.toml; commit the lock with it. Needs the package index.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/uv ] || .venv/bin/python -m pip install -q "uv>=0.9,<0.14"
head=$(sed -n '/^[^#]/q;p' requirements/runtime.lock)
.venv/bin/uv pip compile pyproject.toml --universal --generate-hashes --python-version 3.11 --no-header \
  -o requirements/runtime.lock.new "$@"
{ printf '%s\n' "$head"; cat requirements/runtime.lock.new; } > requirements/runtime.lock
rm requirements/runtime.lock.new
echo "requirements/runtime.lock: $(grep -c '^[a-z0-9]' requirements/runtime.lock) packages"
