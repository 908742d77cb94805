"""Selection and current row survive a search, a sort, a toggle and a sync that swaps
the rows in (issue 13); ``update_rows`` refreshes rows without a reset."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtTest import QTest

from desktop.models.customer_table import (
    COL_BILLING,
    COL_FIRST_CATEGORY,
    COL_NAME,
    CustomerTableModel,
    prepare_rows,
)
from desktop.services.domain import BillingType, LicenceStatus, fold
from desktop.views.main_window import MainWindow
from tests.helpers.gui import offline_profile
from tests.helpers.rows import as_columns, make_row, random_rows

S = LicenceStatus
SEL = QItemSelectionModel.SelectionFlag


@pytest.fixture
def window(open_window: Callable[..., MainWindow]) -> MainWindow:
    return open_window(rows=random_rows(400))


def select_ids(window: MainWindow, ids: list[str], current: str) -> None:
    model, table = window.model, window.customerTable
    selection = table.selectionModel()
    selection.clear()
    for tid in ids:
        pos = model.row_of_id(tid)
        assert pos >= 0
        selection.select(model.index(pos, 0), SEL.Select | SEL.Rows)
    selection.setCurrentIndex(model.index(model.row_of_id(current), 0), SEL.NoUpdate)


def type_key(widget, char: str) -> None:
    """A real key press + release carrying ``char`` (accented letters included)."""
    key = Qt.Key(ord(char.upper()))
    for action in (QTest.KeyAction.Press, QTest.KeyAction.Release):
        QTest.sendKeyEvent(action, widget, key, char, Qt.KeyboardModifier.NoModifier)


def selected_ids(window: MainWindow) -> set[str]:
    model = window.model
    rows = window.customerTable.selectionModel().selectedRows()
    return {model.row_at(index.row()).id for index in rows}


def current_id(window: MainWindow) -> str | None:
    row = window.model.row_at(window.customerTable.currentIndex().row())
    return row.id if row is not None else None


def pick(window: MainWindow, needle: str, count: int) -> list[str]:
    """Ids of visible customers whose search key contains ``needle``."""
    needle = fold(needle)
    ids = [r.id for r in window.model.visible_rows() if needle in r.search_key][:count]
    assert len(ids) == count
    return ids


def test_selection_survives_typing_backspace_and_clearing(qtbot, window: MainWindow) -> None:
    ids = pick(window, "müller", 3)
    select_ids(window, ids, ids[1])
    reset = []
    window.model.modelReset.connect(lambda: reset.append(True))
    box = window.customerSearch
    box.setFocus()
    for typed in ("m", "mü", "mül"):
        type_key(box, typed[-1])
        assert selected_ids(window) == set(ids)
        assert current_id(window) == ids[1]
    QTest.keyClick(box, Qt.Key.Key_Backspace)
    assert selected_ids(window) == set(ids)
    QTest.keyClick(box, Qt.Key.Key_Escape)
    assert box.text() == ""
    assert selected_ids(window) == set(ids)
    assert current_id(window) == ids[1]
    assert reset == []  # a keystroke never resets the view


def test_rows_hidden_by_a_search_come_back_deselected_but_current_is_kept(
    qtbot, window: MainWindow
) -> None:
    (kept,) = pick(window, "società", 1)
    (other,) = [r.id for r in window.model.visible_rows() if "societa" not in r.search_key][:1]
    select_ids(window, [kept, other], kept)
    window.customerSearch.setText("società")
    assert selected_ids(window) == {kept}
    assert current_id(window) == kept
    window.customerSearch.setText("")
    assert kept in selected_ids(window)
    assert current_id(window) == kept


@pytest.mark.parametrize("column", [COL_NAME, COL_BILLING, COL_FIRST_CATEGORY])
def test_selection_survives_header_clicks(qtbot, window: MainWindow, column: int) -> None:
    ids = pick(window, "beta", 4)
    select_ids(window, ids, ids[2])
    header = window.customerTable.horizontalHeader()
    for _ in range(2):  # both orders
        x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
        QTest.mouseClick(
            header.viewport(),
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
            header.rect().center().__class__(x, header.height() // 2),
        )
        assert window.model.sort_column() == column
        assert selected_ids(window) == set(ids)
        assert current_id(window) == ids[2]


def test_selection_survives_the_toggle(qtbot, window: MainWindow) -> None:
    ids = pick(window, "alpha", 3)
    select_ids(window, ids, ids[0])
    QTest.mouseClick(window.myProtectionOnly, Qt.MouseButton.LeftButton)
    assert window.model.my_protection_only()
    assert selected_ids(window) == set(ids)
    assert current_id(window) == ids[0]
    QTest.mouseClick(window.myProtectionOnly, Qt.MouseButton.LeftButton)
    assert selected_ids(window) == set(ids)


def test_selection_survives_a_sync_swapping_the_rows_in(qtbot, window: MainWindow) -> None:
    ids = pick(window, "zeta", 3)
    select_ids(window, ids, ids[1])
    window.customerSearch.setText("zeta")
    rows = random_rows(400)  # the same customers, re-read from the cache
    rows[0:0] = [make_row(9000 + i, f"Zeta new {i}") for i in range(5)]  # new ones
    window.model.set_rows(prepare_rows(rows))
    assert window.customerSearch.text() == "zeta"
    assert selected_ids(window) == set(ids)
    assert current_id(window) == ids[1]


def test_update_rows_in_place_is_one_data_change(qtbot, window: MainWindow) -> None:
    model = window.model
    ids = pick(window, "a", 2)
    select_ids(window, ids, ids[0])
    before = [r.id for r in model.visible_rows()]
    fresh = []
    for r in model.all_rows():
        if r.id in ids:
            statuses = (S.ACTIVE,) * len(r.statuses)
            fresh.append(type(r)(**{**_fields(r), "statuses": statuses}))
    layouts: list[bool] = []
    changes: list[tuple[int, int]] = []
    model.layoutChanged.connect(lambda *_: layouts.append(True))
    model.dataChanged.connect(lambda a, b, *_: changes.append((a.row(), b.row())))
    model.update_rows(fresh)
    assert layouts == []  # sorted by name: nothing moves
    assert len(changes) == 1
    assert [r.id for r in model.visible_rows()] == before
    pos = model.row_of_id(ids[0])
    assert model.index(pos, COL_FIRST_CATEGORY).data() == "Active"
    assert selected_ids(window) == set(ids)


def test_update_rows_that_move_keep_selection(qtbot, window: MainWindow) -> None:
    model = window.model
    window.customerTable.sortByColumn(COL_BILLING, Qt.SortOrder.AscendingOrder)
    ids = pick(window, "a", 2)
    select_ids(window, ids, ids[1])
    fresh = [
        type(r)(**{**_fields(r), "billing_type": BillingType.USAGE})
        for r in model.all_rows()
        if r.id in ids
    ]
    fresh.append(make_row(7777, "Brand new"))
    model.update_rows(fresh)
    assert selected_ids(window) == set(ids)
    assert current_id(window) == ids[1]
    assert model.row_of_id(make_row(7777).id) >= 0
    texts = [model.cell_text(r, COL_BILLING) for r in model.visible_rows()]
    assert texts == sorted(texts, key=str.casefold)


def _fields(row) -> dict:
    return {name: getattr(row, name) for name in row.__dataclass_fields__}


def test_model_survives_tester_through_layout_changes(qtmodeltester) -> None:
    model = CustomerTableModel()
    model.set_rows(random_rows(200))
    qtmodeltester.check(model)
    for needle in ("a", "al", "alp", "al", "", "zzz", ""):
        model.set_search(needle)
    model.sort(COL_BILLING, Qt.SortOrder.DescendingOrder)
    model.set_my_protection_only(True)
    model.update_rows([make_row(5000, "Added later")])
    model.set_rows(random_rows(150, seed=4))
    qtmodeltester.check(model)


def test_selection_hidden_by_a_search_comes_back_when_shown_again(
    qtbot, window: MainWindow
) -> None:
    (kept,) = pick(window, "società", 1)
    select_ids(window, [kept], kept)
    box = window.customerSearch
    box.setText("zeta")  # hides it
    assert current_id(window) != kept
    box.setText("")
    assert current_id(window) == kept
    assert selected_ids(window) == {kept}


@pytest.mark.parametrize("finished_first", [False, True])
def test_window_takes_rows_read_before_it_was_built(qtbot, finished_first: bool) -> None:
    """run_gui starts reading the cache before the window exists (CachePreload); the
    window takes that result whether it arrives before or after the window is built."""
    from desktop.models.preload import CachePreload

    profile = offline_profile("Preloaded")
    preload = CachePreload(profile.cache_path).start()
    if finished_first:
        preload.join(10)
    w = MainWindow(profile, autosync=False, preload=preload)
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.cacheLoaded, timeout=10_000):
        w.show()
    assert w._loader is None and not w._loading
    w.close()


def test_selection_survives_while_the_rows_are_still_columns(
    qtbot, open_window: Callable[..., MainWindow]
) -> None:
    """At start the rows come as a snapshot's columns and their objects are built in
    idle time: a search, a sort, the toggle and a swap keep selection and current row
    whether or not they are built yet."""
    window = open_window(rows=[])
    window.model.set_rows(as_columns(random_rows(400)))
    assert window.model._lazy is not None
    ids = pick(window, "beta", 3)
    select_ids(window, ids, ids[1])
    window.customerSearch.setText("beta")
    assert selected_ids(window) == set(ids)
    window.customerTable.sortByColumn(COL_FIRST_CATEGORY, Qt.SortOrder.DescendingOrder)
    QTest.mouseClick(window.myProtectionOnly, Qt.MouseButton.LeftButton)
    window.customerSearch.setText("")
    assert selected_ids(window) == set(ids)
    assert current_id(window) == ids[1]
    window.model.set_rows(as_columns(random_rows(400)))  # a swap, as columns again
    assert selected_ids(window) == set(ids)
    assert current_id(window) == ids[1]
    qtbot.waitUntil(window.model.search_index_ready)
    assert window.model._lazy is None
    assert selected_ids(window) == set(ids)
