"""Profiles: list, add or edit a Sophos Central profile (its secret too), test the
connection, switch, remove."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.models.profile_session import (
    MissingSecret,
    ProfileSession,
    TaskRunner,
    add_profile,
    edit_profile,
    profile_store,
    remove_profile,
    secret_store,
)
from desktop.services.profiles import (
    SOPHOS_GLOBAL_URL,
    SOPHOS_IDENTITY_URL,
    Profile,
    ProfileError,
    ProfileKind,
    ProfileStore,
    validate_profile,
)
from desktop.views.plain import plain_label

if TYPE_CHECKING:
    from desktop.models.profile_session import SecretStore


class ProfilesDialog(QDialog):
    #: The user chose to switch to this profile name.
    profileChosen = Signal(str)
    #: A profile was edited: its old name, its new name (the same unless renamed).
    profileEdited = Signal(str, str)
    #: A save or a removal ended (True: done); ``profiles.json`` and the keyring are
    #: written off the GUI thread, the dialog is busy meanwhile.
    saveFinished = Signal(bool)
    #: The saved profiles were read (off the GUI thread) and listed.
    profilesLoaded = Signal()

    def __init__(
        self,
        *,
        current: str | None = None,
        store: ProfileStore | None = None,
        secrets: SecretStore | None = None,
        parent: QWidget | None = None,
        session: ProfileSession | None = None,
    ) -> None:
        """``session``: the window's data gateway (runs the connection test, the saves
        and every keyring read off the GUI thread); without one the dialog uses a task
        runner of its own."""
        super().__init__(parent)
        self.setObjectName("profilesDialog")
        self.setWindowTitle(self.tr("Profiles"))
        self.setAccessibleName(self.tr("Profiles"))
        self.setMinimumWidth(560)
        self.store = store or profile_store()
        self.secrets = secrets or secret_store()
        self.current = current
        self._session = session
        self._own_runner: TaskRunner | None = None
        #: the name of the profile the form edits; None: the form adds a new profile
        self.editing: str | None = None
        self._busy = False
        #: the saved profiles by name, as last read off the GUI thread (None: not yet)
        self._profiles: dict[str, Profile] | None = None
        self._pending_edit: str | None = None

        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Profiles on this computer:")))
        self.profileList = QListWidget()
        self.profileList.setObjectName("profileList")
        self.profileList.setAccessibleName(self.tr("Profiles"))
        self.profileList.itemDoubleClicked.connect(lambda _item: self.switch_selected())
        layout.addWidget(self.profileList)
        row = QHBoxLayout()
        self.switchButton = QPushButton(self.tr("Switch to this profile"))
        self.switchButton.setObjectName("switchProfileButton")
        self.switchButton.setAccessibleName(self.tr("Switch to the selected profile"))
        self.switchButton.clicked.connect(self.switch_selected)
        self.removeButton = QPushButton(self.tr("Remove"))
        self.removeButton.setObjectName("removeProfileButton")
        self.removeButton.setAccessibleName(self.tr("Remove the selected profile"))
        self.removeButton.clicked.connect(self.remove_selected)
        self.editButton = QPushButton(self.tr("Edit…"))
        self.editButton.setObjectName("editSelectedProfileButton")
        self.editButton.setAccessibleName(
            self.tr("Edit the selected profile: its secret, URLs or name")
        )
        self.editButton.clicked.connect(self.edit_selected)
        row.addWidget(self.switchButton)
        row.addWidget(self.editButton)
        row.addWidget(self.removeButton)
        row.addStretch(1)
        layout.addLayout(row)

        group = QGroupBox(self.tr("Add a Sophos Central profile"))
        group.setObjectName("profileForm")
        self.formGroup = group
        form = QFormLayout(group)
        self.nameEdit = self._edit("profileName", self.tr("Profile name"))
        self.clientIdEdit = self._edit("clientId", self.tr("Client ID"))
        self.secretEdit = self._edit("clientSecret", self.tr("Client secret"))
        self.secretEdit.setEchoMode(QLineEdit.EchoMode.Password)
        self.identityEdit = self._edit("identityUrl", self.tr("Identity URL"))
        self.identityEdit.setText(SOPHOS_IDENTITY_URL)
        self.globalEdit = self._edit("globalUrl", self.tr("Global URL"))
        self.globalEdit.setText(SOPHOS_GLOBAL_URL)
        form.addRow(self.tr("Profile name"), self.nameEdit)
        form.addRow(self.tr("Client ID"), self.clientIdEdit)
        form.addRow(self.tr("Client secret"), self.secretEdit)
        form.addRow(self.tr("Identity URL"), self.identityEdit)
        form.addRow(self.tr("Global URL"), self.globalEdit)
        buttons = QHBoxLayout()
        self.testButton = QPushButton(self.tr("Test connection"))
        self.testButton.setObjectName("testConnectionButton")
        self.testButton.setAccessibleName(self.tr("Test connection"))
        self.testButton.clicked.connect(self.test_connection)
        self.addButton = QPushButton(self.tr("Save profile"))
        self.addButton.setObjectName("saveProfileButton")
        self.addButton.setAccessibleName(self.tr("Save profile"))
        self.addButton.clicked.connect(self.save_profile)
        self.newButton = QPushButton(self.tr("New profile"))
        self.newButton.setObjectName("newProfileButton")
        self.newButton.setAccessibleName(self.tr("Clear the form to add a new profile"))
        self.newButton.clicked.connect(self.new_profile)
        self.newButton.hide()
        buttons.addWidget(self.testButton)
        buttons.addWidget(self.addButton)
        buttons.addWidget(self.newButton)
        buttons.addStretch(1)
        form.addRow(buttons)
        self.message = plain_label()  # errors quote user input and server text
        self.message.setObjectName("profileMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.message)
        layout.addWidget(group)

        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.close)
        layout.addWidget(close)
        self.refresh()

    def _edit(self, name: str, label: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setAccessibleName(label)
        return edit

    # ------------------------------------------------------------ list

    def refresh(self) -> None:
        """Read the saved profiles (``profiles.json``) off the GUI thread, then list them;
        ``profilesLoaded`` says when."""
        self._runner_task(self.store.list, self._on_listed, serial=True)  # after any write

    def _on_listed(self, profiles: Any, error: Any) -> None:
        if error is not None:
            self.message.setText(str(error) or type(error).__name__)
            profiles = []
        self._profiles = {p.name: p for p in profiles}
        self._populate()
        pending, self._pending_edit = self._pending_edit, None
        if pending is not None:
            self.edit_profile(pending)
        self.profilesLoaded.emit()

    def is_loaded(self) -> bool:
        return self._profiles is not None

    def _saved(self, name: str | None) -> Profile | None:
        return (self._profiles or {}).get(name) if name else None

    def _populate(self) -> None:
        self.profileList.clear()
        for profile in (self._profiles or {}).values():
            kind = self._kind_text(profile.kind)
            text = self.tr("{name} ({kind})").format(name=profile.name, kind=kind)
            if profile.name == self.current:
                text = self.tr("{profile} — open now").format(profile=text)
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, profile.name)
            self.profileList.addItem(item)
            if profile.name == self.current:
                self.profileList.setCurrentItem(item)

    def selected_name(self) -> str | None:
        item = self.profileList.currentItem()
        if item is None:
            return None
        name = item.data(Qt.ItemDataRole.UserRole)
        return name if isinstance(name, str) else None

    def switch_selected(self) -> None:
        name = self.selected_name()
        if name:
            self.profileChosen.emit(name)
            self.close()

    def edit_selected(self) -> None:
        name = self.selected_name()
        if name:
            self.edit_profile(name)

    def edit_profile(self, name: str) -> bool:
        """Load profile ``name`` into the form to change its secret, URLs or name (its id,
        and so its cache, stays). The secret field has the focus: the usual reason to be
        here is a rejected secret. Before the profiles are read, the edit waits for them."""
        if self._profiles is None:
            self._pending_edit = name
            return True
        profile = self._saved(name)
        if profile is None:
            self.message.setText(self.tr("The profile {name} no longer exists.").format(name=name))
            return False
        if profile.is_demo:
            self.message.setText(
                self.tr(
                    "The Demo profile is set up by Partner Desk and cannot be edited; "
                    "File › Reset demo data starts it afresh."
                )
            )
            return False
        self.editing = profile.name
        self.formGroup.setTitle(self.tr("Edit the profile {name}").format(name=profile.name))
        self.nameEdit.setText(profile.name)
        self.clientIdEdit.setText(profile.client_id)
        self.identityEdit.setText(profile.identity_url)
        self.globalEdit.setText(profile.global_url)
        self.secretEdit.clear()
        self.secretEdit.setPlaceholderText(self.tr("Leave empty to keep the stored secret"))
        self.addButton.setText(self.tr("Save changes"))
        self.newButton.show()
        self.message.setText(
            self.tr("Enter the client secret again, or change the profile's URLs or name.")
        )
        for i in range(self.profileList.count()):
            item = self.profileList.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == profile.name:
                self.profileList.setCurrentItem(item)
        self.secretEdit.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def new_profile(self) -> None:
        """Back to adding a new profile."""
        self.editing = None
        self.formGroup.setTitle(self.tr("Add a Sophos Central profile"))
        for edit in (self.nameEdit, self.clientIdEdit, self.secretEdit):
            edit.clear()
        self.identityEdit.setText(SOPHOS_IDENTITY_URL)
        self.globalEdit.setText(SOPHOS_GLOBAL_URL)
        self.secretEdit.setPlaceholderText("")
        self.addButton.setText(self.tr("Save profile"))
        self.newButton.hide()
        self.message.setText("")

    def confirm_overwrite(self, name: str) -> bool:
        """Ask before a new profile replaces one of the same name (tests replace this)."""
        answer = QMessageBox.question(
            self,
            self.tr("Replace profile"),
            self.tr(
                "A profile named {name} already exists. Replace its client ID, URLs and "
                "secret with these?"
            ).format(name=name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def remove_selected(self) -> None:
        name = self.selected_name()
        if not name or self._busy:
            return
        if name == self.current:
            self.message.setText(self.tr("Switch to another profile before removing this one."))
            return
        store, secrets = self.store, self.secrets

        def removed(_result: Any, error: Any) -> None:
            if error is not None:
                self._failed(error)
                return
            self.message.setText(self.tr("Profile {name} removed.").format(name=name))
            self._finished(True)

        self._write(lambda: remove_profile(store, secrets, name), removed)

    # ------------------------------------------------------------ add / test

    def _form_profile(self, *, secret_required: bool = True) -> tuple[Profile, str] | None:
        edited = self._saved(self.editing)
        profile = Profile(
            name=self.nameEdit.text().strip(),
            kind=ProfileKind.SOPHOS,
            client_id=self.clientIdEdit.text().strip(),
            identity_url=self.identityEdit.text().strip().rstrip("/"),
            global_url=self.globalEdit.text().strip().rstrip("/"),
        )
        if edited is not None:  # an edit keeps the profile's id (its cache) and kind
            profile = replace(profile, id=edited.id, kind=edited.kind)
        try:
            validate_profile(profile)
        except ProfileError as exc:
            self.message.setText(str(exc))
            return None
        secret = self.secretEdit.text()
        if not secret and secret_required:
            self.message.setText(self.tr("The client secret is required."))
            return None
        return profile, secret

    def save_profile(self) -> bool:
        """Check the form and start saving it (off the GUI thread): True when the save
        started; ``saveFinished`` says how it ended."""
        if self._busy or self._profiles is None:
            return False
        if self.editing is not None:
            return self._save_edit(self.editing)
        form = self._form_profile()
        if form is None:
            return False
        profile, secret = form
        existing = self._saved(profile.name)
        if existing is not None:
            if existing.kind is not profile.kind:
                self.message.setText(
                    self.tr(
                        "A {kind} profile is already named {name}; choose another name."
                    ).format(kind=self._kind_text(existing.kind), name=profile.name)
                )
                return False
            if not self.confirm_overwrite(profile.name):
                self.message.setText(self.tr("Nothing was changed."))
                return False
        store, secrets = self.store, self.secrets

        def saved(keyring: Any, error: Any) -> None:
            if error is not None:
                self._failed(error)
                return
            if keyring:
                self.message.setText(self.tr("Profile {name} saved.").format(name=profile.name))
            else:
                self.message.setText(
                    self.tr(
                        "Profile {name} saved. No system keyring is available, so the client "
                        "secret is kept for this session only."
                    ).format(name=profile.name)
                )
            self.secretEdit.clear()
            self._finished(True)

        self._write(lambda: add_profile(store, secrets, profile, secret, existing), saved)
        return True

    def _save_edit(self, name: str) -> bool:
        old = self._saved(name)
        form = self._form_profile(secret_required=False)
        if old is None or form is None:
            if old is None:
                self.message.setText(
                    self.tr("The profile {name} no longer exists.").format(name=name)
                )
            return False
        wanted, secret = form
        store, secrets = self.store, self.secrets

        def saved(result: Any, error: Any) -> None:
            if isinstance(error, LookupError):
                self.message.setText(
                    self.tr("The profile {name} no longer exists.").format(name=name)
                )
                self._finished(False)
                return
            if error is not None:
                self._failed(error)
                return
            old, profile = result
            self.message.setText(self.tr("Profile {name} saved.").format(name=profile.name))
            if self.current == old.name:
                self.current = profile.name
            self.editing = profile.name
            self.formGroup.setTitle(self.tr("Edit the profile {name}").format(name=profile.name))
            self.secretEdit.clear()
            self._finished(True)
            self.profileEdited.emit(old.name, profile.name)

        self._write(lambda: edit_profile(store, secrets, name, wanted, secret), saved)
        return True

    # ------------------------------------------------------------ tasks

    def _runner_task(self, fn: Callable[[], Any], done: Any, *, serial: bool) -> None:
        session = self._session
        if session is not None and not session.closed:
            session.call(fn, done, owner=self, writes=serial)
            return
        if self._own_runner is None:
            self._own_runner = TaskRunner(self)
        self._own_runner.run(fn, done, owner=self, serial=serial)

    def _write(self, fn: Callable[[], Any], done: Any) -> None:
        """Write ``profiles.json`` and the keyring off the GUI thread; busy meanwhile."""
        self._set_busy(True)
        self.message.setText(self.tr("Saving…"))
        store = self.store

        def task() -> tuple[Any, list[Profile]]:
            return fn(), store.list()  # the list as saved now, read on the same worker

        def after(result: Any, error: Any) -> None:
            if error is None:
                result, profiles = result
                self._profiles = {p.name: p for p in profiles}
            done(result, error)

        self._runner_task(task, after, serial=True)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for button in (self.addButton, self.removeButton, self.editButton, self.newButton):
            button.setEnabled(not busy)
        if busy:
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()

    def is_busy(self) -> bool:
        return self._busy

    def _finished(self, ok: bool) -> None:
        self._set_busy(False)
        self._populate()
        self.saveFinished.emit(ok)

    def _failed(self, error: BaseException) -> None:
        """Said in the dialog (never a modal box): the profile or keyring error; the
        list is read again (the file may have changed meanwhile)."""
        self.message.setText(str(error) or type(error).__name__)
        self._set_busy(False)
        self.saveFinished.emit(False)
        self.refresh()

    def _kind_text(self, kind: ProfileKind) -> str:
        if kind is ProfileKind.SANDBOX:
            return self.tr("sandbox")
        if kind is ProfileKind.SOPHOS:
            return self.tr("Sophos Central")
        return self.tr("team")

    def test_connection(self) -> None:
        form = self._form_profile(secret_required=self.editing is None)
        if form is None:
            return
        profile, secret = form
        stored: Callable[[], str | None] | None = None
        if not secret and self.editing is not None:
            old = self._saved(self.editing)
            secrets = self.secrets
            stored = (lambda: secrets.get(old)) if old is not None else (lambda: None)
        self.testButton.setEnabled(False)
        self.message.setText(self.tr("Testing the connection…"))
        if self._session is not None and not self._session.closed:
            self._session.test_connection(
                profile, secret, self._on_tested, owner=self, stored=stored
            )
            return
        if self._own_runner is None:
            self._own_runner = TaskRunner(self)
        ProfileSession(profile, self._own_runner).test_connection(
            profile, secret, self._on_tested, owner=self, stored=stored
        )

    def _on_tested(self, result: Any, error: Any) -> None:
        self.testButton.setEnabled(True)
        if isinstance(error, MissingSecret):
            self.message.setText(self.tr("The client secret is required."))
        elif error is None:
            self.message.setText(
                self.tr("Connected. Partner ID: {partner}").format(partner=result or "?")
            )
        else:
            text = getattr(error, "message", None) or str(error) or type(error).__name__
            self.message.setText(self.tr("Connection failed: {error}").format(error=text))

    def _stop(self) -> None:
        if self._own_runner is not None:
            self._own_runner.shutdown()

    def done(self, result: int) -> None:
        self._stop()
        super().done(result)

    def closeEvent(self, event: Any) -> None:
        self._stop()
        super().closeEvent(event)
