"""The team database's schema: ``team init``, ``team grant`` / ``revoke``.

- **One schema definition.** The tables are the local cache's SQLAlchemy Core tables
  (:func:`desktop.services.cache.tables`), created with ``create_all`` on
  PostgreSQL; ``meta.schema_version`` is the same number as the SQLite cache's.
  Migrations: ``team init`` on an existing database creates the tables a newer
  schema added (``checkfirst``) and runs :data:`TEAM_MIGRATIONS` for the team-only
  objects, then records both versions; a database newer than this program is refused.
- **Scoping.** ``team_scope`` maps database roles to customer groups (or to all
  customers). Row-level security on every table with customer data lets a role read
  only the customers of its groups (and their licences, freshness and groups);
  the table owner (the sync node) is not subject to it. Desktop roles get the
  ``partner_desk_reader`` role: SELECT, and INSERT into the audit log as themselves.
- **Notifications.** Statement-level triggers send the changed customer keys
  (``cid``, never names or ids: a listener outside the scope learns nothing) on
  :data:`~desktop.services.team.database.CHANGES_CHANNEL` when the transaction commits;
  licence fetch times alone (every sync touches every customer's) go to
  :data:`~desktop.services.team.database.FRESH_CHANNEL`, copied without a row refresh.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from desktop.services.cache import SCHEMA_VERSION, metadata, tables
from desktop.services.team.database import (
    BILLING_CHANNEL,
    CHANGES_CHANNEL,
    FRESH_CHANNEL,
    SCOPE_CHANNEL,
    TeamDatabaseError,
)

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine

#: version of the team-only objects (RLS, mapping, triggers)
TEAM_SCHEMA_VERSION = 2
READER_ROLE = "partner_desk_reader"
#: cids per notification (payloads must stay under 8000 bytes)
NOTIFY_CHUNK = 500
_ROLE = re.compile(r"[A-Za-z_][A-Za-z0-9_$.-]{0,62}")

_FUNCTIONS = f"""
CREATE TABLE IF NOT EXISTS team_scope (
    role_name text NOT NULL,
    group_id text NOT NULL DEFAULT '',
    all_customers boolean NOT NULL DEFAULT false,
    PRIMARY KEY (role_name, group_id)
);
REVOKE ALL ON team_scope FROM PUBLIC;

-- team schema 2: billing months as one row per line item (scoped per customer)
CREATE TABLE IF NOT EXISTS team_billing_months (
    month text PRIMARY KEY,
    fetched_at text NOT NULL,
    has_data integer NOT NULL
);
CREATE TABLE IF NOT EXISTS team_billing_lines (
    month text NOT NULL,
    pos integer NOT NULL,
    tenant_id text NOT NULL,
    item text NOT NULL,
    PRIMARY KEY (month, pos)
);
CREATE INDEX IF NOT EXISTS ix_team_billing_lines_tenant ON team_billing_lines (tenant_id);

