"""Rows that come as columns (a table snapshot, issue 13): the table paints, searches,
sorts and filters from the columns, builds the row objects in idle time, and anything
that needs every row object builds the rest first."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from desktop.models.customer_insights import FacetMasks, InsightExtras
from desktop.models.customer_rows import ROW_FIELDS, RowColumns, prepare_rows
from desktop.models.customer_table import (
    COL_BILLING,
    COL_FIRST_CATEGORY,
    COLUMN_COUNT,
    CustomerTableModel,
)
from desktop.services.domain import BillingType, CustomerRow, LicenceStatus
from desktop.services.insights.views import Facet
from tests.helpers.rows import as_columns, make_row, random_rows


def cells(model: CustomerTableModel) -> list[list[Any]]:
    return [
        [model.index(r, c).data() for c in range(COLUMN_COUNT)] for r in range(model.rowCount())
    ]


def models(rows: list[CustomerRow]) -> tuple[CustomerTableModel, CustomerTableModel]:
    """A model given row objects and one given the same rows as columns."""
    plain, lazy = CustomerTableModel(), CustomerTableModel()
    plain.set_rows(prepare_rows(prepare_rows(rows).rows))  # given in name order too
    lazy.set_rows(as_columns(rows))
    lazy._indexer.stop()  # no idle-time building: the rows stay columns until needed
    return plain, lazy


def test_row_fields_are_the_snapshot_fields() -> None:
    from desktop.services import snapshot

    assert ROW_FIELDS == snapshot.FIELDS


def test_columns_prepare_the_same_keys_ids_and_masks_as_rows() -> None:
    rows = random_rows(300)
    plain, lazy = prepare_rows(rows), as_columns(rows)
    assert isinstance(lazy.store, RowColumns) and not lazy.store.complete()
    assert lazy.search_keys == plain.search_keys
    assert lazy.active_bits == plain.active_bits
    assert lazy.removed == plain.removed > 0
    assert lazy.ids == plain.ids
    assert lazy.eligible == plain.eligible
    assert lazy.name_order == plain.name_order
    assert lazy.store.row(5) == plain.rows[5]  # one row, built alone
    assert not lazy.store.complete()
    assert lazy.rows == plain.rows  # every row, built now
    assert lazy.store.row(5) is lazy.rows[5]


def test_a_column_store_builds_its_rows_in_slices() -> None:
    store = as_columns(random_rows(50)).store
    assert isinstance(store, RowColumns)
    assert not store.build(20)
    assert not store.build(20)
    assert store.build(20)
    assert len(store.rows()) == len(store) == 50
    assert store[-1] is store.rows()[49]
    with pytest.raises(IndexError):
        store.row(50)


def test_the_table_paints_searches_and_toggles_from_the_columns(qapp: Any) -> None:
    plain, lazy = models(random_rows(300))
    assert cells(lazy) == cells(plain)
    for needle in ("a", "al", "zeta", "", "zzz", ""):
        plain.set_search(needle)
        lazy.set_search(needle)
        assert cells(lazy) == cells(plain)
    for model in (plain, lazy):
        model.set_my_protection_only(True)
        model.set_show_removed(True)
    assert cells(lazy) == cells(plain)
    assert lazy.hidden_columns() == plain.hidden_columns()
    assert lazy.row_of_id(plain.row_at(7).id) == 7  # type: ignore[union-attr]
    assert lazy._lazy is not None  # none of that needed every row object


def test_a_sort_or_an_update_builds_the_rows_first(qapp: Any) -> None:
    rows = random_rows(300)
    plain, lazy = models(rows)
    for model in (plain, lazy):
        model.sort(COL_BILLING, Qt.SortOrder.DescendingOrder)
    assert lazy._lazy is None
    assert cells(lazy) == cells(plain)
    plain, lazy = models(rows)
    fresh = [
        make_row(3, "Renamed", billing=BillingType.USAGE),
        make_row(9001, "Brand new", statuses={"Endpoint": LicenceStatus.ACTIVE}),
    ]
    for model in (plain, lazy):
        model.update_rows(fresh)
    assert cells(lazy) == cells(plain)
    assert lazy.all_rows() == plain.all_rows()


def test_idle_time_builds_every_row(qtbot: Any) -> None:
    rows = random_rows(300)
    plain, lazy = models(rows)
    lazy._indexer.start()
    qtbot.waitUntil(lazy.search_index_ready)
    assert lazy._lazy is None
    assert list(lazy.row_list()) == list(plain.row_list())
    assert cells(lazy) == cells(plain)


def test_facet_masks_read_the_columns_and_survive_the_build(qapp: Any) -> None:
    plain, lazy = models(random_rows(300))
    store = lazy.row_list()
    assert isinstance(store, RowColumns)  # handed over as it is: no row built for it
    extras = lazy.insights()
    assert plain.insights().notes == extras.notes == {}
    from_columns = FacetMasks(store, extras).build_all()
    from_rows = FacetMasks(plain.row_list(), extras).build_all()
    assert not store.complete()
    for facet in (Facet.ALL, Facet.TRIAL, Facet.MANAGED, Facet.EXPIRING, Facet.TAGGED):
        assert from_columns.mask(facet) == from_rows.mask(facet)
    lazy._rows  # noqa: B018 - every row object built (a worker's masks come back later)
    assert lazy.adopt_facet_masks(from_columns)
    assert from_columns.rows is lazy.row_list()  # now reads the built rows
    for model in (plain, lazy):
        model.set_facet(Facet.TRIAL)
    assert cells(lazy) == cells(plain)


def test_model_tester_while_the_rows_are_columns(qapp: Any, qtmodeltester: Any) -> None:
    _plain, lazy = models(random_rows(200))
    qtmodeltester.check(lazy)
    lazy.set_search("a")
    lazy.set_my_protection_only(True)
    qtmodeltester.check(lazy)
    lazy.sort(COL_FIRST_CATEGORY, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(lazy)
    lazy.set_rows(as_columns(random_rows(150, seed=4)))
    qtmodeltester.check(lazy)


def test_the_painter_reads_the_columns_without_building_every_row(qapp: Any) -> None:
    """``paint_cells`` (views/table_painter.py) paints a row from the columns, a changed
    customer's Name cell marked, without building the 100,000 row objects first."""
    plain, lazy = models(random_rows(300))
    changed = plain.row_at(3).id  # type: ignore[union-attr]
    for model in (plain, lazy):
        model.set_insights(InsightExtras(changed={changed}))
    lazy._indexer.stop()  # set_insights restarts the idle-time work
    for position in range(plain.rowCount()):
        assert lazy.paint_cells(position) == plain.paint_cells(position)
    assert lazy.paint_cells(3)[3] is not None  # type: ignore[index]
    assert lazy._lazy is not None  # no row list built for painting
