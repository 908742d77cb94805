"""GUI composition root: ``run_gui(options)`` builds the app, the profile and the window."""

from __future__ import annotations

import gc
import logging
import sys
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox

from desktop.services.profiles import DEMO_PROFILE_NAME, Profile, ProfileStore, profile_problem

log = logging.getLogger("partner_desk.gui")


def skip_pyside_source_scan() -> None:
    """Stop PySide6 reading the source of every module imported after it.

    PySide6 wraps ``__import__`` for ``from __feature__ import ...`` and, for each new
    module, reads its source (``inspect.getsource``) to learn whether it uses PySide6:
    ~12 ms of GUI-thread CPU on the way to the first full paint at start (issue 13,
    docs/performance.md). Partner Desk selects no ``__feature__``, so every module is
    recorded as PySide's scan records a module that uses it (0: the default, no
    feature), without reading any file. Nothing happens on a PySide6 without the hook.
    """
    feature = sys.modules.get("shibokensupport.feature")
    loader = sys.modules.get("shibokensupport.signature.loader")
    table = getattr(feature, "pyside_feature_dict", None)
    if feature is None or loader is None or not isinstance(table, dict):
        return
    if not hasattr(feature, "feature_imported") or not hasattr(loader, "feature_imported"):
        return

    def feature_imported(module: Any) -> None:
        name = getattr(module, "__name__", None)
        if isinstance(name, str) and name not in table:
            table[name] = 0

    setattr(feature, "feature_imported", feature_imported)  # noqa: B010 (modules typed as ModuleType)
    setattr(loader, "feature_imported", feature_imported)  # noqa: B010


skip_pyside_source_scan()

DEFAULT_DEMO_CUSTOMERS = 2_000


@dataclass(frozen=True, slots=True)
class GuiOptions:
    profile: str | None = None
    demo: bool = False
    customers: int | None = DEFAULT_DEMO_CUSTOMERS


class DemoRunner:
    """Starts the in-process sandbox for the Demo profile on demand; stops it on quit."""

    def __init__(self, customers: int) -> None:
        self.customers = customers
        self.server: Any = None

    def start(self, fresh: bool = False) -> Profile:
        from desktop.services.demo import start_demo

        if self.server is not None and not fresh:
            profile = ProfileStore().get(DEMO_PROFILE_NAME)
            if profile is not None:
                return profile
        self.stop()
        self.server, profile = start_demo(self.customers, fresh=fresh)
        return profile

    def stop(self) -> None:
        if self.server is not None:
            try:
                self.server.stop()
            except Exception:
                log.warning("sandbox did not stop cleanly", exc_info=True)
            self.server = None


def resolve_profile(options: GuiOptions, store: ProfileStore, demo: DemoRunner) -> Profile:
    """``--demo`` → the demo started afresh (its saved state and cache deleted, as File ›
    Reset demo data does); ``--profile NAME``; else last used; else the Demo profile,
    which keeps its state between launches."""
    if options.demo:
        return demo.start(fresh=True)
    name = options.profile or store.last_used()
    if name:
        profile = store.get(name)
        if profile is None:
            if options.profile:
                raise LookupError(name)
        elif profile.is_demo:
            return demo.start()
        else:
            return profile
    return demo.start()