CREATE OR REPLACE FUNCTION pd_scope_all(r name) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {{schema}}, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM team_scope WHERE role_name = r AND all_customers)
$$;
CREATE OR REPLACE FUNCTION pd_scope_groups(r name) RETURNS text[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {{schema}}, pg_temp AS $$
    SELECT coalesce(array_agg(group_id), '{{}}') FROM team_scope
    WHERE role_name = r AND NOT all_customers
$$;

CREATE OR REPLACE FUNCTION pd_notify_changes() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE chunk text;
BEGIN
    FOR chunk IN
        SELECT string_agg(cid::text, ',') FROM (
            SELECT cid, (row_number() OVER (ORDER BY cid) - 1) / {NOTIFY_CHUNK} AS part
            FROM new_rows) s
        GROUP BY part
    LOOP
        PERFORM pg_notify('{CHANGES_CHANNEL}', chunk);
    END LOOP;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION pd_notify_fresh() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE chunk text;
BEGIN
    FOR chunk IN
        SELECT string_agg(cid::text, ',') FROM (
            SELECT cid, (row_number() OVER (ORDER BY cid) - 1) / {NOTIFY_CHUNK} AS part
            FROM new_rows) s
        GROUP BY part
    LOOP
        PERFORM pg_notify('{FRESH_CHANNEL}', chunk);
    END LOOP;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION pd_notify_groups() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('{CHANGES_CHANNEL}', 'groups');
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION pd_notify_billing() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('{BILLING_CHANNEL}', '');
    RETURN NULL;
END $$;
"""

# Who may see a customer: all customers, or one of its groups (group_ids is
# "\x1f"-joined). The scope functions are evaluated once per query (sub-selects).
_CUSTOMER_VISIBLE = (
    "((SELECT pd_scope_all(current_user))"
    " OR string_to_array(group_ids, chr(31)) && (SELECT pd_scope_groups(current_user)))"
)

_POLICIES = f"""
ALTER TABLE customers ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS pd_scope ON customers;
CREATE POLICY pd_scope ON customers FOR SELECT USING {_CUSTOMER_VISIBLE};

ALTER TABLE licence_sets ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS pd_scope ON licence_sets;
CREATE POLICY pd_scope ON licence_sets FOR SELECT
    USING (EXISTS (SELECT 1 FROM customers c WHERE c.cid = licence_sets.cid));

ALTER TABLE lic_fresh ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS pd_scope ON lic_fresh;
CREATE POLICY pd_scope ON lic_fresh FOR SELECT
    USING (EXISTS (SELECT 1 FROM customers c WHERE c.cid = lic_fresh.cid));

ALTER TABLE groups ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS pd_scope ON groups;
CREATE POLICY pd_scope ON groups FOR SELECT
    USING ((SELECT pd_scope_all(current_user)) OR ARRAY[id::text] && (SELECT pd_scope_groups(current_user)));

-- the change feed and billing lines: only those of customers the role may see
-- (billing lines of accounts that are no customer: "all customers" roles only)
ALTER TABLE changes ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS pd_scope ON changes;
CREATE POLICY pd_scope ON changes FOR SELECT
    USING (EXISTS (SELECT 1 FROM customers c WHERE c.id = changes.tenant_id));

ALTER TABLE team_billing_lines ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS pd_scope ON team_billing_lines;
CREATE POLICY pd_scope ON team_billing_lines FOR SELECT
    USING ((SELECT pd_scope_all(current_user))
           OR EXISTS (SELECT 1 FROM customers c WHERE c.id = team_billing_lines.tenant_id));

-- the local-cache-only tables exist (one schema) but are not used in PostgreSQL:
-- closed to every role but the owner
ALTER TABLE billing_months ENABLE ROW LEVEL SECURITY;
ALTER TABLE customer_notes ENABLE ROW LEVEL SECURITY;
ALTER TABLE pins ENABLE ROW LEVEL SECURITY;
ALTER TABLE saved_views ENABLE ROW LEVEL SECURITY;

ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS pd_read ON audit_log;
CREATE POLICY pd_read ON audit_log FOR SELECT
    USING (actor = current_user OR (SELECT pd_scope_all(current_user)));
DROP POLICY IF EXISTS pd_write ON audit_log;
CREATE POLICY pd_write ON audit_log FOR INSERT WITH CHECK (actor = current_user);
"""


def _triggers() -> str:
    out: list[str] = []
    for table in ("customers", "licence_sets", "lic_fresh"):
        function = "pd_notify_fresh" if table == "lic_fresh" else "pd_notify_changes"
        for event in ("INSERT", "UPDATE"):
            name = f"pd_notify_{table}_{event.lower()}"
            out.append(f"DROP TRIGGER IF EXISTS {name} ON {table};")
            out.append(
                f"CREATE TRIGGER {name} AFTER {event} ON {table}"
                " REFERENCING NEW TABLE AS new_rows"
                f" FOR EACH STATEMENT EXECUTE FUNCTION {function}();"
            )
    out.append("DROP TRIGGER IF EXISTS pd_notify_billing ON team_billing_months;")
    out.append(
        "CREATE TRIGGER pd_notify_billing AFTER INSERT OR UPDATE OR DELETE"
        " ON team_billing_months FOR EACH STATEMENT EXECUTE FUNCTION pd_notify_billing();"
    )
    out.append("DROP TRIGGER IF EXISTS pd_notify_groups ON groups;")
    out.append(
        "CREATE TRIGGER pd_notify_groups AFTER INSERT OR UPDATE OR DELETE ON groups"
        " FOR EACH STATEMENT EXECUTE FUNCTION pd_notify_groups();"
    )
    return "\n".join(out)


def _grants() -> str:
    return f"""
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{READER_ROLE}') THEN
        CREATE ROLE {READER_ROLE} NOLOGIN;
    END IF;
END $$;
GRANT SELECT ON meta, customers, licence_sets, lic_fresh, groups, sync_runs, audit_log,
    changes, team_billing_months, team_billing_lines TO {READER_ROLE};
GRANT INSERT ON audit_log TO {READER_ROLE};
GRANT USAGE ON SEQUENCE audit_log_id_seq TO {READER_ROLE};
GRANT EXECUTE ON FUNCTION pd_scope_all(name), pd_scope_groups(name) TO {READER_ROLE};
"""


#: team-only migrations: version -> SQL that brings version-1 to version. Version 2
#: (billing lines, RLS on the change feed) only adds objects, which every ``team init``
#: creates when missing, so it needs no script of its own.
TEAM_MIGRATIONS: dict[int, str] = {}


def _run(conn: Connection, script: str) -> None:
    raw = conn.connection.driver_connection
    assert raw is not None
    raw.execute(script)  # psycopg 3: a multi-statement script without parameters


def _meta_value(conn: Connection, key: str) -> str | None:
    from sqlalchemy import select

    meta = tables()["meta"]
    value = conn.execute(select(meta.c.value).where(meta.c.key == key)).scalar()
    return str(value) if value is not None else None


def init_schema(engine: Engine) -> str:
    """Create or upgrade the team schema (idempotent); returns what was done."""
    from sqlalchemy import inspect

    from desktop.services.cache import upsert

    with engine.begin() as conn:
        conn.exec_driver_sql("SELECT pg_advisory_xact_lock(hashtext('partner_desk_init'))")
        existed = inspect(conn).has_table("meta")
        store_version = int(_meta_value(conn, "schema_version") or 0) if existed else 0
        team_version = int(_meta_value(conn, "team_schema_version") or 0) if existed else 0
        if store_version > SCHEMA_VERSION or team_version > TEAM_SCHEMA_VERSION:
            raise TeamDatabaseError(
                "The team database was set up by a newer version of Partner Desk "
                f"(schema {store_version}/{team_version}; this version knows "
                f"{SCHEMA_VERSION}/{TEAM_SCHEMA_VERSION})."
            )
        metadata().create_all(conn, checkfirst=True)
        schema = conn.exec_driver_sql("SELECT current_schema()").scalar()
        _run(conn, _FUNCTIONS.replace("{schema}", str(schema)))
        for version in range(team_version + 1, TEAM_SCHEMA_VERSION + 1):
            if version in TEAM_MIGRATIONS and team_version:
                _run(conn, TEAM_MIGRATIONS[version])
        _run(conn, _POLICIES)
        _run(conn, _triggers())
        _run(conn, _grants())
        conn.execute(
            upsert(conn, tables()["meta"], ["key"], ["value"]),
            [
                {"key": "schema_version", "value": str(SCHEMA_VERSION)},
                {"key": "team_schema_version", "value": str(TEAM_SCHEMA_VERSION)},
            ],
        )
    if not existed:
        return "created"
    if store_version < SCHEMA_VERSION or team_version < TEAM_SCHEMA_VERSION:
        return "upgraded"
    return "up to date"


def schema_problem(engine: Engine) -> str | None:
    """None when the schema is there and this program can write it."""
    from sqlalchemy import inspect

    with engine.connect() as conn:
        if not inspect(conn).has_table("meta"):
            return "The team database has no Partner Desk schema: run `partner-desk team init`."
        version = int(_meta_value(conn, "schema_version") or 0)
        team = int(_meta_value(conn, "team_schema_version") or 0)
    if version > SCHEMA_VERSION or team > TEAM_SCHEMA_VERSION:
        return "The team database was set up by a newer version of Partner Desk."
    if version < SCHEMA_VERSION or team < TEAM_SCHEMA_VERSION:
        return "The team database schema is older than this program: run `partner-desk team init`."
    return None


def check_role(role: str) -> str:
    if not _ROLE.fullmatch(role):
        raise TeamDatabaseError(f"{role!r} is not a valid database role name.")
    return role


def grant(
    engine: Engine, role: str, *, groups: Sequence[str] = (), all_customers: bool = False
) -> str:
    """Let ``role`` read the customers of ``groups`` (ids or names), or all customers.

    The role must exist (``CREATE ROLE … LOGIN``); it is made a member of the reader
    role. Desktops of that role are told to refresh their scope.
    """
    from sqlalchemy import text

    check_role(role)
    if not groups and not all_customers:
        raise TeamDatabaseError("Name at least one group (--groups) or give --all.")
    with engine.begin() as conn:
        exists = conn.execute(
            text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}
        ).scalar()
        if not exists:
            raise TeamDatabaseError(
                f"The database role {role!r} does not exist: create it first "
                f"(CREATE ROLE {role} LOGIN PASSWORD '…')."
            )
        ids: list[str] = []
        if groups:
            known = {
                **{name: gid for gid, name in conn.execute(text("SELECT id, name FROM groups"))},
                **{gid: gid for (gid,) in conn.execute(text("SELECT id FROM groups"))},
            }
            unknown = [g for g in groups if g not in known]
            if unknown:
                raise TeamDatabaseError(
                    "Unknown customer group(s): "
                    + ", ".join(unknown)
                    + ". Sync first, or use the group ids."
                )
            ids = [known[g] for g in groups]
        conn.execute(text(f'GRANT {READER_ROLE} TO "{role}"'))
        if all_customers:
            conn.execute(
                text(
                    "INSERT INTO team_scope (role_name, group_id, all_customers)"
                    " VALUES (:r, '', true) ON CONFLICT (role_name, group_id)"
                    " DO UPDATE SET all_customers = true"
                ),
                {"r": role},
            )
        for gid in ids:
            conn.execute(
                text(
                    "INSERT INTO team_scope (role_name, group_id) VALUES (:r, :g)"
                    " ON CONFLICT DO NOTHING"
                ),
                {"r": role, "g": gid},
            )
        conn.execute(text("SELECT pg_notify(:c, :r)"), {"c": SCOPE_CHANNEL, "r": role})
    return describe_scope(engine, role)


def revoke(
    engine: Engine, role: str, *, groups: Sequence[str] = (), all_customers: bool = False
) -> str:
    """Take groups (or "all customers", or with neither: everything) away from ``role``."""
    from sqlalchemy import text

    check_role(role)
    with engine.begin() as conn:
        if not groups and not all_customers:
            conn.execute(text("DELETE FROM team_scope WHERE role_name = :r"), {"r": role})
        if all_customers:
            conn.execute(
                text("DELETE FROM team_scope WHERE role_name = :r AND all_customers"), {"r": role}
            )
        if groups:
            names: dict[str, str] = {
                r[0]: r[1] for r in conn.execute(text("SELECT name, id FROM groups"))
            }
            for g in groups:
                conn.execute(
                    text("DELETE FROM team_scope WHERE role_name = :r AND group_id = :g"),
                    {"r": role, "g": names.get(g, g)},
                )
        conn.execute(text("SELECT pg_notify(:c, :r)"), {"c": SCOPE_CHANNEL, "r": role})
    return describe_scope(engine, role)


def describe_scope(engine: Engine, role: str) -> str:
    from sqlalchemy import text

    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT s.all_customers, s.group_id, g.name FROM team_scope s"
                " LEFT JOIN groups g ON g.id = s.group_id WHERE s.role_name = :r"
                " ORDER BY 1 DESC, 3"
            ),
            {"r": role},
        ).fetchall()
    if not rows:
        return f"{role}: no customers"
    if any(r[0] for r in rows):
        return f"{role}: all customers"
    return f"{role}: groups " + ", ".join(r[2] or r[1] for r in rows)


def scopes(engine: Engine) -> list[str]:
    from sqlalchemy import text

    with engine.connect() as conn:
        roles = [
            r[0] for r in conn.execute(text("SELECT DISTINCT role_name FROM team_scope ORDER BY 1"))
        ]
    return [describe_scope(engine, r) for r in roles]
