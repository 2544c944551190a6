"""Back up the database and the uploaded files into one archive (core.backups)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from core import backups


class Command(BaseCommand):
    help = (
        "Write one .tar.gz (mode 0600) holding the database, the uploaded files and a manifest with counts and "
        "checksums, under var/backups/ unless --output names a file or a directory. Safe while the site runs."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", type=Path, help="The archive's file name (ending .tar.gz), or a directory to write it in."
        )
        parser.add_argument("--keep", type=int, help="Keep only the newest N archives of that directory.")
        parser.add_argument("--database", default="default", help="The database to back up (default %(default)s).")

    def handle(self, *args, **options):
        keep = options["keep"]
        if keep is not None and keep < 1:
            raise CommandError(_("Give --keep a whole number of archives above zero."))
        try:
            archive, manifest = backups.create(output=options["output"], keep=keep, using=options["database"])
        except backups.BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["counts"].values())
        files = len(manifest["files"]) - 1
        self.stdout.write(
            _("Backed up %(rows)s rows and %(files)s uploaded files to %(archive)s.")
            % {"rows": rows, "files": files, "archive": archive}
        )
