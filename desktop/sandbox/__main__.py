"""``python -m desktop.sandbox [options]`` == ``partner-desk sandbox [options]``."""

from __future__ import annotations

import sys

from desktop.sandbox.cli import run

if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
