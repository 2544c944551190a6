"""Tamper evidence for append-only tables: a hash chain.

Each row of a chained table carries `chain_prev`, the hash of the row before it (by id), and
`chain_hash`, a SHA-256 over a canonical serialisation of its own columns and `chain_prev`. The
triggers of `core.append_only` refuse edits through the application's database account; the chain
shows edits made around them (a raw file edit, a dropped trigger): a changed row no longer matches
its hash, a deleted one breaks the link of the row after it. `manage.py verify_audit` walks it.

The hash is assigned at insert under a lock, so concurrent writers never fork the chain: on
PostgreSQL `core_chain_head()` (migration 0004) takes a transaction-level advisory lock and reads
the last hash in one round trip; on SQLite every transaction begins IMMEDIATE (config.settings),
which already serialises writers. The cost: one query per chained insert, and chained inserts of
concurrent transactions wait for each other's commit.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import connections, models, transaction
from django.utils.translation import gettext as _

PREV = "chain_prev"
HASH = "chain_hash"
HASH_LENGTH = 64  # hex digits of a SHA-256

M = TypeVar("M", bound=models.Model)

# PostgreSQL: lock the chain for the rest of the transaction, then read its head with a fresh
# snapshot. A VOLATILE PL/pgSQL function takes a new snapshot per statement in READ COMMITTED, so
# the head read after the wait sees the row the previous holder committed; one SELECT with the
# lock and a subquery would read with the snapshot taken before the wait, and fork the chain.
HEAD_FUNCTION_SQL = f"""
CREATE OR REPLACE FUNCTION core_chain_head(chain_table text) RETURNS text AS $$
DECLARE head text;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('core_chain:' || chain_table));
  EXECUTE format('SELECT {HASH} FROM %I ORDER BY id DESC LIMIT 1', chain_table) INTO head;
  RETURN coalesce(head, '');
END; $$ LANGUAGE plpgsql VOLATILE"""  # noqa: S608 - a constant
DROP_HEAD_FUNCTION_SQL = "DROP FUNCTION IF EXISTS core_chain_head(text)"


@dataclass(frozen=True)
class Chain:
    """A chained table: its model and the columns its hash covers (those that never change)."""

    model: type[models.Model]
    fields: tuple[str, ...]
    time_field: str = ""  # the column that says when a row was written, for reports

    @property
    def table(self) -> str:
        return self.model._meta.db_table


# name -> chain, walked by `manage.py verify_audit`: the audit log's (core.audit) and those the
# apps register from their AppConfig.ready() (the service-hour ledger).
CHAINS: dict[str, Chain] = {}


def register(name: str, chain: Chain) -> Chain:
    CHAINS[name] = chain
    return chain


def _plain(field: Any, value: Any) -> Any:
    """The value as JSON, the same whether it comes from Python before the insert or back from
    either database: datetimes in UTC to the microsecond, decimals to the column's places."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat(timespec="microseconds")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        places = getattr(field, "decimal_places", None)
        return str(value.quantize(decimal.Decimal(1).scaleb(-places)) if places is not None else value)
    if isinstance(value, dict | list | tuple):
        # A JSON column comes back as JSON parses it: tuples as lists, keys as strings.
        return json.loads(json.dumps(value))
    return value


