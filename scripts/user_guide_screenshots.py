"""Screenshots of the insight views for docs/user-guide.md (issue 15).

    python scripts/user_guide_screenshots.py [--out DIR] [--lang en|it]

Against the in-process sandbox (2,000 customers of the demo's data set) under a
throw-away ``PARTNER_DESK_HOME``: two syncs with a few changes between them, some tags,
a pin and a saved view; then each view is rendered offscreen with ``QWidget.grab()``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "user-guide")
    parser.add_argument("--lang", choices=["en", "it"], default="en")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    home = tempfile.mkdtemp(prefix="pd-guide-")
    os.environ["PARTNER_DESK_HOME"] = home
    os.environ["PARTNER_DESK_LANGUAGE"] = args.lang
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    from desktop import i18n, theme
    from desktop.sandbox import DEMO_SECRET, SandboxServer
    from desktop.services.cache import Cache
    from desktop.services.insights import store as istore
    from desktop.services.insights.views import Facet
    from desktop.services.profiles import Profile, ProfileKind
    from desktop.services.sync import config_for_profile, run_sync
    from desktop.views.customer_insights import NotesDialog
    from desktop.views.main_window import MainWindow

    app = QApplication(["partner-desk"])
    i18n.install_translators(app)
    theme.apply_theme(app)
    suffix = "" if args.lang == "en" else f"-{args.lang}"

    def settle(ms: int = 150) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def save(widget: QWidget, name: str) -> None:
        settle()
        path = args.out / f"{name}{suffix}.png"
        widget.grab().save(str(path))
        print(path)

    with SandboxServer(customers=2000, seed=20_260_101, faults={"rate_limit_per_s": 0}) as sb:
        profile = Profile("Demo", ProfileKind.SANDBOX, "demo-super-admin", sb.base_url, sb.base_url)
        cfg = config_for_profile(profile, DEMO_SECRET)
        assert run_sync(profile.cache_path, cfg).status == "ok"
        state = sb.state
        ids = sorted(state.tenants)
        with state.lock:
            state.tenants[ids[10]]["showAs"] = "Ferramenta Rossi (nuova sede)"
            term = [t for t in ids if state.tenants[t]["billingType"] == "trial"][:2]
            for t in term:
                state.tenants[t]["billingType"] = "term"
            for t in ids[40:46]:
                for lic in state.licences[t]:
                    if "quantity" in lic:
                        lic["quantity"] += 15
                        break
            state.version += 1
        sb.set_faults(churn_between_pages=1)
        assert run_sync(profile.cache_path, cfg).status == "ok"
        sb.set_faults(churn_between_pages=0)
        with Cache.open(profile.cache_path) as cache:
            istore.edit_notes(cache, ids[:6], istore.NoteEdit(add_tags=["gold"]))
            istore.edit_notes(cache, ids[2:4], istore.NoteEdit(add_tags=["north"]))
            istore.edit_notes(cache, [ids[1]], istore.NoteEdit(alias="Rossi HQ"))

        window = MainWindow(profile, autosync=False)
        window.resize(1366, 800)
        window.show()
        for _ in range(50):
            settle(100)
            if window.model.rowCount():
                break
        window.customerInsights.refresh_now()
        from PySide6.QtCore import Qt

        from desktop.models.customer_table import COL_OVER

        window.customerTable.horizontalHeader().setSortIndicator(
            COL_OVER, Qt.SortOrder.DescendingOrder
        )
        settle()
        bar = window.customerTable.horizontalScrollBar()
        bar.setValue(bar.maximum())
        save(window, "guide-main-facets")
        bar.setValue(0)
        window.customerTable.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        window.customerInsights.set_facet(Facet.TAGGED)
        save(window, "guide-main-tagged")
        window.customerInsights.set_facet(Facet.ALL)
        window.customerTable.selectRow(0)
        notes = NotesDialog(3, None, window)
        notes.addTags.setText("renew-q3")
        notes.show()
        save(notes, "guide-notes")
        notes.close()
        window.customerInsights.save_view("Gold customers")
        palette = window.customerInsights.open_palette()
        palette.query.setText("gold")
        save(palette, "guide-palette")
        palette.close()

        dialog = window.show_insights()
        for _ in range(100):
            settle(100)
            if dialog.snap is not None:
                break
        dialog.resize(1280, 760)
        dialog.renewalsTable.selectRow(0)
        dialog.pinButton.click()
        names = ["guide-renewals", "guide-reconciliation", "guide-billing", "guide-changes"]
        for tab, name in enumerate(names):
            dialog.tabs.setCurrentIndex(tab)
            if tab == 1:
                dialog.flaggedOnly.setChecked(True)
            save(dialog, name)
        dialog.close()
        window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
