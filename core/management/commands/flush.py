"""`flush` erases the whole database, the append-only audit log included.

The audit log's triggers refuse deletes, so this command lifts them for the flush and puts
them back afterwards. Nothing else may delete audit rows; tests that reset the database
between cases (live-server and race tests) go through here.
"""

import importlib

from django.core.management.commands.flush import Command as FlushCommand
from django.db import connections

triggers = importlib.import_module("core.migrations.0002_audit_append_only")


class Command(FlushCommand):
    def handle(self, **options):
        connection = connections[options["database"]]
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                for sql in triggers.SQLITE_REVERSE:
                    cursor.execute(sql.replace("DROP TRIGGER", "DROP TRIGGER IF EXISTS"))
            elif connection.vendor == "postgresql":
                cursor.execute("ALTER TABLE core_auditevent DISABLE TRIGGER USER")
        try:
            return super().handle(**options)
        finally:
            with connection.cursor() as cursor:
                if connection.vendor == "sqlite":
                    for sql in triggers.SQLITE:
                        cursor.execute(sql.replace("CREATE TRIGGER", "CREATE TRIGGER IF NOT EXISTS"))
                elif connection.vendor == "postgresql":
                    cursor.execute("ALTER TABLE core_auditevent ENABLE TRIGGER USER")
