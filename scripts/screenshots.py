"""Regenerate docs/screenshots/: the main window and dialogs in English, Italian and dark.

    python scripts/screenshots.py              # every variant, into docs/screenshots/
    python scripts/screenshots.py --out DIR    # somewhere else
    python scripts/screenshots.py --only en    # one variant: en, it or dark

Each variant runs in its own process (language and theme are chosen once per
process), against the in-process sandbox with 2,000 deterministic customers
(the Demo profile's data), under a throw-away ``PARTNER_DESK_HOME``. Windows are
rendered with ``QWidget.grab()``; the offscreen platform is used unless a display
is set (for example under ``xvfb-run``), so the script runs on a headless machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VARIANTS = {  # name: (language, theme, file-name suffix)
    "en": ("en", "light", ""),
    "it": ("it", "light", "-it"),
    "dark": ("en", "dark", "-dark"),
}
CUSTOMERS = 2_000
SEED = 20_260_101  # the Demo profile's data set
SIZE = (1366, 800)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--only", choices=sorted(VARIANTS), action="append")
    parser.add_argument("--variant", choices=sorted(VARIANTS), help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    if args.variant:
        return shoot(args.variant, args.out)
    failed = 0
    for name in args.only or list(VARIANTS):
        with tempfile.TemporaryDirectory(prefix="pd-shots-") as home:
            env = dict(os.environ, PARTNER_DESK_HOME=home)
            language, theme, _suffix = VARIANTS[name]
            env["PARTNER_DESK_LANGUAGE"] = language
            env["PARTNER_DESK_THEME"] = theme
            env.setdefault("QT_QPA_PLATFORM", "xcb" if os.environ.get("DISPLAY") else "offscreen")
            env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
            cmd = [sys.executable, __file__, "--variant", name, "--out", str(args.out)]
            print(f"{name}: ", end="", flush=True)
            code = subprocess.run(cmd, env=env, cwd=ROOT).returncode
            failed += code != 0
    return 1 if failed else 0


def shoot(variant: str, out: Path) -> int:
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QEventLoop, QItemSelectionModel, QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    from desktop import i18n, theme
    from desktop.sandbox import DEMO_SECRET, SandboxServer
    from desktop.services.actions import unlink_check
    from desktop.services.cache import Cache
    from desktop.services.profiles import DEMO_PROFILE_ID, Profile, ProfileKind, ProfileStore
    from desktop.services.sync import config_for_profile, run_sync
    from desktop.views.main_window import MainWindow
    from desktop.views.profiles_dialog import ProfilesDialog

    _language, _theme, suffix = VARIANTS[variant]
    app = QApplication(["partner-desk"])
    app.setApplicationName("Partner Desk")
    i18n.install_translators(app)
    theme.apply_theme(app)
    written: list[str] = []

    def settle(ms: int = 150) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def wait_for(predicate: Any, timeout_s: float = 60.0) -> bool:
        deadline = dt.datetime.now() + dt.timedelta(seconds=timeout_s)
        while dt.datetime.now() < deadline:
            if predicate():
                return True
            settle(50)
        return False

    def save(widget: QWidget, name: str) -> None:
        settle()
        path = out / f"{name}{suffix}.png"
        widget.grab().save(str(path))
        written.append(path.name)

    server = SandboxServer(customers=CUSTOMERS, seed=SEED, faults={"rate_limit_per_s": 0}).start()
    try:
        url = server.base_url
        demo = Profile(
            "Demo", ProfileKind.SANDBOX, "demo-super-admin", url, url, id=DEMO_PROFILE_ID
        )
        ProfileStore().add(demo)
        config = config_for_profile(demo, DEMO_SECRET)
        if run_sync(demo.cache_path, config).status != "ok":
            raise SystemExit("the first sync of the sandbox failed")

        window = MainWindow(demo, autosync=False, secret_lookup=lambda _p: DEMO_SECRET)
        window.customerActions.url_opener = lambda _url: True
        window.resize(*SIZE)
        window.show()
        wait_for(lambda: window.model.total_count() >= CUSTOMERS)
        window.start_sync()  # a finished sync: the status bar shows its summary
        wait_for(lambda: not window.is_syncing())
        save(window, "main-window")

        rows = [r for r in window.model.visible_rows() if r.removed_at is None]
        cache = Cache.open(demo.cache_path, verify=False)
        try:
            today = dt.date.today()
            free = next(
                r
                for r in rows
                if r.manageable
                and not r.managed_customer_order
                and unlink_check(r, cache.licences(r.id), today).can_unlink
                and not unlink_check(r, cache.licences(r.id), today).scheduled
            )
            blocked = next(
                r
                for r in rows
                if not r.managed_customer_order
                and not unlink_check(r, cache.licences(r.id), today).can_unlink
            )
            monthly = next(
                r
                for r in rows
                if not r.managed_customer_order
                and unlink_check(r, cache.licences(r.id), today).scheduled
                and r.unlink_status is None
            )
        finally:
            cache.close()
        managed = next(r for r in rows if r.managed_customer_order)
        rich = max(
            (r for r in rows if r.manageable and r.groups),
            key=lambda r: sum(1 for s in r.statuses if s.value),
        )

        contact = window.open_contact(window.model.row_of_id(rich.id))
        wait_for(window.session.idle, 10)  # dialogs read their data off the GUI thread
        if contact is not None:
            save(contact, "contact-dialog")
            contact.close()
        details = window.customerActions.open_details(rich)
        wait_for(window.session.idle, 10)
        if details is not None:
            details.resize(760, 560)
            save(details, "customer-details")
            details.close()

        table = window.customerTable
        selection = table.selectionModel()
        selection.clearSelection()
        for row in (free, monthly, blocked, managed):
            selection.select(
                window.model.index(window.model.row_of_id(row.id), 0),
                QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
            )
        window.customerActions.refresh()
        unlink = window.customerActions.open_unlink()
        wait_for(window.session.idle, 10)
        if unlink is not None:
            unlink.resize(760, 420)
            save(unlink, "unlink-mixed")
            unlink.close()
        selection.clearSelection()

        term = next(
            r for r in rows if r.billing_type.value == "term" and not r.managed_customer_order
        )
        billing = window.customerActions.open_billing(term)
        if billing is not None:
            from desktop.services.domain import BillingType

            billing.radios[BillingType.USAGE].setChecked(True)
            save(billing, "update-billing")
            billing.close()
        create = window.customerActions.open_create_account()
        if create is not None:
            create.edits["name"].setText("Ferramenta Bianchi S.p.A.")
            create.edits["email"].setText("giulia@")
            for name in ("name", "email"):
                create._touch(name)
            save(create, "create-monthly-account")
            create.close()

        profiles = ProfilesDialog(current=demo.name, parent=window)
        profiles.show()
        wait_for(profiles.is_loaded, 10)  # profiles.json is read off the GUI thread
        save(profiles, "profiles")
        profiles.close()
        window.close()
        window.shutdown()

        # A first sync: a new profile with nothing cached yet, shot while the customer
        # list arrives: the progress (counts, time left) is where the rows will be.
        server.set_faults(latency_ms=800)
        first = Profile("Sede di Milano", ProfileKind.SANDBOX, "demo-super-admin", url, url)
        ProfileStore().add(first)
        window = MainWindow(first, autosync=False, secret_lookup=lambda _p: DEMO_SECRET)
        window.resize(*SIZE)
        window.show()
        settle(300)
        window.start_sync()
        wait_for(
            lambda: (
                (
                    window.tableOverlay.isVisible()
                    and "·" in window.tableOverlay.detail.text()  # the time left is known
                    and 0 < window.syncProgress.value() < window.syncProgress.maximum()
                )
                or window.model.total_count() > 0
                or not window.is_syncing()
            ),
            120,
        )
        if not window.tableOverlay.isVisible():
            raise SystemExit("the first-sync overlay was not caught")
        save(window, "first-sync")
        window.cancel_sync()
        wait_for(lambda: not window.is_syncing(), 60)
        window.close()
        window.shutdown()

        # A rejected secret on a profile with nothing cached: what happened, what to do.
        server.set_faults(latency_ms=0)
        wrong = Profile("Sede di Torino", ProfileKind.SANDBOX, "demo-super-admin", url, url)
        ProfileStore().add(wrong)
        window = MainWindow(wrong, autosync=False, secret_lookup=lambda _p: "not the secret")
        window.resize(*SIZE)
        window.show()
        settle(300)
        window.start_sync()
        wait_for(lambda: not window.is_syncing(), 60)
        save(window, "sign-in-failed")
        window.close()
        window.shutdown()
    finally:
        server.stop()
    print(", ".join(written))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
