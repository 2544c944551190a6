import datetime as dt
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from volunteering import services
from volunteering.models import Team, TeamMembership
from volunteering.testing import make_team, make_volunteer

LIST = reverse("volunteering:team-list")
CREATE = reverse("volunteering:team-create")
TODAY = timezone.localdate()
D = Decimal


def detail(team):
    return reverse("volunteering:team-detail", args=[team.pk])


def member_url(name, team, membership):
    return reverse(f"volunteering:membership-{name}", args=[team.pk, membership.pk])


def recorded(by, volunteer, team, hours, served_on=TODAY):
    entry = services.record_service(
        by=by, volunteer=volunteer, team=team, served_on=served_on, hours=D(hours), content="巡逻"
    )
    services.close_notices(today=entry.notice_until + dt.timedelta(days=1))
    return entry


# --- list ------------------------------------------------------------------------------------------


def test_list_shows_teams_with_leaders_members_and_hours(vworld, staff_a, login):
    recorded(staff_a, vworld.member, vworld.patrol, 3)
    response = login(staff_a).get(LIST)
    assert response.status_code == 200
    teams = {t.name: t for t in response.context["page"]}
    assert set(teams) == {"治安巡逻队", "青年志愿服务队"}
    patrol = teams["治安巡逻队"]
    assert (patrol.member_count, patrol.year_hours, [m.volunteer.name for m in patrol.leaders]) == (
        2,
        D(3),
        ["李队长"],
    )


def test_list_needs_login(client, vworld):
    assert client.get(LIST).status_code == 302


def test_list_is_scoped(vworld, staff_b, county_admin, leader_user, login):
    assert [t.name for t in login(staff_b).get(LIST).context["page"]] == ["城北巡逻队"]
    assert login(county_admin).get(LIST).context["page"].paginator.count == 3
    assert [t.name for t in login(leader_user).get(LIST).context["page"]] == ["治安巡逻队"]


def test_sub_teams_follow_their_parent(vworld, world, staff_a, login):
    women = make_team(world.a, "巾帼志愿服务队", type="women")
    services.create_women_sub_teams(by=staff_a, parent=women)
    names = [t.name for t in login(staff_a).get(LIST).context["page"]]
    at = names.index("巾帼志愿服务队")
    assert sorted(names[at + 1 : at + 5]) == sorted(services.WOMEN_SUB_TEAMS)


def test_volunteer_asks_to_join_and_leaves(vworld, volunteer, login):
    client = login(volunteer)
    page = client.get(LIST)
    assert page.context["page"].paginator.count == 0  # a member does not manage teams
    joinable = {t.name: t.membership for t in page.context["joinable"]}
    assert joinable["青年志愿服务队"] is None and joinable["治安巡逻队"].status == "active"
    assert client.post(reverse("volunteering:team-join", args=[vworld.youth.pk])).status_code == 302
    request = TeamMembership.objects.get(team=vworld.youth, volunteer=vworld.member)
    assert request.status == TeamMembership.Status.REQUESTED
    again = client.post(reverse("volunteering:team-join", args=[vworld.youth.pk]), follow=True)
    assert "already in this team or have already asked" in again.content.decode()
    client.post(reverse("volunteering:team-leave", args=[vworld.patrol.pk]))
    assert vworld.member.team_memberships.get(team=vworld.patrol).status == TeamMembership.Status.LEFT


def test_joining_another_communitys_team_or_without_a_registration_is_refused(vworld, volunteer, county_admin, login):
    assert login(volunteer).post(reverse("volunteering:team-join", args=[vworld.team_b.pk])).status_code == 404
    assert login(county_admin).post(reverse("volunteering:team-join", args=[vworld.youth.pk])).status_code == 403
    assert login(county_admin).post(reverse("volunteering:team-leave", args=[vworld.youth.pk])).status_code == 404


# --- detail -------------------------------------------------------------------------------------------


