#!/usr/bin/env bash
# Called by .ci/run after the unit tests (which left a fresh .venv behind):
# run the public Sophos clients against the sandbox, then build the PyInstaller
# bundle from that venv, self-test it, check its size.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
[ -x "$PY" ] || PY=.venv/Scripts/python.exe
[ -x "$PY" ] || { echo "ci_extra: no .venv (run the README test command first)" >&2; exit 1; }

# Public Sophos clients from PyPI, unmodified, against a small sandbox (issue 10).
bash scripts/public_clients.sh

"$PY" -m pip install --quiet -e ".[build]"
PYTHON="$PY" bash scripts/build_bundle.sh
