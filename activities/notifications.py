"""What volunteers are told about activities, written in the recipient's language and put in
the notification centre (which sends it on through the enabled channels after commit)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import NoReverseMatch
from django.utils import timezone, translation
from django.utils.translation import gettext as _

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


def _message(event: str, activity: Any, reason: str) -> tuple[str, str]:
    """Title and body of one event, in the active language."""
    names = {"title": activity.title, "when": _when(activity), "place": _place(activity), "reason": reason}
    titles = {
        "confirmed": _("You have a place at %(title)s"),
        "waitlisted": _("You are on the waitlist for %(title)s"),
        "promoted": _("A place came free: you are now confirmed for %(title)s"),
        "changed": _("%(title)s has changed"),
        "cancelled": _("%(title)s is cancelled"),
        "rejected": _("Your sign-up for %(title)s was not accepted"),
        "reminder": _("Reminder: %(title)s is tomorrow"),
    }
    bodies = {
        "confirmed": _("Your sign-up is confirmed. It takes place %(when)s at %(place)s."),
        "waitlisted": _(
            "All places are taken, so you are on the waitlist. If a place comes free you will be "
            "confirmed in the order you signed up, and told."
        ),
        "promoted": _("Someone cancelled and you have their place. It takes place %(when)s at %(place)s."),
        "changed": _(
            "The organiser changed the activity. It now takes place %(when)s at %(place)s; check the details."
        ),
        "cancelled": _("The activity planned for %(when)s is cancelled. The reason given: %(reason)s"),
        "rejected": _("The team leader did not accept your sign-up. You can sign up for other activities."),
        "reminder": _(
            "It takes place %(when)s at %(place)s. If you cannot come, cancel so someone on the waitlist can."
        ),
    }
    return titles[event] % names, bodies[event] % names


def deliver(*, event: str, activity: Any, volunteers: list[Any], reason: str = "", key: str | None = None) -> list[Any]:
    """Notify each volunteer with a user account; volunteers without one have no centre to read."""
    made = []
    for volunteer in volunteers:
        user = volunteer.user if volunteer.user_id else None
        if user is None or not user.is_active:
            continue
        language = getattr(user, "language", "") or settings.LANGUAGE_CODE
        with translation.override(language):
            title, body = _message(event, activity, reason)
        notification = notify(
            user=user, kind=f"activity.{event}", title=title, body=body, url=activity_url(activity), key=key
        )
        if notification is not None:
            made.append(notification)
    return made


def send_reminders(*, now: dt.datetime | None = None) -> int:
    """Remind confirmed volunteers of activities starting within the next day; once per sign-up.

    Idempotent: each reminder carries the sign-up's key, so running this hourly sends nothing twice.
    """
    from activities.models import Activity, SignUp

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
