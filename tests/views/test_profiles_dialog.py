"""Profiles dialog: add (secret to the keyring), validate, test connection, switch, remove."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLineEdit

from desktop.sandbox import DEMO_SECRET, SandboxServer
from desktop.services.credentials import SecretStore
from desktop.services.profiles import Profile, ProfileKind, ProfileStore
from desktop.views.profiles_dialog import ProfilesDialog
from tests.helpers.gui import profiles_dialog

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)")


def fill(dialog: ProfilesDialog, *, name: str, client_id: str, secret: str, url: str | None = None):
    dialog.nameEdit.setText(name)
    dialog.clientIdEdit.setText(client_id)
    dialog.secretEdit.setText(secret)
    if url:
        dialog.identityEdit.setText(url)
        dialog.globalEdit.setText(url)


def test_defaults_and_secret_echo(qtbot) -> None:
    dialog = profiles_dialog(qtbot)
    assert dialog.objectName() == "profilesDialog"
    assert dialog.identityEdit.text() == "https://id.sophos.com"
    assert dialog.globalEdit.text() == "https://api.central.sophos.com"
    assert dialog.secretEdit.echoMode() == QLineEdit.EchoMode.Password
    for edit in dialog.findChildren(QLineEdit):
        assert edit.accessibleName()


def test_add_profile_stores_secret_in_keyring_not_config(qtbot, partner_desk_home) -> None:
    dialog = profiles_dialog(qtbot)
    fill(dialog, name="Acme MSP", client_id="abc-123", secret="s3cret-value")
    with qtbot.waitSignal(dialog.saveFinished, timeout=10_000) as blocker:
        assert dialog.save_profile()
        assert dialog.is_busy() and not dialog.addButton.isEnabled()
    assert blocker.args == [True] and not dialog.is_busy()
    profile = ProfileStore().get("Acme MSP")
    assert profile is not None and profile.kind is ProfileKind.SOPHOS
    assert SecretStore().get(profile) == "s3cret-value"
    assert dialog.secretEdit.text() == ""
    for path in partner_desk_home.rglob("*"):
        if path.is_file():
            assert b"s3cret-value" not in path.read_bytes(), path
    names = [dialog.profileList.item(i).text() for i in range(dialog.profileList.count())]
    assert any("Acme MSP" in n for n in names)


def test_invalid_profile_gets_a_message(qtbot) -> None:
    dialog = profiles_dialog(qtbot)
    fill(dialog, name="Bad", client_id="", secret="x")
    assert not dialog.save_profile()
    assert "client ID" in dialog.message.text()
    fill(dialog, name="Bad", client_id="id", secret="x", url="http://example.com")
    assert not dialog.save_profile()
    assert "https" in dialog.message.text()
    assert ProfileStore().get("Bad") is None


def test_switch_and_remove(qtbot) -> None:
    store = ProfileStore()
    for name in ("One", "Two"):
        store.add(
            Profile(name, ProfileKind.SOPHOS, "id", "https://id.example", "https://api.example")
        )
    dialog = profiles_dialog(qtbot, current="One")
    dialog.profileList.setCurrentRow(1)
    with qtbot.waitSignal(dialog.profileChosen) as blocker:
        dialog.switchButton.click()
    assert blocker.args == ["Two"]

    dialog = profiles_dialog(qtbot, current="One")
    dialog.profileList.setCurrentRow(0)
    dialog.remove_selected()
    assert store.get("One") is not None  # the open profile is not removed
    dialog.profileList.setCurrentRow(1)
    with qtbot.waitSignal(dialog.saveFinished, timeout=10_000):
        dialog.remove_selected()
    assert store.get("Two") is None


def test_connection_test_runs_off_the_gui_thread(qtbot) -> None:
    with SandboxServer(customers=5, seed=2) as server:
        dialog = profiles_dialog(qtbot)
        # A sandbox on loopback http is accepted only for sandbox profiles; test the
        # wrong secret first, then the right one, through the same form.
        fill(
            dialog, name="Local", client_id="demo-super-admin", secret="wrong", url=server.base_url
        )
        dialog.test_connection()
        assert "https" not in dialog.message.text(), "loopback http refused for a sandbox"
        qtbot.waitUntil(lambda: dialog.testButton.isEnabled(), timeout=20_000)
        assert "failed" in dialog.message.text().lower()
        dialog.secretEdit.setText(DEMO_SECRET)
        dialog.test_connection()
        qtbot.waitUntil(lambda: dialog.testButton.isEnabled(), timeout=20_000)
        assert dialog.message.text().startswith("Connected"), dialog.message.text()
        dialog.close()


def test_saves_write_profiles_and_keyring_off_the_gui_thread(qtbot, monkeypatch) -> None:
    """profiles.json and the keyring are written on a worker; the dialog is busy meanwhile
    and says a failed write in its message line (never a modal box)."""
    import threading

    gui = threading.get_ident()
    threads: list[tuple[str, int]] = []
    for cls, name in ((ProfileStore, "add"), (SecretStore, "set"), (SecretStore, "delete")):
        real = getattr(cls, name)

        def watched(self, *args, _real=real, _name=name, **kwargs):
            threads.append((_name, threading.get_ident()))
            return _real(self, *args, **kwargs)

        monkeypatch.setattr(cls, name, watched)
    dialog = profiles_dialog(qtbot)
    fill(dialog, name="Worker", client_id="cid", secret="s")
    with qtbot.waitSignal(dialog.saveFinished, timeout=10_000) as blocker:
        assert dialog.save_profile()
        assert dialog.message.text() == "Saving…"
    assert blocker.args == [True]
    assert {n for n, _t in threads} == {"add", "set"}
    assert all(t != gui for _n, t in threads)
    assert dialog.profileList.item(0).text().startswith("Worker")

    def refuse(self, *args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(ProfileStore, "add", refuse)
    fill(dialog, name="Other", client_id="cid", secret="s")
    with qtbot.waitSignal(dialog.saveFinished, timeout=10_000) as blocker:
        assert dialog.save_profile()
    assert blocker.args == [False]
    assert dialog.message.text() == "disk full" and dialog.addButton.isEnabled()
    assert ProfileStore().get("Other") is None


def test_the_profiles_are_read_off_the_gui_thread(qtbot, monkeypatch) -> None:
    """profiles.json is read on a worker; an edit asked for before it is read waits for it."""
    import threading

    ProfileStore().add(
        Profile("Acme", ProfileKind.SOPHOS, "cid", "https://id.example", "https://api.example")
    )
    gui = threading.get_ident()
    read_on: list[int] = []
    real_list = ProfileStore.list

    def watched(self):
        read_on.append(threading.get_ident())
        return real_list(self)

    monkeypatch.setattr(ProfileStore, "list", watched)
    dialog = ProfilesDialog()
    qtbot.addWidget(dialog)
    assert not dialog.is_loaded() and dialog.profileList.count() == 0
    assert dialog.edit_profile("Acme")  # waits for the list
    assert not dialog.save_profile()  # nothing to save before the profiles are known
    with qtbot.waitSignal(dialog.profilesLoaded, timeout=10_000):
        pass
    assert read_on and gui not in read_on
    assert dialog.profileList.count() == 1 and dialog.editing == "Acme"
    assert dialog.clientIdEdit.text() == "cid"


def test_each_profile_is_listed_with_its_kind(qtbot) -> None:
    store = ProfileStore()
    store.add(
        Profile("Cloud", ProfileKind.SOPHOS, "id", "https://id.example", "https://api.example")
    )
    store.add(
        Profile(
            "Office",
            ProfileKind.TEAM,
            "",
            "",
            "",
            database_url="postgresql://db.example/partner_desk",
            db_role="alice",
        )
    )
    dialog = profiles_dialog(qtbot)
    texts = {dialog.profileList.item(i).text() for i in range(dialog.profileList.count())}
    assert texts == {"Cloud (Sophos Central)", "Office (team)"}
