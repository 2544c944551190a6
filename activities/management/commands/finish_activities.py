"""Mark activities finished once their check-out window has closed: the scheduler runs it hourly (activities/jobs.py)."""

from django.core.management.base import BaseCommand

from activities.services import finish_ended_activities


class Command(BaseCommand):
    help = "Mark published activities whose check-out window has closed as finished."

    def handle(self, *args, **options):
        self.stdout.write(f"{finish_ended_activities()} activities finished.")
