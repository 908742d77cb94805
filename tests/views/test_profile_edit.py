"""Issue 14 item 9: re-enter an existing profile's secret, edit its URLs or name (its id,
and so its cache, stays); re-adding a name asks first and never changes its kind.
In the Profiles dialog and in ``partner-desk profiles edit``."""

from __future__ import annotations

from typing import Any

import pytest

from desktop.app import main
from desktop.services.credentials import SecretStore
from desktop.services.profiles import Profile, ProfileError, ProfileKind, ProfileStore
from desktop.views.profiles_dialog import ProfilesDialog
from tests.helpers.gui import profiles_dialog

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)")

ID_URL = "https://id.example.com"
API_URL = "https://api.example.com"


def sophos(name: str = "Acme", client_id: str = "cid") -> Profile:
    profile = ProfileStore().add(Profile(name, ProfileKind.SOPHOS, client_id, ID_URL, API_URL))
    SecretStore().set(profile, "old-secret")
    return profile


def sandbox(name: str = "Lab") -> Profile:
    url = "http://127.0.0.1:9"
    return ProfileStore().add(Profile(name, ProfileKind.SANDBOX, "demo-super-admin", url, url))


# ------------------------------------------------------------------ the store


def test_edit_keeps_id_and_kind_and_refuses_a_taken_name() -> None:
    old = sophos()
    sandbox()
    store = ProfileStore()
    new = store.edit("Acme", new_name="Acme Italia", global_url="https://api2.example.com/")
    assert (new.id, new.kind, new.cache_path) == (old.id, old.kind, old.cache_path)
    assert new.global_url == "https://api2.example.com" and store.get("Acme") is None
    with pytest.raises(ProfileError, match="already exists"):
        store.edit("Acme Italia", new_name="Lab")
    with pytest.raises(LookupError):
        store.edit("nobody", new_name="x")


# ------------------------------------------------------------------ the dialog


def test_dialog_re_enters_the_secret_of_an_existing_profile(qtbot: Any) -> None:
    old = sophos()
    dialog = profiles_dialog(qtbot, current="Acme")
    dialog.profileList.setCurrentRow(0)
    dialog.editButton.click()
    assert dialog.editing == "Acme"
    assert (dialog.nameEdit.text(), dialog.clientIdEdit.text()) == ("Acme", "cid")
    assert dialog.secretEdit.text() == ""
    dialog.secretEdit.setText("new-secret")
    with qtbot.waitSignal(dialog.profileEdited) as blocker:
        assert dialog.save_profile()
    assert blocker.args == ["Acme", "Acme"]
    profile = ProfileStore().get("Acme")
    assert profile is not None and profile.id == old.id
    assert SecretStore().get(profile) == "new-secret"


def test_dialog_edits_urls_and_name_keeping_the_cache_and_the_secret(qtbot: Any) -> None:
    old = sophos()
    old.cache_path.parent.mkdir(parents=True, exist_ok=True)
    old.cache_path.write_bytes(b"cached customers")
    dialog = profiles_dialog(qtbot)
    assert dialog.edit_profile("Acme")
    dialog.nameEdit.setText("Acme EU")
    dialog.globalEdit.setText("https://api-eu.example.com")
    with qtbot.waitSignal(dialog.saveFinished, timeout=10_000):
        assert dialog.save_profile()  # no secret typed: the stored one stays
    store = ProfileStore()
    assert store.get("Acme") is None
    profile = store.get("Acme EU")
    assert profile is not None and profile.id == old.id and profile.kind is ProfileKind.SOPHOS
    assert profile.global_url == "https://api-eu.example.com"
    assert profile.cache_path.read_bytes() == b"cached customers"
    assert SecretStore().get(profile, use_env=False) == "old-secret"
    assert SecretStore().get(old, use_env=False) is None  # moved, not copied


