"""`flush` erases the whole database, the append-only tables included.

Their triggers refuse deletes, so this command lifts them for the flush and puts them back
afterwards. Nothing else may delete those rows; tests that reset the database between cases
(live-server and race tests) go through here.
"""

from django.core.management.commands.flush import Command as FlushCommand
from django.db import connections

from core.append_only import TABLES


class Command(FlushCommand):
    def handle(self, **options):
        connection = connections[options["database"]]
        vendor = connection.vendor
        existing = set(connection.introspection.table_names())
        tables = [t for t in TABLES if t.table in existing]
        with connection.cursor() as cursor:
            for table in tables:
                for sql in table.drop_sql(vendor):
                    cursor.execute(sql)
        try:
            return super().handle(**options)
        finally:
            with connection.cursor() as cursor:
                for table in tables:
                    for sql in table.create_sql(vendor):
                        cursor.execute(sql)
