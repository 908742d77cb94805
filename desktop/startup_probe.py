"""Cold-start probe for the benchmarks (docs/architecture.md §8; ``python -m benchmarks``).

With ``PARTNER_DESK_BENCH_EXIT_ON_PAINT=1`` the GUI reports the first paint of
the customer table *with rows in it* and quits::

    first-paint-ms <ms since process start> mono <time.monotonic() at the paint>

"ms since process start" comes from the kernel's start time of this process
(``/proc/self/stat``, 10 ms resolution); the benchmark prefers ``mono``, which
shares ``CLOCK_MONOTONIC`` with the parent that spawned the process.

Nothing here runs unless the variable is set; the probe is a no-op in normal use.
"""

from __future__ import annotations

import os
import sys
import time

ENV = "PARTNER_DESK_BENCH_EXIT_ON_PAINT"
TABLE_NAME = "customerTable"


def enabled() -> bool:
    return os.environ.get(ENV) in ("1", "full")


def wait_for_full_table() -> bool:
    """``full``: report the first paint after *every* cached row is in the table
    (the window paints a first screenful earlier, while the rest loads)."""
    return os.environ.get(ENV) == "full"


def process_age_ms() -> float | None:
    """Milliseconds since the kernel started this process (Linux); None elsewhere."""
    try:
        with open("/proc/self/stat", "rb") as fh:
            stat = fh.read().decode()
        # The command name (field 2) may contain spaces; fields after ")" are fixed.
        fields = stat.rsplit(")", 1)[1].split()
        start_ticks = int(fields[19])  # field 22 of proc(5): starttime
        ticks = os.sysconf("SC_CLK_TCK")
        now = time.clock_gettime(time.CLOCK_BOOTTIME)
        return (now - start_ticks / ticks) * 1000.0
    except (OSError, ValueError, IndexError, AttributeError):
        return None


def install(table_name: str = TABLE_NAME, timeout_s: float = 120.0) -> None:
    """Create (or reuse) the QApplication and watch for the table's first painted rows."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QAbstractItemView, QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    paint = QEvent.Type.Paint

    class _Probe(QObject):
        done = False

        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if self.done or event.type() != paint:
                return False
            view = obj.parent()
            if not isinstance(view, QAbstractItemView) or view.objectName() != table_name:
                return False
            model = view.model()
            if model is None or model.rowCount() == 0:
                return False
            if wait_for_full_table() and getattr(view.window(), "_loading", False):
                return False
            self.done = True
            mono = time.monotonic()
            age = process_age_ms()
            age_text = f"{age:.1f}" if age is not None else "nan"
            sys.stdout.write(f"first-paint-ms {age_text} mono {mono:.6f}\n")
            sys.stdout.flush()
            QTimer.singleShot(0, app.quit)
            return False

    probe = _Probe(app)
    app.installEventFilter(probe)

    def _give_up() -> None:
        if not probe.done:
            sys.stderr.write("startup probe: the customer table was never painted with rows\n")
            app.exit(3)

    QTimer.singleShot(int(timeout_s * 1000), _give_up)