def test_re_adding_a_name_asks_first_and_never_changes_the_kind(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = sophos()
    sandbox()
    dialog = profiles_dialog(qtbot)
    answers: list[str] = []

    def no(name: str) -> bool:
        answers.append(name)
        return False

    monkeypatch.setattr(dialog, "confirm_overwrite", no)
    dialog.nameEdit.setText("Acme")
    dialog.clientIdEdit.setText("other")
    dialog.secretEdit.setText("s")
    assert not dialog.save_profile()
    assert answers == ["Acme"]
    kept = ProfileStore().get("Acme")
    assert kept is not None and kept.client_id == "cid" and kept.id == old.id

    monkeypatch.setattr(dialog, "confirm_overwrite", lambda name: True)
    with qtbot.waitSignal(dialog.saveFinished, timeout=10_000):
        assert dialog.save_profile()
    replaced = ProfileStore().get("Acme")
    assert replaced is not None and replaced.client_id == "other"
    assert SecretStore().get(replaced) == "s"

    # a sandbox profile is never turned into a Sophos Central one by re-adding its name
    dialog.nameEdit.setText("Lab")
    dialog.clientIdEdit.setText("x")
    dialog.secretEdit.setText("s")
    assert not dialog.save_profile()
    assert "choose another name" in dialog.message.text()
    lab = ProfileStore().get("Lab")
    assert lab is not None and lab.kind is ProfileKind.SANDBOX


# ------------------------------------------------------------------ the CLI


def test_cli_profiles_edit(monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    old = sophos()
    monkeypatch.setenv("PARTNER_DESK_CLIENT_SECRET", "typed-again")
    code = main(["profiles", "edit", "Acme", "--rename", "Acme IT",
                 "--identity-url", "https://id2.example.com", "--secret"])  # fmt: skip
    assert code == 0, capsys.readouterr().err
    monkeypatch.delenv("PARTNER_DESK_CLIENT_SECRET")
    profile = ProfileStore().get("Acme IT")
    assert profile is not None and profile.id == old.id
    assert profile.identity_url == "https://id2.example.com"
    assert SecretStore().get(profile) == "typed-again"
    assert main(["profiles", "edit", "Acme IT", "--global-url", "https://api3.example.com"]) == 0
    assert SecretStore().get(ProfileStore().get("Acme IT")) == "typed-again"  # type: ignore[arg-type]
    assert main(["profiles", "edit", "nobody", "--rename", "x"]) == 2
    assert main(["profiles", "edit", "Acme IT"]) == 2  # nothing to change
    assert "Nothing to change" in capsys.readouterr().err


def test_cli_add_with_an_existing_name_asks_for_replace_and_keeps_the_kind(
    monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    sophos()
    sandbox()
    monkeypatch.setenv("PARTNER_DESK_CLIENT_SECRET", "s")
    args = ["profiles", "add", "Acme", "--client-id", "other",
            "--identity-url", ID_URL, "--global-url", API_URL]  # fmt: skip
    assert main(args) == 2
    assert "--replace" in capsys.readouterr().err
    assert ProfileStore().get("Acme").client_id == "cid"  # type: ignore[union-attr]
    assert main([*args, "--replace"]) == 0
    assert ProfileStore().get("Acme").client_id == "other"  # type: ignore[union-attr]
    lab = ["profiles", "add", "Lab", "--client-id", "x",
           "--identity-url", ID_URL, "--global-url", API_URL, "--replace"]  # fmt: skip
    assert main(lab) == 2
    assert "sandbox profile is already named" in capsys.readouterr().err
    assert ProfileStore().get("Lab").kind is ProfileKind.SANDBOX  # type: ignore[union-attr]


def test_renaming_the_open_profile_in_file_profiles_updates_the_window(qtbot: Any) -> None:
    from desktop.views.main_window import MainWindow

    profile = sophos()
    window = MainWindow(profile, autosync=False, secret_lookup=lambda _p: None)
    qtbot.addWidget(window)
    window.show_profiles()
    dialog = window.findChild(ProfilesDialog, "profilesDialog")
    assert dialog is not None
    qtbot.waitUntil(dialog.is_loaded, timeout=10_000)  # profiles.json is read off the GUI thread
    assert dialog.edit_profile("Acme")
    dialog.nameEdit.setText("Acme Nord")
    with qtbot.waitSignal(dialog.profileEdited, timeout=10_000):
        assert dialog.save_profile()
    assert window.profile.name == "Acme Nord" and window.profile.id == profile.id
    assert "Acme Nord" in window.windowTitle()
    dialog.close()
    window.close()
