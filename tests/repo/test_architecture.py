"""The layer contracts of docs/architecture.md §1, checked by import-linter.

The contracts live in ``pyproject.toml`` (``[tool.importlinter]``). Each test below also
proves that a contract can fail: it copies the package to a temporary folder, plants one
deliberate violation, and expects ``lint-imports`` to report exactly that contract broken.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.paths import ROOT


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """Run import-linter with the project's contracts over the ``desktop`` package in ``root``."""
    return subprocess.run(
        [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command;"
         " sys.exit(lint_imports_command())", "--config", str(ROOT / "pyproject.toml"),
         "--no-cache"],
        cwd=root,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin", "PYTHONSAFEPATH": "1"},
        capture_output=True,
        text=True,
        timeout=300,
    )  # fmt: skip


def test_the_layer_contracts_hold() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout, result.stdout


@pytest.mark.slow
@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("services/paths.py", "import PySide6.QtCore", "services never import Qt"),
        ("services/paths.py", "import desktop.models.settings", "views -> models -> services"),
        ("models/settings.py", "import desktop.views.icons", "views -> models -> services"),
        ("views/icons.py", "import sqlite3", "views do no HTTP and no SQL themselves"),
        ("views/icons.py", "import httpx", "views do no HTTP and no SQL themselves"),
        ("views/icons.py", "import sqlalchemy", "views do no HTTP and no SQL themselves"),
        ("views/icons.py", "import desktop.services.cache", "only through the profile session"),
        ("views/plain.py", "from desktop.services.partner_api.client import PartnerApiClient",
         "only through the profile session"),
        ("views/icons.py", "import desktop.services.credentials", "only through the profile session"),
        ("sandbox/cli.py", "import desktop.services.paths", "the sandbox imports nothing"),
        ("models/settings.py", "import desktop.gui", "only the composition roots wire things"),
    ],
    ids=["qt-in-services", "services-up", "models-up", "sql-in-view", "http-in-view",
         "sqlalchemy-in-view", "cache-in-view", "api-client-in-view", "keyring-in-view",
         "sandbox-imports-app", "model-imports-root"],
)  # fmt: skip
def test_a_deliberate_violation_fails(
    tmp_path: Path, module: str, line: str, contract: str
) -> None:
    copy = tmp_path / "desktop"
    shutil.copytree(
        ROOT / "desktop", copy, ignore=shutil.ignore_patterns("__pycache__", "*.qm", "*.png")
    )
    target = copy / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{line}  # planted\n", "utf-8")
    result = lint_imports(tmp_path)
    assert result.returncode != 0, f"planting {line!r} in {module} broke no contract"
    broken = [ln for ln in result.stdout.splitlines() if ln.rstrip().endswith("BROKEN")]
    assert any(contract in ln for ln in broken), result.stdout


def test_the_repository_names_only_documents_it_contains() -> None:
    """A newcomer's clone has only this repository: nothing may point outside it."""
    stale = re.compile(r"\.\./shared|(?<![\w-])(DESIGN|PARTNER_API)\.md")
    bad: list[str] = []
    for base in ("desktop", "tests", "benchmarks", "scripts", "docs"):
        for path in (ROOT / base).rglob("*"):
            if path.suffix not in {".py", ".md", ".sh", ".toml"} or "__pycache__" in path.parts:
                continue
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if stale.search(line) and path.name != "test_architecture.py":
                    bad.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    for name in ("README.md", "CONTRIBUTING.md", "pyproject.toml", ".ci/run"):
        text = (ROOT / name).read_text(encoding="utf-8")
        bad += [f"{name}: {ln.strip()}" for ln in text.splitlines() if stale.search(ln)]
    assert bad == [], "\n".join(bad)
    for doc in ("architecture.md", "partner-api.md"):
        assert (ROOT / "docs" / doc).is_file(), doc
