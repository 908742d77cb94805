"""A small window with the customer actions: a customer table and :class:`CustomerActions`
over a real cache synced from a sandbox (``make_desk`` in ``tests/views/conftest.py``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QMainWindow, QTableView

from desktop.models.customer_table import CustomerTableModel
from desktop.sandbox import SandboxServer
from desktop.services.cache import Cache
from desktop.services.domain import CustomerRow
from desktop.services.profiles import Profile
from desktop.views.customer_actions import CustomerActions

WAIT_MS = 15_000  # how long a test waits for an action's worker


def fill_account(
    dialog: Any, values: dict[str, str], geography: str, country: str, *, touch: bool = True
) -> None:
    """Type ``values`` into the new-customer form (``touch``: as a user leaving each
    field, so its check shows), then pick the data geography and the country."""
    for name, value in values.items():
        dialog.edits[name].setText(value)
        if touch:
            dialog._touch(name)
    dialog.set_geography(geography)
    dialog.set_country(country)


def table_window(qtbot: Any) -> tuple[QMainWindow, CustomerTableModel, QTableView]:
    """A main window whose central widget is a customer table (closed after the test)."""
    window = QMainWindow()
    qtbot.addWidget(window)
    model = CustomerTableModel(window)
    table = QTableView()
    table.setModel(model)
    window.setCentralWidget(table)
    return window, model, table


@dataclass
class Desk:
    server: SandboxServer
    profile: Profile
    window: QMainWindow
    model: CustomerTableModel
    table: QTableView
    actions: CustomerActions
    cache: Cache
    opened: list[QUrl] = field(default_factory=list)
    banners: list[str] = field(default_factory=list)

    def rows(self) -> dict[str, CustomerRow]:
        return {r.id: r for r in self.model.all_rows()}

    def row(self, tenant_id: str) -> CustomerRow:
        return self.rows()[tenant_id]

    def pick(self, pred: Callable[[CustomerRow], bool]) -> CustomerRow:
        for row in self.model.visible_rows():
            if row.removed_at is None and pred(row):
                return row
        raise AssertionError("no such customer")

    def select(self, *rows: CustomerRow) -> None:
        self.table.clearSelection()
        selection = self.table.selectionModel()
        from PySide6.QtCore import QItemSelectionModel

        for row in rows:
            pos = self.model.row_of_id(row.id)
            assert pos >= 0
            selection.select(
                self.model.index(pos, 0),
                QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
            )
        selection.setCurrentIndex(
            self.model.index(self.model.row_of_id(rows[0].id), 0),
            QItemSelectionModel.SelectionFlag.NoUpdate,
        )
        self.actions.refresh()

    def wait_idle(self, qtbot: Any) -> None:
        """No action running and no read of the profile's session on its way."""
        qtbot.waitUntil(lambda: not self.actions.controller.running(), timeout=WAIT_MS)
        self.wait_reads(qtbot)

    def wait_reads(self, qtbot: Any) -> None:
        """The session's reads (capabilities, a dialog's data) have reached the GUI."""
        session = self.actions.session
        assert session is not None
        qtbot.waitUntil(session.idle, timeout=WAIT_MS)
