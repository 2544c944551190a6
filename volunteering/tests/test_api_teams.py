"""Teams through the API: list and roster, creation, join requests decided by the leader, leaders."""

import pytest
from django.test import Client

from core.models import AuditEvent
from volunteering.models import Team, TeamMembership
from volunteering.testing import make_volunteer
from volunteering.tests.test_api_helpers import as_user, bearer, get, ids, post


@pytest.mark.parametrize("how", ["bearer", "session"])
def test_staff_list_teams_and_read_the_roster(vworld, staff_a, how):
    client = as_user(staff_a, how)
    listing = get(client, "/teams")
    assert listing.status_code == 200
    assert set(ids(listing)) == {vworld.patrol.pk, vworld.youth.pk}
    patrol = next(t for t in listing.json()["items"] if t["id"] == vworld.patrol.pk)
    assert patrol["member_count"] == 2
    detail = get(client, f"/teams/{vworld.patrol.pk}").json()
    assert [(m["name"], m["role"]) for m in detail["roster"]] == [("李队长", "leader"), ("陈志愿", "member")]
    assert ids(get(client, "/teams", type="youth")) == [vworld.youth.pk]


def test_team_list_query_count_is_fixed(vworld, staff_a, django_assert_num_queries):
    client = bearer(staff_a)
    get(client, "/teams")
    # token + user, memberships (scope), team areas, count, page
    with django_assert_num_queries(5):
        assert get(client, "/teams").json()["count"] == 2


def test_team_endpoints_need_login(vworld):
    client = Client()
    assert get(client, "/teams").status_code == 401
    assert get(client, f"/teams/{vworld.patrol.pk}").status_code == 401
    assert post(client, "/teams", {"community": 1, "name": "x", "type": "youth"}).status_code == 401
    assert post(client, f"/teams/{vworld.patrol.pk}/join-requests").status_code == 401


def test_other_community_gets_404(world, vworld, staff_b):
    client = bearer(staff_b)
    assert ids(get(client, "/teams")) == [vworld.team_b.pk]
    assert get(client, f"/teams/{vworld.patrol.pk}").status_code == 404
    assert post(client, "/teams", {"community": world.a.pk, "name": "新队", "type": "youth"}).status_code == 404
    assert post(client, f"/teams/{vworld.patrol.pk}/leaders", {"volunteer": vworld.member.pk}).status_code == 404
    join = post(client, f"/teams/{vworld.patrol.pk}/join-requests", {"volunteer": vworld.outsider.pk})
    assert join.status_code == 404
    membership = TeamMembership.objects.get(team=vworld.patrol, volunteer=vworld.member)
    decide = post(client, f"/teams/{vworld.patrol.pk}/join-requests/{membership.pk}/decide", {"accept": True})
    assert decide.status_code == 404
    assert Team.objects.count() == 3


def test_county_admin_reads_all_teams_but_may_not_write(world, vworld, county_admin):
    client = bearer(county_admin)
    assert get(client, "/teams").json()["count"] == 3
    assert get(client, f"/teams/{vworld.team_b.pk}").status_code == 200
    assert post(client, "/teams", {"community": world.a.pk, "name": "新队", "type": "youth"}).status_code == 403
    assert post(client, f"/teams/{vworld.patrol.pk}/leaders", {"volunteer": vworld.member.pk}).status_code == 403
    membership = TeamMembership.objects.get(team=vworld.patrol, volunteer=vworld.member)
    decide = post(client, f"/teams/{vworld.patrol.pk}/join-requests/{membership.pk}/decide", {"accept": False})
    assert decide.status_code == 403
    assert Team.objects.count() == 3


def test_leader_sees_their_team_and_a_volunteer_none(vworld, leader_user, volunteer):
    assert ids(get(bearer(leader_user), "/teams")) == [vworld.patrol.pk]
    assert get(bearer(leader_user), f"/teams/{vworld.youth.pk}").status_code == 404
    assert ids(get(bearer(volunteer), "/teams")) == []


