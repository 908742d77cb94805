"""The GUI launch's start path (issue 13): what ``desktop.gui`` turns off until the
first full paint, and PySide's per-import source scan."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from desktop import gui

SCAN_PROBE = textwrap.dedent(
    """
    import inspect, sys
    sys.path.insert(0, sys.argv[1])
    import desktop.gui
    read = []
    real = inspect.getsource
    def getsource(obj):
        read.append(getattr(obj, "__name__", "?"))
        return real(obj)
    inspect.getsource = getsource
    import probe_uses_qt
    feature = sys.modules["shibokensupport.feature"]
    assert read == [], read
    assert feature.pyside_feature_dict["probe_uses_qt"] == 0
    print("ok")
    """
)


def test_pyside_reads_no_module_source_once_the_gui_is_imported(tmp_path: Path) -> None:
    (tmp_path / "probe_uses_qt.py").write_text(
        "from PySide6.QtCore import QObject\n", encoding="utf-8"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-c", SCAN_PROBE, str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_run_gui_pauses_the_cyclic_gc_and_turns_it_back_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[tuple[bool, bool]] = []

    def run(_options: gui.GuiOptions, resume_gc: bool) -> int:
        seen.append((gc.isenabled(), resume_gc))
        return 7

    monkeypatch.setattr(gui, "_run_gui", run)
    assert gc.isenabled()
    assert gui.run_gui(gui.GuiOptions()) == 7
    assert seen == [(False, True)]
    assert gc.isenabled()


def test_run_gui_turns_the_gc_back_on_when_the_window_fails(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def run(_options: gui.GuiOptions, _resume_gc: bool) -> int:
        raise RuntimeError("no window")

    monkeypatch.setattr(gui, "_run_gui", run)
    with pytest.raises(RuntimeError):
        gui.run_gui(gui.GuiOptions())
    assert gc.isenabled()
