"""Restore a backup archive written by `manage.py backup` (core.backups), then check the audit chain."""

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from core import backups


class Command(BaseCommand):
    help = (
        "Put back the database and uploaded files of a backup archive: checks its checksums first, refuses a "
        "database that holds data unless --force, compares the counts and runs verify_audit afterwards. "
        "Stop the site (web server, task worker, scheduler) while it runs."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="The .tar.gz written by manage.py backup.")
        parser.add_argument("--force", action="store_true", help="Overwrite a database that holds data.")
        parser.add_argument("--database", default="default", help="The database to restore into (default %(default)s).")

    def handle(self, *args, **options):
        archive = options["archive"]
        if not archive.is_file():
            raise CommandError(_("There is no archive at %(path)s.") % {"path": archive})
        try:
            manifest = backups.restore(archive=archive, force=options["force"], using=options["database"])
        except backups.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            _("Restored the backup of %(when)s: %(rows)s rows and %(files)s uploaded files.")
            % {
                "when": manifest["created_at"],
                "rows": sum(manifest["counts"].values()),
                "files": len(manifest["files"]) - 1,
            }
        )
        call_command("verify_audit", database=options["database"], stdout=self.stdout, stderr=self.stderr)
