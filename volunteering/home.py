"""The home page's volunteering cards: an applicant's registration, a leader's requests to join."""

import datetime as dt
from typing import Any

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext

from core.roles import Cap
from core.scoping import scope_for
from volunteering.models import TeamMembership, Volunteer
from volunteering.scoping import SELF

APPROVED_SHOWN = dt.timedelta(days=30)  # long enough to be seen, short enough not to linger


ROLE_NOTES = {
    Volunteer.Status.PENDING: _lazy("You will have the volunteer role once your registration is approved."),
    Volunteer.Status.REJECTED: _lazy("You have no role: your volunteer registration was not approved."),
}


def my_registration(request: Any) -> dict | None:
    """Where the user's own volunteer registration stands: waiting, declined (why) or just approved.

    The thank-you page after signing up sends the applicant here to follow it."""
    scope = scope_for(request.user)
    if not scope.areas.get(SELF, {}).get("volunteer"):
        return None  # never applied: no query
    volunteer = Volunteer.objects.select_related("community").filter(user=request.user).first()
    if volunteer is None:
        return None
    names = {"community": volunteer.community.name, "reason": volunteer.rejection_reason}
    if volunteer.status == Volunteer.Status.PENDING:
        text = _("Your registration with %(community)s is waiting for approval by its staff.") % names
    elif volunteer.status == Volunteer.Status.REJECTED:
        text = _("Your registration with %(community)s was not approved. The reason given: %(reason)s") % names
    elif (
        volunteer.status == Volunteer.Status.ACTIVE
        and volunteer.approved_at
        and volunteer.approved_at > timezone.now() - APPROVED_SHOWN
    ):
        text = _("Your registration with %(community)s is approved. You can join activities and teams.") % names
    else:
        return None
    return {
        "title": _("Your volunteer registration"),
        "items": [(text, reverse("volunteering:my-page"))],
        "empty": "",
        # Said in place of "you have no role yet": the role comes with the approval.
        "role_note": ROLE_NOTES.get(volunteer.status, ""),
    }


def join_requests(request: Any) -> dict | None:
    """The requests to join the teams the user leads, per team, each linked to the page that decides."""
    teams = scope_for(request.user).areas.get(Cap.VOLUNTEERING_RECORD, {}).get("team")
    if not teams:
        return None
    waiting = (
        TeamMembership.objects.filter(
            team_id__in=sorted(teams),
            status=TeamMembership.Status.REQUESTED,
            volunteer__status=Volunteer.Status.ACTIVE,  # an applicant's request waits for the staff first
        )
        .values("team_id", "team__name")
        .annotate(n=Count("pk"))
        .order_by("team__name")
    )
    items = [
        (
            ngettext("%(n)s request to join %(team)s", "%(n)s requests to join %(team)s", row["n"])
            % {"n": row["n"], "team": row["team__name"]},
            reverse("volunteering:team-detail", args=[row["team_id"]]),
        )
        for row in waiting
    ]
    if not items:
        return None
    return {"title": _("Requests to join your teams"), "items": items, "empty": ""}
