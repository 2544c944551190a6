"""The service-hour ledger becomes a hash chain (core.chain), like the audit log in core 0004.

Its triggers go first (SQLite rebuilds the table to add the columns, and the existing entries are
updated once to chain them), and come back covering the two hash columns too.
"""

import django.utils.timezone
from django.db import migrations, models

from core import chain
from core.append_only import LEDGER_COLUMNS, SERVICE_RECORDS, SERVICE_RECORDS_UNCHAINED


def _run(schema_editor, statements):
    for sql in statements:
        schema_editor.execute(sql)


def drop_old_triggers(apps, schema_editor):
    _run(schema_editor, SERVICE_RECORDS_UNCHAINED.drop_sql(schema_editor.connection.vendor))


def restore_old_triggers(apps, schema_editor):
    _run(schema_editor, SERVICE_RECORDS_UNCHAINED.create_sql(schema_editor.connection.vendor))


def chain_existing_entries(apps, schema_editor):
    chain.relink(apps.get_model("volunteering", "ServiceRecord"), LEDGER_COLUMNS, using=schema_editor.connection.alias)


def create_triggers(apps, schema_editor):
    _run(schema_editor, SERVICE_RECORDS.create_sql(schema_editor.connection.vendor))


def drop_triggers(apps, schema_editor):
    _run(schema_editor, SERVICE_RECORDS.drop_sql(schema_editor.connection.vendor))


class Migration(migrations.Migration):
    dependencies = [
        ("volunteering", "0006_ledger_no_replace"),
        ("core", "0004_audit_chain"),  # core_chain_head() on PostgreSQL
    ]

    operations = [
        migrations.RunPython(drop_old_triggers, restore_old_triggers),
        migrations.AddField(
            model_name="servicerecord",
            name="chain_hash",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="servicerecord",
            name="chain_prev",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AlterField(
            model_name="servicerecord",
            name="created_at",
            field=models.DateTimeField(default=django.utils.timezone.now, editable=False),
        ),
        migrations.RunPython(chain_existing_entries, migrations.RunPython.noop),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
