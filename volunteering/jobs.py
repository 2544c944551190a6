"""The volunteering module's periodic jobs, run by `manage.py run_scheduler` (core.scheduler)."""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from core.scheduler import register_job
from volunteering.services import close_notices


def register() -> None:
    # Entries leave their notice period once a day; checking hourly catches up soon after downtime.
    register_job(
        "close_notices",
        close_notices,
        every=dt.timedelta(hours=1),
        title=_("Record service hours whose public notice has ended"),
    )
