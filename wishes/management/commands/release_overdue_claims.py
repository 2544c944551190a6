"""Put wishes whose claim was not delivered in time back on the wall: the scheduler runs it hourly (wishes/jobs.py)."""

from django.core.management.base import BaseCommand

from wishes.services import release_overdue_claims


class Command(BaseCommand):
    help = "Release claims of wishes not delivered within the community's number of days, with a notice."

    def handle(self, *args, **options):
        released = release_overdue_claims()
        self.stdout.write(f"{released} claim(s) released.")
