"""Issue 13 (stalls): the insight extras read in a child process, sent back in chunks,
equal the in-process read; a shutdown kills the child."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from desktop.models import customer_insights
from desktop.models.customer_insights import ExtrasCancelled, load_extras, load_extras_in_child
from desktop.services.cache import Cache
from desktop.services.insights import store as istore
from tests.models.test_insight_extras_stream import _seated


def test_the_child_reads_what_the_thread_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "c.sqlite3"
    _seated(path, n=40)
    with Cache.open(path) as cache:
        istore.edit_notes(cache, ["t-0003"], istore.NoteEdit(add_tags=("vip",), alias="Three"))
    monkeypatch.setattr(customer_insights, "EXTRAS_CHUNK", 7)  # several chunks of each kind
    here = load_extras(path)
    there = load_extras_in_child(path)
    assert there.seats == here.seats and len(there.seats) == 40
    assert there.over_flagged == here.over_flagged and there.over_flagged
    assert there.notes == here.notes and there.notes["t-0003"].alias == "Three"
    assert there.changed == here.changed


def test_a_cancelled_child_read_stops(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    _seated(path, n=5)
    cancelled = threading.Event()
    cancelled.set()
    with pytest.raises(ExtrasCancelled):
        load_extras_in_child(path, cancelled)
