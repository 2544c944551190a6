"""The activities module's periodic jobs, run by `manage.py run_scheduler` (core.scheduler)."""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from activities.notifications import send_reminders
from activities.services import finish_ended_activities
from core.scheduler import register_job


def register() -> None:
    # Reminders go the day before; each sign-up is reminded once however often this runs.
    register_job(
        "send_activity_reminders",
        send_reminders,
        every=dt.timedelta(hours=1),
        title=_("Remind volunteers of the next day's activities"),
    )
    register_job(
        "finish_activities",
        finish_ended_activities,
        every=dt.timedelta(hours=1),
        title=_("Mark ended activities finished"),
    )