def test_staff_create_a_team_and_a_sub_team(world, vworld, staff_a):
    client = bearer(staff_a)
    women = post(client, "/teams", {"community": world.a.pk, "name": "巾帼志愿服务队", "type": "women"})
    assert women.status_code == 201
    sub = post(
        client,
        "/teams",
        {"community": world.a.pk, "name": "娘家人服务队", "type": "women", "parent": women.json()["id"]},
    )
    assert sub.status_code == 201
    assert sub.json()["parent_id"] == women.json()["id"]
    assert sub.json()["roster"] == []
    duplicate = post(client, "/teams", {"community": world.a.pk, "name": "巾帼志愿服务队", "type": "women"})
    assert duplicate.status_code == 422
    assert duplicate.json()["detail"][0]["field"] == "name"
    foreign_parent = post(
        client, "/teams", {"community": world.a.pk, "name": "别队", "type": "youth", "parent": vworld.team_b.pk}
    )
    assert foreign_parent.json()["detail"][0]["field"] == "parent"
    assert AuditEvent.objects.filter(action="volunteering.team.create", actor=staff_a).count() == 2


def test_volunteer_asks_to_join_and_the_leader_decides(vworld, volunteer, leader_user):
    asked = post(bearer(volunteer), f"/teams/{vworld.youth.pk}/join-requests")
    assert asked.status_code == 201
    assert asked.json()["status"] == "requested"
    again = post(bearer(volunteer), f"/teams/{vworld.youth.pk}/join-requests")
    assert again.status_code == 422
    assert post(bearer(volunteer), f"/teams/{vworld.team_b.pk}/join-requests").status_code == 404

    # The patrol's leader does not lead the youth team; the youth team's leader (none yet) or staff decide.
    path = f"/teams/{vworld.youth.pk}/join-requests/{asked.json()['id']}/decide"
    assert post(bearer(leader_user), path, {"accept": True}).status_code == 404

    newcomer = make_volunteer(vworld.patrol.community, name="王新来")
    membership = TeamMembership.objects.create(team=vworld.patrol, volunteer=newcomer)
    decided = post(
        bearer(leader_user), f"/teams/{vworld.patrol.pk}/join-requests/{membership.pk}/decide", {"accept": True}
    )
    assert decided.status_code == 200
    assert decided.json()["status"] == "active"


def test_volunteer_may_not_decide_or_ask_on_someone_elses_behalf(vworld, volunteer):
    membership = TeamMembership.objects.create(
        team=vworld.patrol, volunteer=make_volunteer(vworld.patrol.community, name="王新来")
    )
    client = bearer(volunteer)
    # A member does not see the team itself: only their own record.
    decide = post(client, f"/teams/{vworld.patrol.pk}/join-requests/{membership.pk}/decide", {"accept": True})
    assert decide.status_code == 404
    assert post(client, f"/teams/{vworld.youth.pk}/join-requests", {"volunteer": vworld.leader.pk}).status_code == 404
    membership.refresh_from_db()
    assert membership.status == TeamMembership.Status.REQUESTED


def test_staff_set_and_unset_a_leader(vworld, staff_a):
    client = bearer(staff_a)
    made = post(client, f"/teams/{vworld.patrol.pk}/leaders", {"volunteer": vworld.member.pk})
    assert made.status_code == 200
    assert made.json()["role"] == "leader"
    stepped_down = post(client, f"/teams/{vworld.patrol.pk}/leaders", {"volunteer": vworld.member.pk, "leader": False})
    assert stepped_down.json()["role"] == "member"
    not_member = post(client, f"/teams/{vworld.patrol.pk}/leaders", {"volunteer": vworld.outsider.pk})
    assert not_member.status_code == 422
    assert not_member.json()["detail"][0]["field"] == "volunteer"


def test_the_team_list_names_each_team_community_for_pickers(world, vworld, county_admin):
    """A county's pickers list 治安巡逻队 of several communities: each row carries its community's name."""
    from volunteering.testing import make_team

    make_team(world.b, "治安巡逻队")
    rows = get(bearer(county_admin), "/teams").json()["items"]
    names = {(row["name"], row["community_name"]) for row in rows}
    assert {("治安巡逻队", "城南社区"), ("治安巡逻队", "城北社区")} <= names
