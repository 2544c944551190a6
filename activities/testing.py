"""Factories for activity tests."""

import datetime as dt
from typing import Any

from django.utils import timezone

from activities import services
from activities.models import Activity


def make_activity(
    community, *, by=None, places=20, publish=True, starts_in=dt.timedelta(days=2), hours=2, **kw: Any
) -> Activity:
    starts = timezone.now().replace(microsecond=0) + starts_in
    kw.setdefault("signup_deadline", starts - dt.timedelta(hours=1))
    activity = services.create_activity(
        by=by,
        community=community,
        title=kw.pop("title", "义诊"),
        kind=kw.pop("kind", Activity.Kind.FREE_CLINIC),
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=hours),
        places=places,
        **kw,
    )
    if publish:
        Activity.objects.filter(pk=activity.pk).update(status=Activity.Status.PUBLISHED)
        activity.refresh_from_db()
    return activity