def test_detail_shows_the_roster_with_hours_for_the_period(vworld, staff_a, login):
    recorded(staff_a, vworld.member, vworld.patrol, 2, served_on=TODAY - dt.timedelta(days=40))
    recorded(staff_a, vworld.member, vworld.patrol, 3)
    client = login(staff_a)
    response = client.get(detail(vworld.patrol))
    assert response.status_code == 200
    roster = response.context["roster"]
    assert [(m.volunteer.name, m.role) for m in roster] == [("李队长", "leader"), ("陈志愿", "member")]
    start = TODAY - dt.timedelta(days=7)
    narrow = client.get(detail(vworld.patrol), {"start": start.isoformat(), "end": TODAY.isoformat()})
    hours = {m.volunteer.name: m.period_hours for m in narrow.context["roster"]}
    assert hours == {"李队长": 0, "陈志愿": D(3)}
    wide = client.get(detail(vworld.patrol), {"start": (TODAY - dt.timedelta(days=60)).isoformat()})
    assert {m.volunteer.name: m.period_hours for m in wide.context["roster"]}["陈志愿"] == D(5)


def test_detail_scoping(vworld, staff_a, staff_b, county_admin, leader_user, volunteer, client, login):
    assert client.get(detail(vworld.patrol)).status_code == 302
    assert login(staff_b).get(detail(vworld.patrol)).status_code == 404
    assert login(county_admin).get(detail(vworld.patrol)).status_code == 200
    assert login(leader_user).get(detail(vworld.patrol)).status_code == 200
    assert login(leader_user).get(detail(vworld.youth)).status_code == 404
    # A member who does not lead sees their teams on the team list, not the roster.
    assert login(volunteer).get(detail(vworld.patrol)).status_code == 404


def test_detail_query_count_is_pinned(vworld, world, staff_a, login, django_assert_num_queries):
    client = login(staff_a)
    # session, user, memberships (scope), own volunteer (menu), team, 2 rights, roster hours, roster,
    # join requests, sub-teams, hours this year
    with django_assert_num_queries(12):
        client.get(detail(vworld.patrol))
    for n in range(5):
        joined = make_volunteer(world.a, name=f"王{n}", teams=(vworld.patrol,))
        recorded(staff_a, joined, vworld.patrol, 1)
        services.request_to_join(by=None, volunteer=make_volunteer(world.a, name=f"赵{n}"), team=vworld.patrol)
    with django_assert_num_queries(12):
        response = client.get(detail(vworld.patrol))
    assert len(response.context["roster"]) == 7 and len(response.context["requests"]) == 5


def test_leader_accepts_or_declines_join_requests(vworld, leader_user, login):
    services.request_to_join(by=None, volunteer=vworld.outsider, team=vworld.patrol)
    request = TeamMembership.objects.get(team=vworld.patrol, volunteer=vworld.outsider)
    client = login(leader_user)
    assert "周青年" in client.get(detail(vworld.patrol)).content.decode()
    assert client.post(member_url("decide", vworld.patrol, request), {"decision": "accept"}).status_code == 302
    request.refresh_from_db()
    assert request.status == TeamMembership.Status.ACTIVE


def test_join_decisions_refused_outside_and_read_only(vworld, staff_b, county_admin, volunteer, login):
    services.request_to_join(by=None, volunteer=vworld.outsider, team=vworld.patrol)
    request = TeamMembership.objects.get(team=vworld.patrol, volunteer=vworld.outsider)
    url = member_url("decide", vworld.patrol, request)
    assert login(staff_b).post(url, {"decision": "accept"}).status_code == 404
    assert login(county_admin).post(url, {"decision": "accept"}).status_code == 403
    assert login(volunteer).post(url, {"decision": "accept"}).status_code == 404
    request.refresh_from_db()
    assert request.status == TeamMembership.Status.REQUESTED


