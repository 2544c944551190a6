"""Volunteering personas on top of the root ones: a patrol team of community A with a leader
(the `leader` user), a member volunteer (the root `volunteer` user), and a team of B."""

from types import SimpleNamespace

import pytest

from accounts.roles import Role
from registry.testing import make_user
from volunteering.testing import make_leader, make_team, make_volunteer


@pytest.fixture
def vworld(world, volunteer):
    patrol = make_team(world.a, "治安巡逻队")
    youth = make_team(world.a, "青年志愿服务队", type="youth")
    team_b = make_team(world.b, "城北巡逻队")
    leader_user = make_user("leader", role=Role.TEAM_LEADER, org_unit=world.a)
    leader = make_volunteer(world.a, name="李队长", user=leader_user, teams=(patrol,))
    make_leader(patrol, leader)
    member = make_volunteer(world.a, name="陈志愿", user=volunteer, teams=(patrol,))
    outsider = make_volunteer(world.a, name="周青年", teams=(youth,))
    volunteer_b = make_volunteer(world.b, name="吴城北", teams=(team_b,))
    return SimpleNamespace(
        patrol=patrol,
        youth=youth,
        team_b=team_b,
        leader_user=leader_user,
        leader=leader,
        member=member,
        outsider=outsider,
        volunteer_b=volunteer_b,
    )


@pytest.fixture
def leader_user(vworld):
    return vworld.leader_user
