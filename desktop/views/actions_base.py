"""What the parts of the customer actions share (docs/architecture.md §1: one job per module).

:class:`~desktop.views.customer_actions.CustomerActions` is composed of
``ActionDialogs`` (opening dialogs, handing requests to the controller) and
``ActionOutcomes`` (showing results); the QActions, their availability and the
selection live in ``customer_actions`` itself. :class:`ActionsBase` only declares,
for the type checker, what the parts use of each other; it adds no behaviour.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QTableView, QWidget

if TYPE_CHECKING:
    from desktop.models.actions_controller import ActionsController
    from desktop.models.profile_session import ProfileSession
    from desktop.services.actions import Action
    from desktop.services.domain import CustomerRow


class ActionsBase(QObject):
    """Declarations only: the state the parts of the customer actions work on."""

    if TYPE_CHECKING:
        window: QWidget
        model: Any
        table: QTableView
        controller: ActionsController
        url_opener: Callable[[QUrl], Any]
        last_message: str
        _profile: Any
        _contact_opener: Callable[[int], Any] | None
        _pending: dict[tuple[Action, tuple[str, ...]], QWidget]
        _dialogs: dict[tuple[str, str], QWidget]
        openDashboardAction: QAction

        session: ProfileSession | None

        def _load_details(
            self, dialog: Any, row: CustomerRow, *, licences: bool = False
        ) -> None: ...
        def refresh(self, *_args: object) -> None: ...
        def selected_rows(self) -> list[CustomerRow]: ...
        def launch_allowed(self, url: str) -> bool: ...
        def _one(self, action: Action) -> CustomerRow | None: ...
        def _say(self, text: str, ms: int = 6000) -> None: ...
        def _fail(self, text: str) -> None: ...
        def _row(self, tenant_id: str) -> CustomerRow | None: ...
        def _keep(self, kind: str, key: str, dialog: QWidget) -> QWidget: ...
        def _existing(self, kind: str, key: str) -> QWidget | None: ...
        def _refresh_details(self, dialog: Any, row: CustomerRow) -> None: ...
