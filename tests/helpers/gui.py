"""Profiles and main windows for the GUI tests (``tests/views``, ``tests/team``)."""

from __future__ import annotations

from typing import Any

from desktop.sandbox import DEMO_SECRET
from desktop.services.credentials import SecretStore
from desktop.services.profiles import Profile, ProfileKind, ProfileStore
from desktop.services.sync import config_for_profile, run_sync
from desktop.views.main_window import MainWindow


def offline_profile(name: str = "Offline") -> Profile:
    """A profile nobody answers for: nothing listens on port 9 (these windows never sync)."""
    return Profile(
        name, ProfileKind.SANDBOX, "demo-super-admin", "http://127.0.0.1:9", "http://127.0.0.1:9"
    )


def saved_profile(
    base_url: str,
    *,
    name: str,
    client_id: str = "demo-super-admin",
    secret: str = DEMO_SECRET,
) -> Profile:
    """A sandbox profile saved as a user saves one: in the profiles file, secret in the keyring."""
    profile = ProfileStore().add(Profile(name, ProfileKind.SANDBOX, client_id, base_url, base_url))
    SecretStore().set(profile, secret)
    return profile


def synced_profile(server: Any, profile: Profile, **config: Any) -> Profile:
    """``profile``'s cache after one complete sync of ``server`` (no window involved)."""
    options: dict[str, Any] = {"backoff_base": 0.01, **config}
    summary = run_sync(profile.cache_path, config_for_profile(profile, DEMO_SECRET, **options))
    assert summary.status == "ok", summary.error
    return profile


def show_window(
    qtbot: Any,
    profile: Profile,
    *,
    loaded: bool = True,
    timeout: int = 10_000,
    window_class: type[MainWindow] = MainWindow,
    **kwargs: Any,
) -> MainWindow:
    """A main window for ``profile``, shown (and, with ``loaded``, its cache read)."""
    window = window_class(profile, **kwargs)
    qtbot.addWidget(window)
    if loaded:
        with qtbot.waitSignal(window.cacheLoaded, timeout=timeout):
            window.show()
    else:
        window.show()
    return window


def autosynced_window(qtbot: Any, profile: Profile, *, customers: int) -> MainWindow:
    """A window that syncs on opening, after that first sync completed with every customer."""
    window = show_window(qtbot, profile, loaded=False, autosync=True)
    with qtbot.waitSignal(window.syncFinished, timeout=60_000) as blocker:
        pass
    assert blocker.args[0].status == "ok", blocker.args[0].error
    assert window.model.rowCount() == customers
    return window


def profiles_dialog(qtbot: Any, **options: Any) -> Any:
    """A profiles dialog once it has read the saved profiles (off the GUI thread)."""
    from desktop.views.profiles_dialog import ProfilesDialog

    dialog = ProfilesDialog(**options)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(dialog.is_loaded, timeout=10_000)
    return dialog
