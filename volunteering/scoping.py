"""Areas that come from volunteering itself: a leader's teams and a volunteer's own record."""

from typing import Any

from core.roles import Cap
from volunteering.models import Team, TeamMembership, Volunteer

SELF = "volunteering.self"  # not a role's capability: the user's own registration, in any state


def volunteering_areas(user: Any):
    row = Volunteer.objects.filter(user=user).values_list("pk", "status").first()
    if row is None:
        return
    volunteer_id, status = row
    # A pending or rejected applicant still gets their own page, to follow the application.
    yield SELF, "volunteer", [volunteer_id]
    if status != Volunteer.Status.ACTIVE:
        return
    # A volunteer sees their own page, records and certificates.
    yield Cap.VOLUNTEERING_VIEW, "volunteer", [volunteer_id]
    led = list(
        TeamMembership.objects.filter(
            volunteer_id=volunteer_id, role=TeamMembership.Role.LEADER, status=TeamMembership.Status.ACTIVE
        ).values_list("team_id", flat=True)
    )
    if led:
        # A leader sees and records for their teams (and their sub-teams' members are theirs too).
        teams = set(led) | set(Team.objects.filter(parent_id__in=led).values_list("pk", flat=True))
        yield Cap.VOLUNTEERING_VIEW, "team", teams
        yield Cap.VOLUNTEERING_RECORD, "team", teams