def reset_demo(window: Any, demo: DemoRunner, *, ask: bool = True) -> Profile | None:
    """File › Reset demo data: the demo sandbox and the Demo profile's cache start afresh
    (renames, group changes and requests made in the demo are forgotten); the window
    then shows the Demo profile and syncs it. Returns the Demo profile, or None when the
    user said no."""
    if ask:
        answer = QMessageBox.question(
            window,
            QCoreApplication.translate("Gui", "Reset demo data"),
            QCoreApplication.translate(
                "Gui",
                "Start the demo afresh? Renames, group changes and requests made in the demo "
                "are forgotten. Your own profiles are not touched.",
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return None
    window.release_cache()  # the Demo profile's cache file is about to be deleted
    profile = demo.start(fresh=True)
    try:
        ProfileStore().set_last_used(profile.name)
    except OSError:
        pass
    window.switch_profile(profile)
    return profile


def install_demo_reset(window: Any, demo: DemoRunner) -> QAction:
    """The "Reset demo data…" command in the File menu (after Profiles…)."""
    action = QAction(QCoreApplication.translate("Gui", "Reset demo data…"), window)
    action.setObjectName("resetDemoAction")
    action.setToolTip(
        QCoreApplication.translate(
            "Gui", "Start the demo sandbox and the Demo profile's cached data afresh"
        )
    )
    action.triggered.connect(lambda: reset_demo(window, demo))
    menu = window.profilesAction.associatedObjects()
    file_menu = next((m for m in menu if isinstance(m, QMenu)), None)
    if file_menu is not None:
        actions = file_menu.actions()
        index = actions.index(window.profilesAction) if window.profilesAction in actions else -1
        if 0 <= index < len(actions) - 1:
            file_menu.insertAction(actions[index + 1], action)
        else:
            file_menu.addAction(action)
    window.resetDemoAction = action
    return action


def profiles_problem_text(store: ProfileStore, problem: str) -> str:
    if store.kept_aside is not None:
        return QCoreApplication.translate(
            "Gui",
            "The profiles file was damaged; it was kept as {path}. "
            "Partner Desk started without your profiles: add them again or restore the file.",
        ).format(path=str(store.kept_aside))
    return QCoreApplication.translate("Gui", "The profiles file cannot be used: {problem}").format(
        problem=problem
    )


def _application() -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    QCoreApplication.setOrganizationName("Partner Desk")
    QCoreApplication.setApplicationName("Partner Desk")
    assert isinstance(app, QApplication)
    return app


#: the cyclic GC is back on this long after start even if no full table was painted
GC_RESUME_MS = 10_000


def run_gui(options: GuiOptions, *, resume_gc: bool = False) -> int:
    """Run the window until it quits; its exit code. The cyclic GC is off until the
    first full table is painted (``resume_gc``: the caller turned it off already)."""
    if gc.isenabled():
        gc.disable()
        resume_gc = True
    try:
        return _run_gui(options, resume_gc)
    finally:
        if resume_gc:
            gc.enable()


def _run_gui(options: GuiOptions, resume_gc: bool) -> int:
    store = ProfileStore()
    damaged = store.check()  # a damaged profiles.json is kept aside; say so once the window shows
    demo = DemoRunner(options.customers or DEFAULT_DEMO_CUSTOMERS)
    try:
        profile: Profile | None = resolve_profile(options, store, demo)
    except LookupError as exc:
        missing: str | None = exc.args[0]
        profile = None
    else:
        missing = None
    preload = None
    if profile is not None:
        from desktop.models.preload import CachePreload

        # Read the cached rows while the GUI thread starts Qt, imports and builds the window.
        preload = CachePreload(profile.cache_path).start()
    app = _application()
    from desktop import startup_probe

    if startup_probe.enabled():  # benchmarks only: report the first painted table, quit
        startup_probe.install()
    try:
        from desktop.i18n import install_translators

        install_translators(app)
    except Exception:  # translations are optional
        log.warning("translations not installed", exc_info=True)
    try:
        from desktop.theme import apply_theme

        apply_theme(app)  # before any window exists, so every widget gets the palette
    except Exception:  # the OS look is always a fine fallback
        log.warning("theme not applied", exc_info=True)

    from desktop.views.main_window import MainWindow

    if profile is None:
        QMessageBox.critical(
            None,
            QCoreApplication.translate("Gui", "Partner Desk"),
            QCoreApplication.translate("Gui", "There is no profile named {name}.").format(
                name=missing
            ),
        )
        return 2
    try:
        store.set_last_used(profile.name)
    except OSError:
        pass

    def open_profile(name: str) -> Profile | None:
        if name == DEMO_PROFILE_NAME:
            return demo.start()
        return store.get(name)

    from desktop.models.profile_session import ProfileSession, TaskRunner

    # One data gateway per profile: the window's reads, writes, secret and API
    # configuration go through it, off the GUI thread (docs/architecture.md §2b).
    session = ProfileSession(profile, TaskRunner(app))
    window = MainWindow(profile, profile_opener=open_profile, preload=preload, session=session)
    install_demo_reset(window, demo)
    if resume_gc:  # cacheLoaded: the full table is painted (MainWindow._on_capabilities_loaded)
        window.cacheLoaded.connect(gc.enable)
        QTimer.singleShot(GC_RESUME_MS, gc.enable)
    from desktop.cli.logs import rotate_log_file

    # the rotating log handler (its module: ~4-6 ms of imports) once the table is painted
    window.cacheLoaded.connect(rotate_log_file)
    QTimer.singleShot(GC_RESUME_MS, rotate_log_file)
    app.aboutToQuit.connect(demo.stop)
    window.show()
    if damaged:
        window.show_message(profiles_problem_text(store, damaged), retry=False)
    elif (problem := profile_problem(profile)) is not None:  # e.g. plain http to another host
        window.show_message(
            QCoreApplication.translate("Gui", "This profile cannot sign in: {problem}").format(
                problem=problem
            ),
            retry=False,
        )
    # Everything built so far (modules, Qt wrappers) lives as long as the app: keep it
    # out of the cyclic GC's full collections, which otherwise stall the GUI thread
    # for tens of ms at a time during a sync (GIL held while walking the heap).
    gc.freeze()
    try:
        return app.exec()
    finally:
        window.shutdown()
        session.runner.shutdown()
        demo.stop()
