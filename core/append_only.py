"""Append-only tables: database triggers refuse deletes and changes of the protected columns.

Used by the migrations that create the triggers and by `flush`, which lifts them only to erase
the whole database (tests that reset it between cases go through there).

SQLite's INSERT OR REPLACE deletes the row it replaces without firing delete triggers unless
`PRAGMA recursive_triggers` is on: config.settings turns it on for every connection, and an
insert trigger refuses an id that exists, for a connection opened without that pragma.
"""

from dataclasses import dataclass

from django.db import migrations


@dataclass(frozen=True)
class AppendOnly:
    table: str
    # None: no update at all. A tuple: those columns never change (others, such as a status, may).
    columns: tuple[str, ...] | None = None

    @property
    def name(self) -> str:
        return f"{self.table}_append_only"

    def create_sql(self, vendor: str) -> list[str]:
        message = f"{self.table} is append-only"
        if vendor == "sqlite":
            of = f" OF {', '.join(self.columns)}" if self.columns else ""
            same_id = f"SELECT 1 FROM {self.table} WHERE id = NEW.id"  # noqa: S608 - names from code
            return [
                f"CREATE TRIGGER IF NOT EXISTS {self.name}_upd BEFORE UPDATE{of} ON {self.table} "
                f"BEGIN SELECT RAISE(ABORT, '{message}'); END",
                f"CREATE TRIGGER IF NOT EXISTS {self.name}_del BEFORE DELETE ON {self.table} "
                f"BEGIN SELECT RAISE(ABORT, '{message}'); END",
                f"CREATE TRIGGER IF NOT EXISTS {self.name}_ins BEFORE INSERT ON {self.table} "
                f"WHEN EXISTS ({same_id}) BEGIN SELECT RAISE(ABORT, '{message}'); END",
            ]
        if vendor == "postgresql":
            changed = " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in self.columns) if self.columns else "TRUE"
            return [
                f"""CREATE OR REPLACE FUNCTION {self.name}() RETURNS trigger AS $$
                BEGIN
                  IF TG_OP = 'UPDATE' AND NOT ({changed}) THEN RETURN NEW; END IF;
                  RAISE EXCEPTION '{message}';
                END; $$ LANGUAGE plpgsql""",
                f"CREATE TRIGGER {self.name}_row BEFORE UPDATE OR DELETE ON {self.table} "
                f"FOR EACH ROW EXECUTE FUNCTION {self.name}()",
                f"CREATE TRIGGER {self.name}_truncate BEFORE TRUNCATE ON {self.table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {self.name}()",
            ]
        return []

    def drop_sql(self, vendor: str) -> list[str]:
        if vendor == "sqlite":
            return [f"DROP TRIGGER IF EXISTS {self.name}_{op}" for op in ("upd", "del", "ins")]
        if vendor == "postgresql":
            return [
                f"DROP TRIGGER IF EXISTS {self.name}_row ON {self.table}",
                f"DROP TRIGGER IF EXISTS {self.name}_truncate ON {self.table}",
                f"DROP FUNCTION IF EXISTS {self.name}()",
            ]
        return []

    def migration_operation(self):
        def forwards(apps, schema_editor):
            for sql in self.create_sql(schema_editor.connection.vendor):
                schema_editor.execute(sql)

        def backwards(apps, schema_editor):
            for sql in self.drop_sql(schema_editor.connection.vendor):
                schema_editor.execute(sql)

        return migrations.RunPython(forwards, backwards)


# The service-hour ledger's columns that never change (its status and notice dates move), which
# its hash chain covers too (volunteering.models.LEDGER).
LEDGER_COLUMNS = (
    "volunteer_id",
    "kind",
    "corrects_id",
    "served_on",
    "start_time",
    "end_time",
    "hours",
    "content",
    "place",
    "reason",
    "recorded_by_id",
    "county_id",
    "community_id",
    "team_id",
    "created_at",
)
SERVICE_RECORDS = AppendOnly("volunteering_servicerecord", (*LEDGER_COLUMNS, "chain_prev", "chain_hash"))
# The ledger's triggers before its chain (volunteering 0007): the migrations before that one use it.
SERVICE_RECORDS_UNCHAINED = AppendOnly("volunteering_servicerecord", LEDGER_COLUMNS)
AUDIT_EVENTS = AppendOnly("core_auditevent")  # since core 0004; 0002 had triggers of its own
TABLES = [AUDIT_EVENTS, SERVICE_RECORDS]
