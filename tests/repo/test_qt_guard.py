"""Guard against PySide6 builds that leak references on void/bool calls (docs/architecture.md §7).

PySide6 6.12.0 on CPython 3.11 aborts with "deallocating None" after ~5,000 such calls;
this test makes 20,000 of them and would crash the interpreter on such a build.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, QTimer


def test_twenty_thousand_void_and_bool_qt_calls() -> None:
    obj = QObject()
    timer = QTimer()
    none_refs = sys.getrefcount(None)
    for i in range(10_000):
        obj.setObjectName(f"o{i % 7}")  # void call
        timer.setSingleShot(i % 2 == 0)  # void call
        assert timer.isSingleShot() is (i % 2 == 0)  # bool call
    assert obj.objectName() == f"o{9_999 % 7}"
    # A leaking build loses one reference to None per call; allow small noise only.
    assert abs(sys.getrefcount(None) - none_refs) < 1_000
