"""The wish wall's periodic jobs, run by `manage.py run_scheduler` (core.scheduler)."""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from core.scheduler import register_job
from wishes.services import release_overdue_claims


def register() -> None:
    # A claim is due in days; an hour late is soon enough to put the wish back with a notice.
    register_job(
        "release_overdue_claims",
        release_overdue_claims,
        every=dt.timedelta(hours=1),
        title=_("Put wishes not delivered in time back on the wall"),
    )
