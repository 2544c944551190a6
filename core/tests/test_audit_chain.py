"""Tamper evidence of the audit log: no REPLACE or upsert around the triggers, and a hash chain
that `verify_audit` walks, naming the first row changed or deleted behind the application's back.
Run on SQLite and on PostgreSQL (DATABASE_URL)."""

import io
import sqlite3
import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from core.audit import record_event
from core.models import AuditEvent

COLUMNS = "at, actor_name, action, object_type, object_id, object_repr, origin, details, chain_prev, chain_hash"
VALUES = "'2026-01-01 00:00:00', 'x', 'tampered', '', '', '', '', '{}', '', ''"


def events(count):
    return [record_event(by=None, action="test.event", details={"n": n, "note": f"第{n}条"}) for n in range(count)]


def lift_triggers():
    """What an intruder with the database file or the owner's account would do first."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for op in ("upd", "del", "ins"):
                cursor.execute(f"DROP TRIGGER core_auditevent_append_only_{op}")
        else:
            # The foreign-key checks queued by this test's inserts must run before the ALTER.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE core_auditevent DISABLE TRIGGER USER")


def verify(*args):
    out = io.StringIO()
    call_command("verify_audit", "--batch", "2", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_insert_or_replace_is_refused_on_sqlite():
    if connection.vendor != "sqlite":
        pytest.skip("REPLACE is SQLite's")
    event = events(1)[0]
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"INSERT OR REPLACE INTO core_auditevent (id, {COLUMNS}) VALUES ({event.pk}, {VALUES})")  # noqa: S608
    assert AuditEvent.objects.get(pk=event.pk).action == "test.event"


@pytest.mark.django_db(transaction=True)
def test_replace_is_refused_even_without_recursive_triggers():
    # A connection opened by hand (the sqlite3 shell) does not run the settings' PRAGMAs.
    if connection.vendor != "sqlite":
        pytest.skip("REPLACE is SQLite's")
    event = events(1)[0]
    raw = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None)
    try:
        assert raw.execute("PRAGMA recursive_triggers").fetchone() == (0,)
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            raw.execute(f"INSERT OR REPLACE INTO core_auditevent (id, {COLUMNS}) VALUES ({event.pk}, {VALUES})")  # noqa: S608
    finally:
        raw.close()
    assert AuditEvent.objects.get(pk=event.pk).action == "test.event"


@pytest.mark.django_db
def test_upsert_over_an_existing_row_is_refused():
    event = events(1)[0]
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO core_auditevent (id, {COLUMNS}) VALUES ({event.pk}, {VALUES}) "  # noqa: S608
            "ON CONFLICT (id) DO UPDATE SET action = excluded.action"
        )
    assert AuditEvent.objects.get(pk=event.pk).action == "test.event"


@pytest.mark.django_db
def test_each_row_carries_the_hash_of_the_one_before():
    first, second, third = events(3)
    assert first.chain_prev == "" or AuditEvent.objects.filter(pk__lt=first.pk).exists()
    assert (second.chain_prev, third.chain_prev) == (first.chain_hash, second.chain_hash)
    assert len({first.chain_hash, second.chain_hash, third.chain_hash}) == 3
    stored = AuditEvent.objects.get(pk=third.pk)
    assert (stored.chain_prev, stored.chain_hash) == (third.chain_prev, third.chain_hash)


@pytest.mark.django_db
def test_verify_says_the_chain_is_intact():
    events(5)
    assert "audit events: 5 rows, chain intact" in verify()


@pytest.mark.django_db
def test_verify_names_a_row_edited_around_the_triggers():
    rows = events(5)
    lift_triggers()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET origin = '10.0.0.1' WHERE id = %s", [rows[2].pk])
    with pytest.raises(CommandError, match=rf"broken at row {rows[2].pk} .*changed after it was written"):
        verify()


@pytest.mark.django_db
def test_verify_names_the_row_after_one_deleted():
    rows = events(5)
    lift_triggers()
    AuditEvent.objects.filter(pk=rows[2].pk).delete()
    with pytest.raises(CommandError, match=rf"broken at row {rows[3].pk} .*row {rows[1].pk}.*deleted"):
        verify()


@pytest.mark.django_db
def test_verify_names_the_first_row_if_earlier_ones_were_deleted():
    rows = events(3)
    lift_triggers()
    AuditEvent.objects.filter(pk=rows[0].pk).delete()
    with pytest.raises(CommandError, match=rf"broken at row {rows[1].pk} .*earlier rows were deleted"):
        verify()


@pytest.mark.django_db
def test_verify_notices_a_tail_cut_off_after_an_anchor_was_taken():
    rows = events(4)
    assert "chain intact" in verify("--anchor", rows[-1].chain_hash)
    lift_triggers()
    AuditEvent.objects.filter(pk__gte=rows[2].pk).delete()
    assert "chain intact" in verify()  # the chain alone cannot tell a cut tail
    with pytest.raises(CommandError, match="no longer in the chain"):
        verify("--anchor", rows[-1].chain_hash)


@pytest.mark.django_db
def test_verify_names_a_row_written_around_the_application():
    events(2)
    stray = AuditEvent.objects.create(action="test.stray")
    with pytest.raises(CommandError, match=rf"broken at row {stray.pk} .*no hash"):
        verify()


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_never_fork_the_chain():
    writers, each = 6, 5
    barrier = threading.Barrier(writers)
    errors = []

    def write(i):
        try:
            barrier.wait()
            for n in range(each):
                with transaction.atomic():
                    record_event(by=None, action="test.race", details={"writer": i, "n": n})
                    record_event(by=None, action="test.race", details={"writer": i, "n": n, "second": True})
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(i,)) for i in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert AuditEvent.objects.filter(action="test.race").count() == writers * each * 2
    assert "chain intact" in verify()
