"""The periodic jobs page: when each job last ran, what it did, and its last error."""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import scheduler
from core.models import ScheduledJob
from core.roles import Cap
from core.scoping import scope_for


def every_text(every: dt.timedelta) -> str:
    seconds = int(every.total_seconds())
    if seconds % 86400 == 0:
        days = seconds // 86400
        return ngettext("every day", "every %(count)s days", days) % {"count": days}
    if seconds % 3600 == 0:
        hours = seconds // 3600
        return ngettext("every hour", "every %(count)s hours", hours) % {"count": hours}
    if seconds % 60 == 0:
        minutes = seconds // 60
        return ngettext("every minute", "every %(count)s minutes", minutes) % {"count": minutes}
    return ngettext("every second", "every %(count)s seconds", seconds) % {"count": seconds}


@login_required
def job_list(request):
    # Jobs serve the whole deployment, so the page is for those who look after all of it.
    if not scope_for(request.user).has(Cap.JOBS_VIEW):
        raise PermissionDenied
    now = timezone.now()
    rows = {row.name: row for row in ScheduledJob.objects.filter(name__in=list(scheduler.JOBS))}
    jobs = []
    for job in scheduler.registered_jobs():
        row = rows.get(job.name)
        jobs.append(
            {
                "job": job,
                "every": every_text(job.every),
                "row": row,
                "running": bool(row and row.running_until and row.running_until > now),
            }
        )
    context = {"jobs": jobs, "breadcrumbs": [(_("Periodic jobs"), "")]}
    return render(request, "core/job_list.html", context)
