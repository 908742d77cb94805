"""Lint, format and strict typing are part of the test run (engineering standards)."""

from __future__ import annotations

import subprocess
import sys

from tests.helpers.paths import ROOT

PY_DIRS = ["desktop", "tests", "benchmarks", "scripts"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    targets = [d for d in PY_DIRS if (ROOT / d).exists()]
    return subprocess.run(
        [sys.executable, "-m", *args, *targets],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_ruff_lint_is_clean() -> None:
    result = run("ruff", "check", "--output-format", "concise")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_clean() -> None:
    result = run("ruff", "format", "--check")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_package_is_strictly_typed_and_services_are_qt_free() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "desktop"],  # mypy --strict (pyproject.toml)
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    for path in (ROOT / "desktop" / "services").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "PySide6" not in text and "QtCore" not in text, f"{path.name} imports Qt"
