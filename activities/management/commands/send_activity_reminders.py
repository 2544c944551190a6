"""Remind confirmed volunteers the day before an activity: the scheduler runs it hourly (activities/jobs.py);
each sign-up is reminded once."""

from django.core.management.base import BaseCommand

from activities.notifications import send_reminders


class Command(BaseCommand):
    help = "Remind confirmed volunteers of activities starting within the next 24 hours (once per sign-up)."

    def handle(self, *args, **options):
        sent = send_reminders()
        self.stdout.write(f"{sent} reminders sent.")
