"""The ledger's triggers cannot be sidestepped by a REPLACE (SQLite) or an upsert (both databases),
and its hash chain names an entry changed or deleted behind them."""

import datetime as dt
import io
import sqlite3
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from volunteering import services
from volunteering.models import ServiceRecord


def entry(vworld, staff_a):
    served_on = dt.date.today() - dt.timedelta(days=1)
    return services.record_service(
        by=staff_a, volunteer=vworld.member, served_on=served_on, content="巡逻", hours=Decimal(2)
    )


def copy_over(record_id, how):
    """An insert of a copy of the entry, with 9 hours, over the entry itself."""
    columns = [f.column for f in ServiceRecord._meta.concrete_fields if f.column not in ("id", "hours")]
    names = ", ".join(columns)
    return (
        f"{how} INTO volunteering_servicerecord (id, hours, {names}) "  # noqa: S608 - names from the model
        f"SELECT id, 9, {names} FROM volunteering_servicerecord WHERE id = {record_id}"
    )


def test_upsert_over_an_entry_is_refused(vworld, staff_a):
    record = entry(vworld, staff_a)
    sql = copy_over(record.pk, "INSERT") + " ON CONFLICT (id) DO UPDATE SET hours = excluded.hours"
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    assert ServiceRecord.objects.get(pk=record.pk).hours == Decimal(2)


def test_replace_over_an_entry_is_refused_on_sqlite(vworld, staff_a):
    if connection.vendor != "sqlite":
        pytest.skip("REPLACE is SQLite's")
    record = entry(vworld, staff_a)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(copy_over(record.pk, "INSERT OR REPLACE"))
    assert ServiceRecord.objects.get(pk=record.pk).hours == Decimal(2)


@pytest.mark.django_db(transaction=True)
def test_replace_is_refused_on_a_connection_without_recursive_triggers(vworld, staff_a):
    if connection.vendor != "sqlite":
        pytest.skip("REPLACE is SQLite's")
    record = entry(vworld, staff_a)
    raw = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None)
    try:
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            raw.execute(copy_over(record.pk, "INSERT OR REPLACE"))
    finally:
        raw.close()
    assert ServiceRecord.objects.get(pk=record.pk).hours == Decimal(2)


def lift_triggers():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for op in ("upd", "del", "ins"):
                cursor.execute(f"DROP TRIGGER volunteering_servicerecord_append_only_{op}")
        else:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # queued foreign-key checks first
            cursor.execute("ALTER TABLE volunteering_servicerecord DISABLE TRIGGER USER")


def entries(vworld, staff_a, count):
    return [
        services.record_service(
            by=staff_a,
            volunteer=vworld.member,
            served_on=dt.date.today() - dt.timedelta(days=n + 1),
            content="巡逻",
            hours=Decimal(2),
        )
        for n in range(count)
    ]


def test_each_entry_carries_the_hash_of_the_one_before(vworld, staff_a):
    first, second = entries(vworld, staff_a, 2)
    correction = services.correct_record(by=staff_a, record=first, hours=Decimal(1), reason="多记了一小时")
    assert (second.chain_prev, correction.chain_prev) == (first.chain_hash, second.chain_hash)
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    assert "service records: 3 rows, chain intact" in out.getvalue()


def test_verify_names_an_entry_whose_hours_were_changed(vworld, staff_a):
    rows = entries(vworld, staff_a, 3)
    lift_triggers()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE volunteering_servicerecord SET hours = 9 WHERE id = %s", [rows[1].pk])
    with pytest.raises(CommandError, match=rf"service records: .*broken at row {rows[1].pk} .*changed after"):
        call_command("verify_audit", stdout=io.StringIO())


def test_verify_names_the_entry_after_one_deleted(vworld, staff_a):
    rows = entries(vworld, staff_a, 3)
    lift_triggers()
    ServiceRecord.objects.filter(pk=rows[1].pk).delete()
    with pytest.raises(CommandError, match=rf"service records: .*broken at row {rows[2].pk} .*deleted"):
        call_command("verify_audit", stdout=io.StringIO())