def test_a_pending_applicants_request_waits_for_approval(vworld, world, leader_user, login):
    services.sign_up_volunteer(
        community=world.a,
        name="郑报名",
        phone="13911112222",
        id_number="11010519491231002X",
        password="a-long-passphrase-7",
        teams=[vworld.patrol],
    )
    assert list(login(leader_user).get(detail(vworld.patrol)).context["requests"]) == []


def test_staff_set_and_unset_a_leader_and_remove_a_member(vworld, staff_a, leader_user, county_admin, login):
    membership = vworld.member.team_memberships.get(team=vworld.patrol)
    url = member_url("leader", vworld.patrol, membership)
    assert login(leader_user).post(url, {"leader": "1"}).status_code == 403
    assert login(county_admin).post(url, {"leader": "1"}).status_code == 403
    client = login(staff_a)
    client.post(url, {"leader": "1"})
    membership.refresh_from_db()
    assert membership.role == TeamMembership.Role.LEADER
    client.post(url, {"leader": "0"})
    membership.refresh_from_db()
    assert membership.role == TeamMembership.Role.MEMBER
    client.post(member_url("remove", vworld.patrol, membership))
    membership.refresh_from_db()
    assert membership.status == TeamMembership.Status.LEFT


# --- create --------------------------------------------------------------------------------------------------


def test_staff_create_a_team_and_a_sub_team(vworld, world, staff_a, login):
    client = login(staff_a)
    data = {"name": "巾帼志愿服务队", "type": "women", "founded_on": "2018-03-08"}
    response = client.post(CREATE, data)
    women = Team.objects.get(name="巾帼志愿服务队")
    assert response["Location"] == detail(women)
    assert (women.community, women.founded_on) == (world.a, dt.date(2018, 3, 8))
    assert client.get(CREATE, {"parent": women.pk}).context["form"].initial["parent"] == str(women.pk)
    client.post(CREATE, {"name": "娘家人志愿服务队", "type": "women", "parent": women.pk})
    assert Team.objects.get(name="娘家人志愿服务队").parent == women


def test_create_refusals_are_by_field(vworld, staff_a, login):
    response = login(staff_a).post(CREATE, {"name": "治安巡逻队", "type": "patrol"})
    assert "already has a team named" in response.context["form"].errors["name"][0]


def test_create_needs_the_right(vworld, county_admin, leader_user, client, login):
    assert client.get(CREATE).status_code == 302
    assert login(county_admin).get(CREATE).status_code == 403
    assert login(leader_user).post(CREATE, {"name": "新队", "type": "patrol"}).status_code == 403
    assert not Team.objects.filter(name="新队").exists()


def test_the_four_womens_sub_teams_in_one_step(vworld, world, staff_a, county_admin, login):
    women = make_team(world.a, "巾帼志愿服务队", type="women")
    url = reverse("volunteering:team-women-sub-teams", args=[women.pk])
    assert login(county_admin).post(url).status_code == 403
    client = login(staff_a)
    assert "Add the four women" in client.get(detail(women)).content.decode()
    client.post(url)
    client.post(url)  # a second press adds nothing
    assert sorted(women.sub_teams.values_list("name", flat=True)) == sorted(services.WOMEN_SUB_TEAMS)


def test_list_query_count_is_pinned(vworld, world, staff_a, login, django_assert_num_queries):
    client = login(staff_a)
    # session, user, memberships (scope), own volunteer (menu), communities (filter bar), own
    # registration (join cards), count, page, the page's leaders
    with django_assert_num_queries(9):
        client.get(LIST)
    for n in range(4):
        team = make_team(world.a, f"新队{n}", parent=vworld.youth)
        leader = make_volunteer(world.a, name=f"王{n}", teams=(team,))
        services.set_team_leader(by=None, team=team, volunteer=leader)
    with django_assert_num_queries(9):
        response = client.get(LIST)
    assert response.context["page"].paginator.count == 6
