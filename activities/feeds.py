"""iCalendar feeds of activities: a volunteer's confirmed activities (by secret link, so a phone
calendar can subscribe without logging in) and a community's published activities (public)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import icalendar
from django.utils import timezone

from activities.models import Activity, SignUp
from activities.notifications import activity_url

PAST_DAYS = 60  # old events stay a while so a phone keeps recent history, then drop out


def volunteer_activities(user: Any) -> Iterable[Activity]:
    """The activities the user's volunteer holds a confirmed place at (cancelled ones marked so)."""
    since = timezone.now() - dt.timedelta(days=PAST_DAYS)
    return (
        Activity.objects.filter(
            signups__volunteer__user=user, signups__status=SignUp.Status.CONFIRMED, ends_at__gte=since
        )
        .exclude(status=Activity.Status.DRAFT)
        .select_related("place")
        .distinct()
    )


def community_activities(community_id: int) -> Iterable[Activity]:
    since = timezone.now() - dt.timedelta(days=PAST_DAYS)
    return Activity.objects.filter(
        community_id=community_id,
        status__in=[Activity.Status.PUBLISHED, Activity.Status.FINISHED, Activity.Status.CANCELLED],
        ends_at__gte=since,
    ).select_related("place")


def to_ical(activities: Iterable[Activity], *, name: str, build_url) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Linli//activities//")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    for activity in activities:
        event = icalendar.Event()
        event.add("uid", f"activity-{activity.pk}@linli")
        event.add("summary", activity.title)
        event.add("dtstart", timezone.localtime(activity.starts_at))
        event.add("dtend", timezone.localtime(activity.ends_at))
        event.add("dtstamp", timezone.now())
        place = activity.place_text or (str(activity.place) if activity.place_id else "")
        if place:
            event.add("location", place)
        if activity.description:
            event.add("description", activity.description)
        url = activity_url(activity)
        if url:
            event.add("url", build_url(url))
        # A cancelled activity stays in the feed as cancelled so subscribed calendars remove it.
        event.add("status", "CANCELLED" if activity.status == Activity.Status.CANCELLED else "CONFIRMED")
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()
