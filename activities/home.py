"""The home page's card of activities coming up: a volunteer's sign-ups, what a leader or staff organise."""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from activities.models import Activity, SignUp
from activities.queries import RECORD, activities_for_user
from core.scoping import scope_for

SHOWN = 3


def _line(activity: Activity) -> tuple[str, str]:
    return f"{timezone.localtime(activity.starts_at):%m-%d %H:%M} {activity.title}", activity.get_absolute_url()


def coming_up(request: Any) -> dict | None:
    user, now = request.user, timezone.now()
    scope = scope_for(user)
    volunteer_ids = scope.own_volunteer_ids()
    organises = scope.is_superuser or scope.community_ids(RECORD) or scope.areas.get(RECORD, {}).get("team")
    if not (volunteer_ids or organises):
        return None
    live = [SignUp.Status.CONFIRMED, SignUp.Status.WAITLISTED, SignUp.Status.PENDING]
    mine = Activity.objects.filter(
        signups__volunteer_id__in=volunteer_ids, signups__status__in=live, ends_at__gt=now
    ).exclude(status=Activity.Status.CANCELLED)
    led = (
        activities_for_user(user, RECORD).filter(ends_at__gt=now, status=Activity.Status.PUBLISHED)
        if organises
        else Activity.objects.none()
    )
    shown = (mine | led).distinct().order_by("starts_at", "pk")[:SHOWN]
    return {
        "title": _("Activities coming up"),
        "items": [_line(a) for a in shown],
        "empty": _("Nothing coming up. Look at the upcoming activities to sign up."),
    }
