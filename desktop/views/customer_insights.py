"""The customers window's issue-15 controls: facet buttons with counts (one-click
filters that follow the search), the user's tags/alias/note/ignore on many rows at once,
"show ignored", "mark changes as seen", saved views and the Ctrl+K palette."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Slot
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import QT_TRANSLATE_NOOP
from desktop.models.customer_insights import (
    FacetMasks,
    InsightExtras,
    load_extras,
    load_extras_in_child,
    reload_notes,
)
from desktop.services.insights import store as istore
from desktop.services.insights.views import FACETS, Facet
from desktop.views.after_frame import AfterFrame

if TYPE_CHECKING:
    from desktop.views.main_window import MainWindow

_CTX = "CustomerInsights"
#: above this many rows the insight extras are read in a child process
EXTRAS_CHILD_OVER = 20_000
FACET_LABELS = {
    Facet.ALL: QT_TRANSLATE_NOOP("CustomerInsights", "All"),
    Facet.TRIAL: QT_TRANSLATE_NOOP("CustomerInsights", "Trial"),
    Facet.TERM: QT_TRANSLATE_NOOP("CustomerInsights", "Term"),
    Facet.MONTHLY: QT_TRANSLATE_NOOP("CustomerInsights", "Monthly"),
    Facet.MANAGED: QT_TRANSLATE_NOOP("CustomerInsights", "Managed orders"),
    Facet.NOT_MANAGEABLE: QT_TRANSLATE_NOOP("CustomerInsights", "Not manageable"),
    Facet.EXPIRING: QT_TRANSLATE_NOOP("CustomerInsights", "Expiring ≤ 30 d"),
    Facet.OVER_USED: QT_TRANSLATE_NOOP("CustomerInsights", "Over-used"),
    Facet.TAGGED: QT_TRANSLATE_NOOP("CustomerInsights", "Tagged"),
    Facet.CHANGED: QT_TRANSLATE_NOOP("CustomerInsights", "Changed since my last look"),
    Facet.IGNORED: QT_TRANSLATE_NOOP("CustomerInsights", "Ignored"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CTX, text)


def facet_label(facet: str) -> str:
    return _tr(FACET_LABELS[facet])


class NotesDialog(QDialog):
    """Tags, alias, note and the ignore flag for one or many customers."""

    def __init__(self, count: int, single: istore.CustomerNote | None, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("notesDialog")
        self.setWindowTitle(self.tr("Tags, alias and note"))
        form = QFormLayout(self)
        head = QLabel(
            self.tr("{count} customers selected.").format(count=count)
            if count > 1
            else self.tr("One customer selected.")
        )
        head.setTextFormat(Qt.TextFormat.PlainText)
        form.addRow(head)
        self.addTags = QLineEdit()
        self.addTags.setObjectName("notesAddTags")
        self.addTags.setPlaceholderText(self.tr("gold, north, renew-q3"))
        self.addTags.setAccessibleName(self.tr("Add tags"))
        form.addRow(self.tr("Add tags"), self.addTags)
        self.removeTags = QLineEdit()
        self.removeTags.setObjectName("notesRemoveTags")
        self.removeTags.setAccessibleName(self.tr("Remove tags"))
        form.addRow(self.tr("Remove tags"), self.removeTags)
        self.alias = QLineEdit(single.alias if single else "")
        self.alias.setObjectName("notesAlias")
        self.alias.setAccessibleName(self.tr("Alias"))
        self.alias.setPlaceholderText(
            self.tr("(unchanged)") if count > 1 else self.tr("Your own name for it")
        )
        form.addRow(self.tr("Alias"), self.alias)
        self.note = QPlainTextEdit(single.note if single else "")
        self.note.setObjectName("notesNote")
        self.note.setAccessibleName(self.tr("Note"))
        self.note.setPlaceholderText(self.tr("(unchanged)") if count > 1 else "")
        self.note.setMaximumHeight(90)
        form.addRow(self.tr("Note"), self.note)
        self.ignore = QCheckBox(self.tr("Ignore: hide from the default view"))
        self.ignore.setObjectName("notesIgnore")
        self.ignore.setTristate(count > 1)
        if count > 1:
            self.ignore.setCheckState(Qt.CheckState.PartiallyChecked)
        else:
            self.ignore.setChecked(bool(single and single.ignored))
        form.addRow(self.ignore)
        self._count = count
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def edit(self) -> istore.NoteEdit:
        def tags(text: str) -> list[str]:
            return [t.strip() for t in text.split(",") if t.strip()]

        many = self._count > 1
        alias = self.alias.text()
        note = self.note.toPlainText()
        state = self.ignore.checkState()
        return istore.NoteEdit(
            add_tags=tags(self.addTags.text()),
            remove_tags=tags(self.removeTags.text()),
            alias=None if many and not alias.strip() else alias,
            note=None if many and not note.strip() else note,
            ignored=None
            if state == Qt.CheckState.PartiallyChecked
            else state == Qt.CheckState.Checked,
        )


class PaletteDialog(QDialog):
    """Ctrl+K: type to find a saved view or a facet; Enter switches to it."""

    def __init__(self, entries: list[tuple[str, str, str]], parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("viewPalette")
        self.setWindowTitle(self.tr("Switch view"))
        self.resize(420, 360)
        v = QVBoxLayout(self)
        self.query = QLineEdit()
        self.query.setObjectName("viewPaletteQuery")
        self.query.setPlaceholderText(self.tr("Type a view or filter name…"))
        self.query.setAccessibleName(self.tr("Find a view"))
        self.list = QListWidget()
        self.list.setObjectName("viewPaletteList")
        self.list.setAccessibleName(self.tr("Views and filters"))
        v.addWidget(self.query)
        v.addWidget(self.list, 1)
        self._entries = entries  # (kind, key, label)
        self.chosen: tuple[str, str] | None = None
        self.query.textChanged.connect(self._fill)
        self.query.returnPressed.connect(self._accept_current)
        self.list.itemActivated.connect(lambda _item: self._accept_current())
        self._fill("")

    def _fill(self, text: str) -> None:
        self.list.clear()
        needle = text.casefold().strip()
        for kind, key, label in self._entries:
            if needle in label.casefold():
                item = QListWidgetItem(label)
                item.setData(Qt.ItemDataRole.UserRole, (kind, key))
                self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)

    def _accept_current(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        self.chosen = item.data(Qt.ItemDataRole.UserRole)
        self.accept()


class CustomerInsights(QObject):
    """Installs the facet bar and the actions into the window; keeps the extras fresh."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.model = window.model
        self._buttons: dict[str, QAction] = {}
        #: what each facet button says now (text, tool tip, shown): set only on change
        self._shown: dict[str, tuple[str, str, bool]] = {}
        self._loading = False
        # The counts follow a keystroke once the table's new rows are painted (once
        # for a burst of keystrokes): docs/architecture.md §8.
        self._counts_later = AfterFrame(window.customerTable.viewport(), self.update_counts)
        #: the profile's saved views by name (read with the extras, written through the session)
        self._views: dict[str, dict[str, Any]] = {}
        #: set at shutdown: a running read of the extras stops (the seats are read one
        #: customer at a time, ~2 s at 100k)
        self._cancelled = threading.Event()
        #: set when a sync starts: the running read of the seats stops (its child
        #: process would sit beside the sync's; the sync's end reads them again)
        self._load_cancel = threading.Event()
        self._build()

    # ------------------------------------------------------------ building

    def _build(self) -> None:
        w = self.window
        # a tool bar: in a narrow window (or in Italian) the facets that do not fit go
        # to its » menu instead of widening the window
        bar = QToolBar()
        bar.setObjectName("facetBar")
        bar.setAccessibleName(self.tr("Filters"))
        bar.setMovable(False)
        bar.setFloatable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        group = QActionGroup(bar)
        group.setExclusive(True)
        for facet in FACETS:
            action = QAction(facet_label(facet), bar)
            action.setObjectName(f"facet_{facet}")
            action.setCheckable(True)
            action.triggered.connect(lambda _on=False, f=facet: self.set_facet(f))
            group.addAction(action)
            bar.addAction(action)
            self._buttons[facet] = action
        self._buttons[Facet.ALL].setChecked(True)
        self.facetBar = bar
        central = w.centralWidget()
        assert central is not None
        layout = central.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(layout.indexOf(w.customerTable), bar)

        self.notesAction = QAction(self.tr("Tags, alias and note…"), w)
        self.notesAction.setObjectName("notesAction")
        self.notesAction.setShortcut(QKeySequence("Ctrl+T"))
        self.notesAction.triggered.connect(self.edit_selected)
        self.showIgnoredAction = QAction(self.tr("Show ignored customers"), w)
        self.showIgnoredAction.setObjectName("showIgnoredAction")
        self.showIgnoredAction.setCheckable(True)
        self.showIgnoredAction.toggled.connect(self._show_ignored)
        self.markSeenAction = QAction(self.tr("Mark changes as seen"), w)
        self.markSeenAction.setObjectName("markSeenAction")
        self.markSeenAction.triggered.connect(self.mark_seen)
        self.saveViewAction = QAction(self.tr("Save view…"), w)
        self.saveViewAction.setObjectName("saveViewAction")
        self.saveViewAction.triggered.connect(self._save_view_dialog)
        self.paletteAction = QAction(self.tr("Switch view…"), w)
        self.paletteAction.setObjectName("paletteAction")
        self.paletteAction.setShortcut(QKeySequence("Ctrl+K"))
        self.paletteAction.triggered.connect(self.open_palette)
        menu = w.viewMenu
        menu.addSeparator()
        for action in (
            self.paletteAction,
            self.saveViewAction,
            self.showIgnoredAction,
            self.markSeenAction,
        ):
            menu.addAction(action)
        w.addAction(self.notesAction)
        w.addAction(self.paletteAction)
        self.model.visibleRowsChanged.connect(self._counts_later.request)
        w.cacheLoaded.connect(self.refresh)
        w.syncFinished.connect(lambda _summary: self.refresh())
        self.update_counts()

    # ------------------------------------------------------------ extras

    def _run(self, fn: Callable[[], Any], done: Callable[[Any, Any], None]) -> None:
        self.window.session.call(fn, done)

    @Slot()
    def refresh(self) -> None:
        """Tags, seats and changes from the cache, read off the GUI thread."""
        path = self.window.profile.cache_path
        if not path.exists():
            return
        rows = self.model.row_list()  # read only by the worker; replaced, not mutated, by syncs
        if self._cancelled.is_set():
            return
        self._load_cancel = cancelled = threading.Event()
        if self.window.sync_running():
            # During a sync only the user's words (a small table, read here): the seats
            # and changes follow when it ends (syncFinished), so no second child process
            # (~45 MB) runs beside the sync's and nothing parses licences meanwhile.
            current = self.model.insights()

            def notes_only() -> tuple[InsightExtras, FacetMasks]:
                extras = reload_notes(path, current)
                return extras, FacetMasks(rows, extras).build_all()

            self._run(notes_only, self._on_extras)
            return

        # Large caches: in a child process (its ~2 s of licence parsing at 100k held
        # the GIL the GUI thread needs); small ones here (a spawn costs more).
        load = load_extras_in_child if len(rows) > EXTRAS_CHILD_OVER else load_extras

        def work() -> tuple[InsightExtras, FacetMasks]:
            extras = load(path, cancelled)
            return extras, FacetMasks(rows, extras).build_all()

        self._run(work, self._on_extras)
        self.window.session.read(istore.saved_views, self._on_views, missing={}, owner=self.window)

    def cancel(self) -> None:
        """Stop reading the extras (the window is closing)."""
        self._cancelled.set()
        self._load_cancel.set()

    def sync_started(self) -> None:
        """A sync began: a read of the seats still running stops (the sync's end reads
        them again); the user's words are read at once."""
        if not self._load_cancel.is_set():
            self._load_cancel.set()
            self.refresh()

    def _on_views(self, views: Any, error: BaseException | None) -> None:
        if error is None and isinstance(views, dict):
            self._views = views

    @Slot(object, object)
    def _on_extras(self, result: Any, error: Any) -> None:
        if isinstance(result, tuple) and error is None:
            extras, masks = result
            self.model.set_insights(extras, masks)
            self.update_counts()
            self.update_tags_column()

    def update_tags_column(self) -> None:
        """The Tags column shows once a customer has a tag or an alias."""
        from desktop.models.customer_table import COL_TAGS

        self.window.customerTable.setColumnHidden(COL_TAGS, not self.model.insights().tagged())

    def refresh_now(self) -> None:
        """The same, on the calling thread (tests and screenshots)."""
        extras = load_extras(self.window.profile.cache_path)
        masks = FacetMasks(self.model.row_list(), extras).build_all()
        self._on_extras((extras, masks), None)

    # ------------------------------------------------------------ facets

    @Slot()
    def update_counts(self) -> None:
        self._counts_later.cancel()  # this one supersedes a requested one
        if not self.model.facet_masks_ready():
            self._build_masks()  # on a worker; the counts follow when it is done
            return
        counts = self.model.facet_counts()
        changed = False
        shown_facet = self.model.facet()
        for facet, button in self._buttons.items():
            n = counts.get(facet, 0)
            label = facet_label(facet)
            now = (
                f"{label} {n:,}".replace(",", "\u202f"),
                self.tr("{filter}: {count} customers").format(filter=label, count=n),
                facet in (Facet.ALL, shown_facet) or n > 0,
            )
            if self._shown.get(facet) == now and button.text() == now[0]:
                continue  # each setter repaints and re-lays out the bar
            self._shown[facet] = now
            changed = True
            button.setText(now[0])
            button.setToolTip(now[1])
            button.setVisible(now[2])
        layout = self.facetBar.layout()
        if changed and layout is not None:  # the new labels laid out now, not later
            layout.invalidate()
            layout.activate()

    def _build_masks(self) -> None:
        if self._loading:
            return
        self._loading = True
        rows, extras = self.model.row_list(), self.model.insights()
        self._run(lambda: FacetMasks(rows, extras).build_all(), self._on_masks)

    @Slot(object, object)
    def _on_masks(self, masks: Any, error: Any) -> None:
        self._loading = False
        if isinstance(masks, FacetMasks) and error is None:
            if self.model.adopt_facet_masks(masks):
                self.update_counts()
            elif self.model.row_list():
                self._build_masks()  # the rows changed meanwhile: once more

    def set_facet(self, facet: str) -> None:
        self.model.set_facet(facet)
        self._buttons[self.model.facet()].setChecked(True)
        self.update_counts()

    def _show_ignored(self, on: bool) -> None:
        self.model.set_show_ignored(on)
        self.update_counts()

    # ------------------------------------------------------------ the user's words

    def selected_ids(self) -> list[str]:
        ids: list[str] = []
        for pos in self.window.selected_positions():
            row = self.model.row_at(pos)
            if row is not None:
                ids.append(row.id)
        return ids

    def apply_notes(self, ids: list[str], edit: istore.NoteEdit) -> None:
        """Save tags, alias, note or "ignored" for ``ids`` (off the GUI thread, in order
        with the other writes); the table follows when the notes are read back."""

        def write(cache: Any) -> dict[str, istore.CustomerNote]:
            istore.edit_notes(cache, ids, edit)
            return istore.notes(cache)

        def done(notes: Any, error: BaseException | None) -> None:
            if error is not None:
                self.window.show_message(
                    self.tr("The tags could not be saved: {error}").format(error=error),
                    retry=False,
                )
                return
            extras = self.model.insights()
            self.model.set_insights(
                InsightExtras(notes, extras.seats, extras.over_flagged, extras.changed)
            )
            self.update_counts()
            self.update_tags_column()

        self.window.session.write(write, done)

    def edit_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            self.window.show_message(self.tr("Select one or more customers first."), retry=False)
            return
        single = self.model.insights().notes.get(ids[0]) if len(ids) == 1 else None
        dialog = NotesDialog(len(ids), single, self.window)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.apply_notes(ids, dialog.edit())

    def mark_seen(self) -> None:
        from desktop.services.insights.snapshot import mark_looked

        path = self.window.profile.cache_path
        self.window.session.call(lambda: mark_looked(path), writes=True)
        extras = self.model.insights()
        self.model.set_insights(InsightExtras(extras.notes, extras.seats, extras.over_flagged))
        self.update_counts()

    # ------------------------------------------------------------ saved views

    def current_spec(self) -> dict[str, Any]:
        header = self.window.customerTable.horizontalHeader()
        hidden = [c for c in range(self.model.columnCount()) if header.isSectionHidden(c)]
        return {
            "search": self.window.customerSearch.text(),
            "facet": self.model.facet(),
            "show_ignored": self.model.show_ignored(),
            "my_protection": self.model.my_protection_only(),
            "sort": [self.model.sort_column(), int(self.model.sort_order().value)],
            "hidden_columns": hidden,
        }

    def save_view(
        self, name: str, done: Callable[[Any, BaseException | None], None] | None = None
    ) -> None:
        """Save the current view under ``name`` (written off the GUI thread); a name
        the store refuses raises ValueError here, before anything is written."""
        clean = istore.view_name(name)
        spec = self.current_spec()
        self._views[clean] = spec
        self.window.session.write(lambda cache: istore.save_view(cache, clean, spec), done)

    def saved_views(self) -> dict[str, dict[str, Any]]:
        return dict(self._views)

    def apply_view(self, spec: dict[str, Any]) -> None:
        w = self.window
        self.showIgnoredAction.setChecked(bool(spec.get("show_ignored")))
        w._set_my_protection_only(bool(spec.get("my_protection")))
        self.set_facet(str(spec.get("facet") or Facet.ALL))
        sort = spec.get("sort")
        if isinstance(sort, list) and len(sort) == 2:
            header = w.customerTable.horizontalHeader()
            header.setSortIndicator(int(sort[0]), Qt.SortOrder(int(sort[1])))
        hidden = spec.get("hidden_columns")
        if isinstance(hidden, list):
            header = w.customerTable.horizontalHeader()
            for col in range(self.model.columnCount()):
                if col not in self.model.hidden_columns():
                    header.setSectionHidden(col, col in hidden)
        w.customerSearch.setText(str(spec.get("search") or ""))

    def _save_view_dialog(self) -> None:
        name, ok = QInputDialog.getText(
            self.window, self.tr("Save view"), self.tr("Name of this view:")
        )
        if ok and name.strip():

            def saved(_result: Any, error: BaseException | None) -> None:
                if error is not None:
                    QMessageBox.warning(self.window, self.tr("Save view"), str(error))
                    return
                self.window.show_message(
                    self.tr("View “{name}” saved: Ctrl+K switches to it.").format(
                        name=name.strip()
                    ),
                    retry=False,
                )

            try:
                self.save_view(name, saved)
            except ValueError as exc:
                QMessageBox.warning(self.window, self.tr("Save view"), str(exc))

    def palette_entries(self) -> list[tuple[str, str, str]]:
        entries = [
            ("view", name, self.tr("View: {name}").format(name=name)) for name in self.saved_views()
        ]
        entries += [
            ("facet", f, self.tr("Filter: {name}").format(name=facet_label(f))) for f in FACETS
        ]
        return entries

    def choose(self, kind: str, key: str) -> None:
        if kind == "view":
            spec = self.saved_views().get(key)
            if spec is not None:
                self.apply_view(spec)
        else:
            self.set_facet(key)

    def open_palette(self) -> PaletteDialog:
        dialog = PaletteDialog(self.palette_entries(), self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def chosen() -> None:
            if dialog.chosen is not None:
                self.choose(*dialog.chosen)

        dialog.accepted.connect(chosen)
        dialog.open()
        return dialog
