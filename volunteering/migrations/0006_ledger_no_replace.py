"""SQLite: the ledger's insert trigger refuses INSERT OR REPLACE over an existing entry.

The update and delete triggers exist already (CREATE ... IF NOT EXISTS leaves them as they are).
"""

from django.db import migrations

from core.append_only import SERVICE_RECORDS_UNCHAINED as SERVICE_RECORDS


def add_insert_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in SERVICE_RECORDS.create_sql("sqlite"):
            schema_editor.execute(sql)


def drop_insert_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {SERVICE_RECORDS.name}_ins")


class Migration(migrations.Migration):
    dependencies = [("volunteering", "0005_signup_limit_per_phone_and_device")]
    operations = [migrations.RunPython(add_insert_trigger, drop_insert_trigger)]
