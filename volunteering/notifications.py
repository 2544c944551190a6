"""What volunteering tells people: a registration decided, a request to join a team arriving at
its leaders and its answer. Each kind's words live here and are written out in the reader's
language when shown or sent (registered from VolunteeringConfig.ready())."""

from __future__ import annotations

from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from notifications.services import notify
from volunteering.models import TeamMembership

MESSAGES = {
    "volunteering.approved": (
        _("Your volunteer registration is approved"),
        _("The staff of %(community)s approved your registration. You can now join activities and teams."),
    ),
    "volunteering.declined": (
        _("Your volunteer registration was not approved"),
        _("The staff of %(community)s gave this reason: %(reason)s"),
    ),
    "volunteering.join_requested": (
        _("%(name)s asks to join %(team)s"),
        _("Accept or decline the request on the team's page."),
    ),
    "volunteering.join_accepted": (
        _("You joined %(team)s"),
        _("The team accepted your request to join."),
    ),
    "volunteering.join_declined": (
        _("Your request to join %(team)s was declined"),
        _("You can ask to join another team of your community."),
    ),
}


def _url(name: str, *args: Any) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:  # the volunteering pages are not mounted (an API-only deployment)
        return ""


def _login(volunteer: Any) -> Any:
    user = volunteer.user if volunteer.user_id else None
    return user if user is not None and user.is_active else None


def registration_decided(volunteer: Any) -> None:
    """Tell the applicant (if they have a login) how their registration was decided."""
    user = _login(volunteer)
    if user is None:
        return
    approved = volunteer.status == volunteer.Status.ACTIVE
    notify(
        user=user,
        kind="volunteering.approved" if approved else "volunteering.declined",
        params={"community": volunteer.community.name, "reason": volunteer.rejection_reason},
        url=_url("volunteering:my-page"),
    )


def join_requested(membership: Any) -> None:
    """Tell the team's leaders who have a login; staff see the requests on the team page anyway."""
    leaders = (
        TeamMembership.objects.filter(
            team_id=membership.team_id,
            role=TeamMembership.Role.LEADER,
            status=TeamMembership.Status.ACTIVE,
            volunteer__user__is_active=True,
        )
        .exclude(volunteer_id=membership.volunteer_id)
        .select_related("volunteer__user")
    )
    params = {"name": membership.volunteer.name, "team": membership.team.name}
    url = _url("volunteering:team-detail", membership.team_id)
    for leader in leaders:
        notify(user=leader.volunteer.user, kind="volunteering.join_requested", params=params, url=url)


def join_decided(membership: Any) -> None:
    user = _login(membership.volunteer)
    if user is None:
        return
    accepted = membership.status == membership.Status.ACTIVE
    notify(
        user=user,
        kind="volunteering.join_accepted" if accepted else "volunteering.join_declined",
        params={"team": membership.team.name},
        url=_url("volunteering:team-detail", membership.team_id),
    )
