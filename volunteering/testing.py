"""Factories for volunteering tests."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from registry.models import OrgUnit
from registry.testing import make_id
from volunteering import services
from volunteering.models import Team, TeamMembership, Volunteer

_seq = itertools.count(1)


def make_volunteer(
    community: OrgUnit,
    *,
    name: str = "陈志愿",
    user: Any = None,
    teams: tuple[Team, ...] = (),
    birth_date: dt.date = dt.date(1990, 4, 1),
    **kw: Any,
) -> Volunteer:
    """An approved volunteer (registered on the spot by staff)."""
    n = next(_seq)
    volunteer = services.register_volunteer(
        by=None,
        community=community,
        name=name,
        phone=f"137{n:08d}",
        id_number=make_id(birth_date, "M"),
        user=user,
        **kw,
    )
    Volunteer.objects.filter(pk=volunteer.pk).update(status=Volunteer.Status.ACTIVE)
    volunteer.refresh_from_db()
    for team in teams:
        TeamMembership.objects.update_or_create(
            team=team, volunteer=volunteer, defaults={"status": TeamMembership.Status.ACTIVE}
        )
    return volunteer


def make_team(community: OrgUnit, name: str | None = None, type: str = Team.Type.PATROL, **kw: Any) -> Team:
    return services.create_team(by=None, community=community, name=name or f"队伍{next(_seq)}", type=type, **kw)


def make_leader(team: Team, volunteer: Volunteer) -> TeamMembership:
    TeamMembership.objects.update_or_create(
        team=team, volunteer=volunteer, defaults={"status": TeamMembership.Status.ACTIVE}
    )
    return services.set_team_leader(by=None, team=team, volunteer=volunteer)
