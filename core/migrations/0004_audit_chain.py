"""The audit log becomes a hash chain (core.chain), and its triggers those of core.append_only.

The triggers of 0002 go first: SQLite rebuilds the table to add the columns (which drops them
anyway) and the existing rows must be updated once to chain them. The new triggers add, on
SQLite, the refusal of INSERT OR REPLACE over an existing row.
"""

import importlib

import django.utils.timezone
from django.db import migrations, models

from core import chain
from core.append_only import AUDIT_EVENTS

old = importlib.import_module("core.migrations.0002_audit_append_only")

# The columns the hash covers, as core.audit.CHAIN had them when this migration was written.
FIELDS = (
    "at",
    "actor_id",
    "actor_name",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "community_id",
    "county_id",
    "origin",
    "details",
)


def drop_old_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in {"sqlite": old.SQLITE_REVERSE, "postgresql": old.POSTGRES_REVERSE}.get(vendor, []):
        schema_editor.execute(
            sql.replace("DROP TRIGGER", "DROP TRIGGER IF EXISTS").replace("DROP FUNCTION", "DROP FUNCTION IF EXISTS")
        )


def restore_old_triggers(apps, schema_editor):
    old.forwards(apps, schema_editor)


def chain_existing_rows(apps, schema_editor):
    chain.relink(apps.get_model("core", "AuditEvent"), FIELDS, using=schema_editor.connection.alias)


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in AUDIT_EVENTS.create_sql(vendor):
        schema_editor.execute(sql)
    if vendor == "postgresql":
        schema_editor.execute(chain.HEAD_FUNCTION_SQL, params=None)  # "%I" is no placeholder


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in AUDIT_EVENTS.drop_sql(vendor):
        schema_editor.execute(sql)
    if vendor == "postgresql":
        schema_editor.execute(chain.DROP_HEAD_FUNCTION_SQL)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_scheduled_jobs"),
    ]

    operations = [
        migrations.RunPython(drop_old_triggers, restore_old_triggers),
        migrations.AddField(
            model_name="auditevent",
            name="chain_hash",
            field=models.CharField(blank=True, editable=False, max_length=64, verbose_name="hash"),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="chain_prev",
            field=models.CharField(blank=True, editable=False, max_length=64, verbose_name="hash of the previous row"),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="at",
            field=models.DateTimeField(
                db_index=True, default=django.utils.timezone.now, editable=False, verbose_name="when"
            ),
        ),
        migrations.RunPython(chain_existing_rows, migrations.RunPython.noop),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
