"""File › Settings…: interface language and theme (both apply on the next start)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desktop import i18n
from desktop import theme as themes


class SettingsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Settings"))
        self.setAccessibleName(self.tr("Settings"))

        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)

        self.languageCombo = QComboBox()
        self.languageCombo.setObjectName("languageCombo")
        self.languageCombo.setAccessibleName(self.tr("Language"))
        self.languageCombo.addItem(self.tr("System default"), "system")
        # Language names are written in their own language (never translated).
        self.languageCombo.addItem("English", "en")
        self.languageCombo.addItem("Italiano", "it")
        self._select(self.languageCombo, i18n.language_override())
        language_label = QLabel(self.tr("&Language:"))
        language_label.setBuddy(self.languageCombo)
        form.addRow(language_label, self.languageCombo)

        self.themeCombo = QComboBox()
        self.themeCombo.setObjectName("themeCombo")
        self.themeCombo.setAccessibleName(self.tr("Theme"))
        self.themeCombo.addItem(self.tr("System"), "system")
        self.themeCombo.addItem(self.tr("Light"), "light")
        self.themeCombo.addItem(self.tr("Dark"), "dark")
        self._select(self.themeCombo, themes.theme_override())
        theme_label = QLabel(self.tr("&Theme:"))
        theme_label.setBuddy(self.themeCombo)
        form.addRow(theme_label, self.themeCombo)
        layout.addLayout(form)

        self.restartNote = QLabel(self.tr("Takes effect when Partner Desk restarts."))
        self.restartNote.setObjectName("restartNote")
        self.restartNote.setWordWrap(True)
        layout.addWidget(self.restartNote)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.setObjectName("settingsButtons")
        self.saveButton = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.saveButton.setObjectName("saveSettingsButton")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(max(380, self.sizeHint().width()))

    @staticmethod
    def _select(combo: QComboBox, value: str) -> None:
        index = combo.findData(value)
        combo.setCurrentIndex(index if index >= 0 else 0)

    def language(self) -> str:
        return str(self.languageCombo.currentData())

    def theme(self) -> str:
        return str(self.themeCombo.currentData())

    def save(self) -> None:
        i18n.set_language_override(self.language())
        themes.set_theme_override(self.theme())
        self.accept()
