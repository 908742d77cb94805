"""Batch writes of the sync node as one statement each (the sync engine's SQL unchanged).

The engine (:class:`~desktop.services.cache.SyncStore`) writes a batch as one
``executemany()`` of a Core statement: cheap on SQLite, but on PostgreSQL each row is
its own statement (parse, bind, execute, and a run of the statement-level NOTIFY
trigger). This module hooks the team engine's ``do_executemany`` and sends a batch of
the two shapes the store uses as *one* statement over arrays, one array per column:

- ``INSERT INTO t (cols) VALUES (…) [ON CONFLICT (keys) DO …]`` →
  ``INSERT INTO t (cols) SELECT * FROM unnest(%s::type[], …) [ON CONFLICT (keys) DO …]``;
- ``UPDATE t SET a = %(x)s, … WHERE t.k = %(y)s`` →
  ``UPDATE t SET a = s.v0, … FROM unnest(%s::type[], …) AS s(k, v0, …) WHERE t.k = s.k``.

Same rows, same transaction, same result; the triggers run once per batch. Anything
else — a small batch, an expression instead of a plain parameter, the same key twice
in one batch (per-row semantics could differ) — runs row by row as before.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

#: batches smaller than this run row by row
MIN_ROWS = 32

_NAME = r'(?:"[^"]+"|\w+)'
_PARAM = re.compile(r"%\((\w+)\)s(?:::\w+)?")
_INSERT = re.compile(
    rf"INSERT INTO ({_NAME}) \(([^)]*)\) VALUES \((.*?)\)(?: ON CONFLICT \(([^)]*)\) (DO .*))?",
    re.DOTALL,
)
_UPDATE = re.compile(
    rf"UPDATE ({_NAME}) SET (.*) WHERE {_NAME}\.({_NAME}) = (%\(\w+\)s(?:::\w+)?)", re.DOTALL
)


def _split(text: str) -> list[str]:
    return [p.strip() for p in text.split(",")]


def _params(values: Sequence[str]) -> list[str] | None:
    names: list[str] = []
    for value in values:
        m = _PARAM.fullmatch(value)
        if not m:
            return None  # an expression or a literal: row by row
        names.append(m.group(1))
    return names


def _unique(parameters: Sequence[dict[str, Any]], keys: Sequence[str]) -> bool:
    return len({tuple(p[k] for k in keys) for p in parameters}) == len(parameters)


def _types(context: Any, columns: Sequence[str]) -> list[str] | None:
    """The PostgreSQL types of these columns of the statement's table."""
    try:
        table = context.compiled.statement.table
        dialect = context.dialect
        return [table.c[c.strip('"')].type.compile(dialect=dialect) for c in columns]
    except (AttributeError, KeyError):
        return None


def _arrays(parameters: Sequence[dict[str, Any]], names: Sequence[str]) -> list[list[Any]]:
    return [[p[n] for p in parameters] for n in names]


def batched_executemany(
    cursor: Any, statement: str, parameters: Sequence[Any], context: Any
) -> bool:
    """Run ``statement`` for every parameter set as one statement; False = not handled."""
    if len(parameters) < MIN_ROWS or not isinstance(parameters[0], dict):
        return False
    statement = statement.strip()
    m = _INSERT.fullmatch(statement)
    if m:
        table, cols, values, keys, action = m.groups()
        columns = _split(cols)
        names = _params(_split(values))
        types = _types(context, columns)
        if names is None or types is None or len(names) != len(columns):
            return False
        tail = ""
        if keys is not None:
            key_cols = _split(keys)
            if not set(key_cols) <= set(columns):
                return False
            key_names = [names[columns.index(k)] for k in key_cols]
            if not _unique(parameters, key_names):
                return False
            tail = f" ON CONFLICT ({keys}) {action}"
        arrays = ", ".join(f"%s::{t}[]" for t in types)
        cursor.execute(
            f"INSERT INTO {table} ({cols}) SELECT * FROM unnest({arrays}){tail}",
            _arrays(parameters, names),
        )
        return True
    m = _UPDATE.fullmatch(statement)
    if m:
        table, sets, key_col, key_param = m.groups()
        pairs = [s.split("=", 1) for s in _split(sets)]
        if any(len(p) != 2 for p in pairs):
            return False
        set_cols = [p[0].strip() for p in pairs]
        names = _params([p[1].strip() for p in pairs])
        key = _params([key_param])
        types = _types(context, [key_col, *set_cols])
        if names is None or key is None or types is None or not _unique(parameters, key):
            return False
        aliases = [f"v{i}" for i in range(len(set_cols))]
        arrays = ", ".join(f"%s::{t}[]" for t in types)
        assignments = ", ".join(f"{c} = s.{a}" for c, a in zip(set_cols, aliases, strict=True))
        cursor.execute(
            f"UPDATE {table} SET {assignments} FROM unnest({arrays})"
            f" AS s(k, {', '.join(aliases)}) WHERE {table}.{key_col} = s.k",
            _arrays(parameters, [key[0], *names]),
        )
        return True
    return False


def install(engine: Engine) -> None:
    """Route the engine's ``executemany()`` batches through :func:`batched_executemany`."""
    from sqlalchemy import event

    @event.listens_for(engine, "do_executemany")
    def _do_executemany(cursor: Any, statement: str, parameters: Any, context: Any) -> bool:
        return batched_executemany(cursor, statement, parameters, context)
