"""Reads and writes of the insight tables of a profile's cache (schema 3).

Short transactions on the cache's engines; no Qt. The user's own words (tags, notes,
aliases, the ignore flag) are keyed by tenant id, so they survive syncs and tombstones,
and every change of them goes to the audit log.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from desktop.services.cache import Cache, iso, pack, tables, unpack, upsert, utcnow

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

TAG_SEP = "\x1f"


# --------------------------------------------------------------------------- change feed


@dataclass(frozen=True, slots=True)
class ChangeRecord:
    id: int
    at: str
    tenant_id: str
    kind: str
    subject: str
    old: str
    new: str


def changes(cache: Cache, since: str | None = None, limit: int = 100_000) -> list[ChangeRecord]:
    """The change feed, newest first (``since``: only those seen after that ISO time)."""
    sql = "SELECT id, at, tenant_id, kind, subject, old, new FROM changes"
    args: tuple[Any, ...] = ()
    if since:
        sql += " WHERE at > ?"
        args = (since,)
    sql += " ORDER BY id DESC LIMIT ?"
    rows = cache._conn().execute(sql, (*args, limit)).fetchall()
    return [ChangeRecord(*r) for r in rows]


def changed_since(cache: Cache, since: str | None) -> set[str]:
    """Tenant ids with a change after ``since`` (all of them when ``since`` is None)."""
    conn = cache._conn()
    if since is None:
        return {r[0] for r in conn.execute("SELECT DISTINCT tenant_id FROM changes")}
    sql = "SELECT DISTINCT tenant_id FROM changes WHERE at > ?"
    return {r[0] for r in conn.execute(sql, (since,))}


def get_meta(cache: Cache, key: str) -> str | None:
    return cache._meta(key)


def set_meta(cache: Cache, key: str, value: str) -> None:
    def run(conn: Connection) -> None:
        conn.execute(
            upsert(conn, tables()["meta"], ["key"], ["value"]), [{"key": key, "value": value}]
        )

    cache._write(run)


LAST_LOOK = "last_look"


def last_look(cache: Cache) -> str | None:
    """When the user last marked the changes as seen (ISO), or None."""
    return get_meta(cache, LAST_LOOK)


def mark_looked(cache: Cache, at: dt.datetime | None = None) -> str:
    moment = iso(at or utcnow())
    set_meta(cache, LAST_LOOK, moment)
    return moment


# --------------------------------------------------------------------------- billing months


@dataclass(frozen=True, slots=True)
class BillingMonth:
    month: str  # YYYY-MM
    fetched_at: str
    has_data: bool
    items: list[dict[str, Any]]


def month_key(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def previous_month(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


def save_billing_month(
    cache: Cache, year: int, month: int, items: list[dict[str, Any]] | None
) -> None:
    """Cache one month's line items (``None``: the server has no data for it)."""
    text = json.dumps(items or [], ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    save_billing_blob(cache, year, month, items is not None, pack(text))


def billing_json_chunks(pages: Iterable[list[dict[str, Any]]]) -> Iterator[str]:
    """The JSON text :func:`save_billing_month` stores, a page at a time."""
    yield "["
    first = True
    for page in pages:
        for item in page:
            yield ("" if first else ",") + json.dumps(
                item, ensure_ascii=False, sort_keys=True, separators=(",", ":")
            )
            first = False
    yield "]"


def save_billing_blob(cache: Cache, year: int, month: int, has_data: bool, raw: bytes) -> None:
    """Cache one month's packed JSON (see :func:`billing_json_chunks`)."""

    def run(conn: Connection) -> None:
        conn.execute(
            upsert(conn, tables()["billing_months"], ["month"], ["fetched_at", "has_data", "raw"]),
            [
                {
                    "month": month_key(year, month),
                    "fetched_at": iso(utcnow()),
                    "has_data": int(has_data),
                    "raw": raw,
                }
            ],
        )

    cache._write(run)


def billing_month(cache: Cache, year: int, month: int) -> BillingMonth | None:
    row = (
        cache._conn()
        .execute(
            "SELECT month, fetched_at, has_data, raw FROM billing_months WHERE month=?",
            (month_key(year, month),),
        )
        .fetchone()
    )
    if row is None:
        return None
    items = json.loads(unpack(row[3]))
    return BillingMonth(row[0], row[1], bool(row[2]), [i for i in items if isinstance(i, dict)])


def billing_fetched_at(cache: Cache, year: int, month: int) -> str | None:
    """When a month was cached (None: never) — without unpacking its lines."""
    row = (
        cache._conn()
        .execute("SELECT fetched_at FROM billing_months WHERE month=?", (month_key(year, month),))
        .fetchone()
    )
    return None if row is None else str(row[0])


def billing_months(cache: Cache) -> list[str]:
    return [r[0] for r in cache._conn().execute("SELECT month FROM billing_months ORDER BY month")]


# --------------------------------------------------------------------------- notes


@dataclass(slots=True)
class CustomerNote:
    tenant_id: str
    tags: tuple[str, ...] = ()
    note: str = ""
    alias: str = ""
    ignored: bool = False
    updated_at: str = ""

    @property
    def empty(self) -> bool:
        return not (self.tags or self.note or self.alias or self.ignored)


def clean_tag(tag: str) -> str:
    return " ".join(tag.replace(TAG_SEP, " ").split())[:64]


def notes(cache: Cache) -> dict[str, CustomerNote]:
    out: dict[str, CustomerNote] = {}
    for tid, tags, note, alias, ignored, at in cache._conn().execute(
        "SELECT tenant_id, tags, note, alias, ignored, updated_at FROM customer_notes"
    ):
        out[tid] = CustomerNote(
            tid, tuple(t for t in tags.split(TAG_SEP) if t), note, alias, bool(ignored), at
        )
    return out


@dataclass(slots=True)
class NoteEdit:
    """What to change on many customers at once (``None``: leave as it is)."""

    add_tags: Sequence[str] = ()
    remove_tags: Sequence[str] = ()
    note: str | None = None
    alias: str | None = None
    ignored: bool | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def describe(self) -> str:
        parts: list[str] = []
        if self.add_tags:
            parts.append("tags +" + ",".join(self.add_tags))
        if self.remove_tags:
            parts.append("tags -" + ",".join(self.remove_tags))
        if self.note is not None:
            parts.append(f"note={self.note!r}")
        if self.alias is not None:
            parts.append(f"alias={self.alias!r}")
        if self.ignored is not None:
            parts.append(f"ignored={self.ignored}")
        return "; ".join(parts)


def edit_notes(
    cache: Cache, tenant_ids: Iterable[str], edit: NoteEdit, actor: str = "local user"
) -> dict[str, CustomerNote]:
    """Apply ``edit`` to every customer in one transaction; one audit entry per customer."""
    ids = list(dict.fromkeys(tenant_ids))
    current = notes(cache)
    now = iso(utcnow())
    add = [t for t in (clean_tag(x) for x in edit.add_tags) if t]
    remove = {clean_tag(x).casefold() for x in edit.remove_tags}
    result: dict[str, CustomerNote] = {}
    for tid in ids:
        n = current.get(tid) or CustomerNote(tid)
        tags = [t for t in n.tags if t.casefold() not in remove]
        for t in add:
            if t.casefold() not in {x.casefold() for x in tags}:
                tags.append(t)
        result[tid] = CustomerNote(
            tid,
            tuple(tags),
            n.note if edit.note is None else edit.note.strip()[:4000],
            n.alias if edit.alias is None else " ".join(edit.alias.split())[:200],
            n.ignored if edit.ignored is None else edit.ignored,
            now,
        )
    detail = edit.describe()
    tbl = tables()

    def run(conn: Connection) -> None:
        if result:
            conn.execute(
                upsert(
                    conn,
                    tbl["customer_notes"],
                    ["tenant_id"],
                    ["tags", "note", "alias", "ignored", "updated_at"],
                ),
                [
                    {
                        "tenant_id": n.tenant_id,
                        "tags": TAG_SEP.join(n.tags),
                        "note": n.note,
                        "alias": n.alias,
                        "ignored": int(n.ignored),
                        "updated_at": n.updated_at,
                    }
                    for n in result.values()
                ],
            )
            conn.execute(
                tbl["audit_log"].insert(),
                [
                    {
                        "at": now,
                        "actor": actor,
                        "action": "notes",
                        "tenant_id": tid,
                        "result": "ok",
                        "detail": detail,
                    }
                    for tid in result
                ],
            )

    cache._write(run)
    return result


# --------------------------------------------------------------------------- pins


def pin_key(tenant_id: str, item: str) -> str:
    return f"{tenant_id}{TAG_SEP}{item}"


def pins(cache: Cache) -> set[str]:
    return {r[0] for r in cache._conn().execute("SELECT key FROM pins")}


def set_pinned(cache: Cache, keys: Iterable[str], pinned: bool) -> None:
    keys = list(keys)
    t = tables()["pins"]
    now = iso(utcnow())

    def run(conn: Connection) -> None:
        if not keys:
            return
        if pinned:
            conn.execute(upsert(conn, t, ["key"], []), [{"key": k, "at": now} for k in keys])
        else:
            conn.execute(t.delete().where(t.c.key.in_(keys)))

    cache._write(run)


# --------------------------------------------------------------------------- saved views


def saved_views(cache: Cache) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for name, spec in cache._conn().execute("SELECT name, spec FROM saved_views ORDER BY name"):
        try:
            value = json.loads(spec)
        except ValueError:
            continue
        if isinstance(value, dict):
            out[name] = value
    return out


def view_name(name: str) -> str:
    """A saved view's name as stored (spaces collapsed, at most 100 characters);
    ValueError when nothing is left."""
    name = " ".join(name.split())[:100]
    if not name:
        raise ValueError("A saved view needs a name.")
    return name


def save_view(cache: Cache, name: str, spec: dict[str, Any]) -> None:
    name = view_name(name)
    text = json.dumps(spec, ensure_ascii=False, sort_keys=True)

    def run(conn: Connection) -> None:
        conn.execute(
            upsert(conn, tables()["saved_views"], ["name"], ["spec"]),
            [{"name": name, "spec": text}],
        )

    cache._write(run)


def delete_view(cache: Cache, name: str) -> None:
    t = tables()["saved_views"]

    def run(conn: Connection) -> None:
        conn.execute(t.delete().where(t.c.name == name))

    cache._write(run)
