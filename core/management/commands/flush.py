"""`flush` erases the whole database, the append-only tables included.

Their triggers refuse deletes, so this command lifts them for the flush and puts them back
afterwards. Nothing else may delete those rows; tests that reset the database between cases
(live-server and race tests) go through here.
"""

import importlib

from django.core.management.commands.flush import Command as FlushCommand
from django.db import connections

from core.append_only import TABLES

audit_triggers = importlib.import_module("core.migrations.0002_audit_append_only")


class Command(FlushCommand):
    def handle(self, **options):
        connection = connections[options["database"]]
        vendor = connection.vendor
        existing = set(connection.introspection.table_names())
        tables = [t for t in TABLES if t.table in existing]
        with connection.cursor() as cursor:
            if vendor == "sqlite":
                for sql in audit_triggers.SQLITE_REVERSE:
                    cursor.execute(sql.replace("DROP TRIGGER", "DROP TRIGGER IF EXISTS"))
            elif vendor == "postgresql":
                cursor.execute("ALTER TABLE core_auditevent DISABLE TRIGGER USER")
            for table in tables:
                for sql in table.drop_sql(vendor):
                    cursor.execute(sql)
        try:
            return super().handle(**options)
        finally:
            with connection.cursor() as cursor:
                if vendor == "sqlite":
                    for sql in audit_triggers.SQLITE:
                        cursor.execute(sql.replace("CREATE TRIGGER", "CREATE TRIGGER IF NOT EXISTS"))
                elif vendor == "postgresql":
                    cursor.execute("ALTER TABLE core_auditevent ENABLE TRIGGER USER")
                for table in tables:
                    for sql in table.create_sql(vendor):
                        cursor.execute(sql)
