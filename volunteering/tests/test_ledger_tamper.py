"""The ledger's triggers cannot be sidestepped by a REPLACE (SQLite) or an upsert (both databases)."""

import datetime as dt
import sqlite3
from decimal import Decimal

import pytest
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
