"""Profiles: list, add a Sophos Central profile, test the connection, switch, remove."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
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
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.models.sync_worker import CallWorker, ThreadPool
from desktop.services.credentials import SecretStore
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


def check_connection(profile: Profile, secret: str) -> str:
    """Authenticate and call whoami; returns the partner id. Runs off the GUI thread."""
    from desktop.services.partner_api import PartnerApiClient
    from desktop.services.sync import config_for_profile

    config = config_for_profile(profile, secret, max_retries=1)
    with PartnerApiClient(config) as client:
        client.authenticate()
        who = client.whoami()
    return str(who.partner_id or "")


class ProfilesDialog(QDialog):
    #: The user chose to switch to this profile name.
    profileChosen = Signal(str)

    def __init__(
        self,
        *,
        current: str | None = None,
        store: ProfileStore | None = None,
        secrets: SecretStore | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("profilesDialog")
        self.setWindowTitle(self.tr("Profiles"))
        self.setAccessibleName(self.tr("Profiles"))
        self.setMinimumWidth(560)
        self.store = store or ProfileStore()
        self.secrets = secrets or SecretStore()
        self.current = current
        self._threads = ThreadPool(self)

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
        row.addWidget(self.switchButton)
        row.addWidget(self.removeButton)
        row.addStretch(1)
        layout.addLayout(row)

        group = QGroupBox(self.tr("Add a Sophos Central profile"))
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
        buttons.addWidget(self.testButton)
        buttons.addWidget(self.addButton)
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
        self.profileList.clear()
        for profile in self.store.list():
            kind = (
                self.tr("sandbox")
                if profile.kind is ProfileKind.SANDBOX
                else self.tr("Sophos Central")
            )
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

    def remove_selected(self) -> None:
        name = self.selected_name()
        if not name:
            return
        if name == self.current:
            self.message.setText(self.tr("Switch to another profile before removing this one."))
            return
        profile = self.store.get(name)
        if profile is not None:
            self.secrets.delete(profile)
        self.store.remove(name)
        self.message.setText(self.tr("Profile {name} removed.").format(name=name))
        self.refresh()

    # ------------------------------------------------------------ add / test

    def _form_profile(self) -> tuple[Profile, str] | None:
        profile = Profile(
            name=self.nameEdit.text().strip(),
            kind=ProfileKind.SOPHOS,
            client_id=self.clientIdEdit.text().strip(),
            identity_url=self.identityEdit.text().strip().rstrip("/"),
            global_url=self.globalEdit.text().strip().rstrip("/"),
        )
        try:
            validate_profile(profile)
        except ProfileError as exc:
            self.message.setText(str(exc))
            return None
        secret = self.secretEdit.text()
        if not secret:
            self.message.setText(self.tr("The client secret is required."))
            return None
        return profile, secret

    def save_profile(self) -> bool:
        form = self._form_profile()
        if form is None:
            return False
        profile, secret = form
        try:
            self.store.add(profile)
        except (ProfileError, OSError) as exc:
            self.message.setText(str(exc))
            return False
        if self.secrets.set(profile, secret):
            self.message.setText(self.tr("Profile {name} saved.").format(name=profile.name))
        else:
            self.message.setText(
                self.tr(
                    "Profile {name} saved. No system keyring is available, so the client "
                    "secret is kept for this session only."
                ).format(name=profile.name)
            )
        self.secretEdit.clear()
        self.refresh()
        return True

    def test_connection(self) -> None:
        form = self._form_profile()
        if form is None:
            return
        profile, secret = form
        self.testButton.setEnabled(False)
        self.message.setText(self.tr("Testing the connection…"))
        worker = CallWorker(lambda: check_connection(profile, secret))
        worker.finished.connect(self._on_tested)
        self._threads.start(worker, "test-connection")

    @Slot(object, object)
    def _on_tested(self, result: Any, error: Any) -> None:
        self.testButton.setEnabled(True)
        if error is None:
            self.message.setText(
                self.tr("Connected. Partner ID: {partner}").format(partner=result or "?")
            )
        else:
            text = getattr(error, "message", None) or str(error) or type(error).__name__
            self.message.setText(self.tr("Connection failed: {error}").format(error=text))

    def done(self, result: int) -> None:
        self._threads.shutdown()
        super().done(result)

    def closeEvent(self, event: Any) -> None:
        self._threads.shutdown()
        super().closeEvent(event)
