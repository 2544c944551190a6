"""What volunteers are told about activities, written in the recipient's language and put in
the notification centre (which sends it on through the enabled channels after commit)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities.models import Activity, SignUp
from notifications.models import Notification
from notifications.services import notify

REMINDER_WINDOW = dt.timedelta(hours=24)


def _when(activity: Any) -> str:
    start, end = timezone.localtime(activity.starts_at), timezone.localtime(activity.ends_at)
    return f"{start:%Y-%m-%d %H:%M}–{end:%H:%M}"


def _place(activity: Any) -> str:
    return activity.place_text or (str(activity.place) if activity.place_id else "")


def activity_url(activity: Any) -> str:
    try:
        return activity.get_absolute_url()
    except NoReverseMatch:  # the activity pages are not mounted (an API-only deployment)
        return ""


# The message of each event: (title, body) with the activity's title, time, place and a reason.
MESSAGES = {
    "activity.confirmed": (
        _("You have a place at %(title)s"),
        _("Your sign-up is confirmed. It takes place %(when)s at %(place)s."),
    ),
    "activity.waitlisted": (
        _("You are on the waitlist for %(title)s"),
        _(
            "All places are taken, so you are on the waitlist. If a place comes free you will be "
            "confirmed in the order you signed up, and told."
        ),
    ),
    "activity.promoted": (
        _("A place came free: you are now confirmed for %(title)s"),
        _("Someone cancelled and you have their place. It takes place %(when)s at %(place)s."),
    ),
    "activity.changed": (
        _("%(title)s has changed"),
        _("The organiser changed the activity. It now takes place %(when)s at %(place)s; check the details."),
    ),
    "activity.cancelled": (
        _("%(title)s is cancelled"),
        _("The activity planned for %(when)s is cancelled. The reason given: %(reason)s"),
    ),
    "activity.rejected": (
        _("Your sign-up for %(title)s was not accepted"),
        _("The team leader did not accept your sign-up. You can sign up for other activities."),
    ),
    "activity.reminder": (
        _("Reminder: %(title)s is tomorrow"),
        _("It takes place %(when)s at %(place)s. If you cannot come, cancel so someone on the waitlist can."),
    ),
}


def deliver(*, event: str, activity: Any, volunteers: list[Any], reason: str = "", key: str | None = None) -> list[Any]:
    """Notify each volunteer with a user account; volunteers without one have no centre to read.

    Each reads it in their own language: the notification keeps the event and its facts."""
    params = {"title": activity.title, "when": _when(activity), "place": _place(activity), "reason": reason}
    made = []
    for volunteer in volunteers:
        user = volunteer.user if volunteer.user_id else None
        if user is None or not user.is_active:
            continue
        notification = notify(user=user, kind=f"activity.{event}", params=params, url=activity_url(activity), key=key)
        if notification is not None:
            made.append(notification)
    return made


def send_reminders(*, now: dt.datetime | None = None) -> int:
    """Remind confirmed volunteers of activities starting within the next day; once per sign-up.

    Idempotent: each reminder carries the sign-up's key, so running this hourly sends nothing twice.
    """
    now = now or timezone.now()
    signups = list(
        SignUp.objects.filter(
            status=SignUp.Status.CONFIRMED,
            activity__status=Activity.Status.PUBLISHED,
            activity__starts_at__gt=now,
            activity__starts_at__lte=now + REMINDER_WINDOW,
            volunteer__user__isnull=False,
        ).select_related("activity", "activity__place", "volunteer__user")
    )
    done = set(Notification.objects.filter(key__in=[reminder_key(s) for s in signups]).values_list("key", flat=True))
    sent = 0
    for signup in signups:
        if reminder_key(signup) in done:
            continue
        with transaction.atomic():  # each reminder commits (and is sent) on its own
            sent += len(
                deliver(
                    event="reminder", activity=signup.activity, volunteers=[signup.volunteer], key=reminder_key(signup)
                )
            )
    return sent


def reminder_key(signup: Any) -> str:
    return f"activity.reminder:{signup.pk}"
