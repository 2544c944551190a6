"""Record the service entries whose public notice has ended: the scheduler runs it hourly (volunteering/jobs.py);
--date catches up by hand."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from volunteering import services


class Command(BaseCommand):
    help = "Record the service entries whose public notice period has ended; totals and star levels follow."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", help="Close as of this day (YYYY-MM-DD) instead of today, e.g. to catch up after downtime."
        )

    def handle(self, *args, **options):
        today = None
        if options["date"]:
            try:
                today = dt.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError("Give the date as YYYY-MM-DD.") from exc
        closed = services.close_notices(today=today)
        self.stdout.write(f"{closed} entries recorded.")