def digest(model: type[models.Model], fields: tuple[str, ...], prev: str, values: Mapping[str, Any]) -> str:
    """The hash of one row: `values` by attribute name (`actor_id`, not `actor`)."""
    meta = model._meta  # get_field() knows attribute names too
    row = {name: _plain(meta.get_field(name), values[name]) for name in fields}
    text = json.dumps({"prev": prev, "row": row}, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def head(chain: Chain, *, using: str = "default") -> str:
    """The hash of the chain's last row ('' when empty); on PostgreSQL, also takes the chain's lock.

    Call inside the transaction that will insert the next row."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT core_chain_head(%s)", [chain.table])
        else:
            table = connection.ops.quote_name(chain.table)
            cursor.execute(f"SELECT {HASH} FROM {table} ORDER BY id DESC LIMIT 1")  # noqa: S608 - names from the model
        found = cursor.fetchone()
    return (found[0] if found else "") or ""


def create(chain: Chain, instance: M, *, using: str = "default") -> M:
    """Insert `instance` as the chain's next row, its hashes filled in; one query more than a save."""
    with transaction.atomic(using=using, savepoint=False):
        prev = head(chain, using=using)
        values = {name: getattr(instance, name) for name in chain.fields}
        setattr(instance, PREV, prev)
        setattr(instance, HASH, digest(chain.model, chain.fields, prev, values))
        instance.save(force_insert=True, using=using)
    return instance


def create_many(chain: Chain, instances: list[M], *, using: str = "default") -> list[M]:
    """Insert `instances` in order as the chain's next rows: one head read and one insert for all.

    The database must return the new ids (PostgreSQL, SQLite 3.35+) and give them in list order,
    which the chain's id order relies on, as a multi-row INSERT does on both."""
    if not instances:
        return instances
    with transaction.atomic(using=using, savepoint=False):
        prev = head(chain, using=using)
        for instance in instances:
            values = {name: getattr(instance, name) for name in chain.fields}
            setattr(instance, PREV, prev)
            prev = digest(chain.model, chain.fields, prev, values)
            setattr(instance, HASH, prev)
        chain.model._default_manager.using(using).bulk_create(instances)
    return instances


def rows(
    model: type[models.Model], fields: tuple[str, ...], *, batch: int = 2000, using: str = "default"
) -> Iterator[dict[str, Any]]:
    """Every row's id, hashed columns and hashes, in id order, `batch` at a time (keyset paging)."""
    after = 0
    manager = model._base_manager.using(using)
    while True:
        page = list(manager.filter(pk__gt=after).order_by("pk").values("pk", *fields, PREV, HASH)[:batch])
        yield from page
        if len(page) < batch:
            return
        after = page[-1]["pk"]


@dataclass(frozen=True)
class Break:
    """The first row where the chain does not hold, and why, in words."""

    id: int
    at: Any
    reason: str


@dataclass(frozen=True)
class Verdict:
    rows: int
    head: str
    broken: Break | None


def verify(chain: Chain, *, batch: int = 2000, using: str = "default", anchor: str = "") -> Verdict:
    """Walk the chain from its first row; stop at the first row that does not hold.

    `anchor`, a hash read earlier (a backup's manifest, last night's output), must still be in
    the chain: without it, rewriting every row after an edit, or cutting the tail, would pass."""
    prev, prev_id, count, anchored = "", None, 0, not anchor
    for row in rows(chain.model, chain.fields, batch=batch, using=using):
        count += 1
        at = row.get(chain.time_field) if chain.time_field else None
        reason = _fault(chain, row, prev, prev_id)
        if reason:
            return Verdict(rows=count, head=prev, broken=Break(id=row["pk"], at=at, reason=reason))
        prev, prev_id = row[HASH], row["pk"]
        anchored = anchored or prev == anchor
    if not anchored:
        reason = _("the hash %(anchor)s… recorded earlier is no longer in the chain: rows were rewritten or cut off.")
        return Verdict(
            rows=count, head=prev, broken=Break(id=prev_id or 0, at=None, reason=reason % {"anchor": anchor[:12]})
        )
    return Verdict(rows=count, head=prev, broken=None)


def _fault(chain: Chain, row: dict[str, Any], prev: str, prev_id: int | None) -> str:
    if not row[HASH]:
        return _("it has no hash: it was written around the application, or before the chain began.")
    if row[PREV] != prev:
        if prev_id is None:
            return _("it is the first row but names a row before it (%(hash)s…): earlier rows were deleted.") % {
                "hash": row[PREV][:12]
            }
        return _(
            "it names %(recorded)s… as the hash of the row before it, but row %(id)s has %(found)s…: "
            "rows between were deleted, or row %(id)s was rewritten."
        ) % {"recorded": row[PREV][:12] or "—", "found": prev[:12] or "—", "id": prev_id}
    expected = digest(chain.model, chain.fields, prev, row)
    if row[HASH] != expected:
        return _(
            "its contents no longer match its hash (stored %(stored)s…, computed %(computed)s…): "
            "it was changed after it was written."
        ) % {"stored": row[HASH][:12], "computed": expected[:12]}
    return ""


def relink(model: type[models.Model], fields: tuple[str, ...], *, using: str = "default", batch: int = 2000) -> int:
    """Chain every row from the first, in id order; for a migration, with the triggers lifted."""
    prev, count = "", 0
    pending: list[models.Model] = []
    manager = model._base_manager.using(using)
    for row in rows(model, fields, batch=batch, using=using):
        row_hash = digest(model, fields, prev, row)
        pending.append(model(pk=row["pk"], **{PREV: prev, HASH: row_hash}))
        prev = row_hash
        count += 1
        if len(pending) >= batch:
            manager.bulk_update(pending, [PREV, HASH])
            pending = []
    if pending:
        manager.bulk_update(pending, [PREV, HASH])
    return count
