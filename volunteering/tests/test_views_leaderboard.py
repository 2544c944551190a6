import datetime as dt
from decimal import Decimal

from django.urls import reverse

from volunteering import services

BOARD = reverse("volunteering:leaderboard")
D = Decimal
DAY = dt.date(2024, 5, 15)  # a fixed period keeps these tests independent of today's date
PERIOD = {"start": "2024-01-01", "end": "2024-12-31"}


def recorded(by, volunteer, hours, served_on=DAY, team=None):
    entry = services.record_service(
        by=by, volunteer=volunteer, served_on=served_on, hours=D(hours), content="巡逻", team=team
    )
    services.close_notices(today=entry.notice_until + dt.timedelta(days=1))
    return entry


def rows(response):
    return [(row.name, row.hours) for row in response.context["page"]]


def test_leaderboard_orders_by_hours_with_full_names_for_staff(vworld, staff_a, login):
    recorded(staff_a, vworld.member, 2)
    recorded(staff_a, vworld.outsider, 5)
    recorded(staff_a, vworld.leader, 3)
    recorded(staff_a, vworld.member, 4, served_on=dt.date(2023, 12, 31))  # outside the period
    response = login(staff_a).get(BOARD, PERIOD)
    assert response.status_code == 200
    assert rows(response) == [("周青年", D(5)), ("李队长", D(3)), ("陈志愿", D(2))]
    assert [row.rank for row in response.context["page"]] == [1, 2, 3]


def test_corrections_served_in_the_period_count(vworld, staff_a, login):
    entry = recorded(staff_a, vworld.member, 4)
    correction = services.correct_record(by=staff_a, record=entry, hours=D(1), reason="多记")
    services.close_notices(today=correction.notice_until + dt.timedelta(days=1))
    recorded(staff_a, vworld.outsider, 2)
    assert rows(login(staff_a).get(BOARD, PERIOD)) == [("周青年", D(2)), ("陈志愿", D(1))]


def test_entries_on_notice_do_not_count(vworld, staff_a, login):
    services.record_service(by=staff_a, volunteer=vworld.member, served_on=DAY, hours=D(2), content="x")
    assert rows(login(staff_a).get(BOARD, PERIOD)) == []


def test_month_and_team_boards(vworld, staff_a, login):
    recorded(staff_a, vworld.member, 2, team=vworld.patrol)
    recorded(staff_a, vworld.outsider, 5, team=vworld.youth)
    recorded(staff_a, vworld.leader, 1, served_on=dt.date(2024, 6, 2), team=vworld.patrol)
    client = login(staff_a)
    assert rows(client.get(BOARD, {"year": 2024, "month": 5})) == [("周青年", D(5)), ("陈志愿", D(2))]
    team_board = client.get(BOARD, PERIOD | {"team": vworld.patrol.pk})
    assert rows(team_board) == [("陈志愿", D(2)), ("李队长", D(1))]
    assert "Leaderboard: 治安巡逻队" in team_board.content.decode()


def test_a_volunteer_sees_others_masked_and_themselves_in_full(vworld, staff_a, volunteer, login):
    recorded(staff_a, vworld.member, 2)
    recorded(staff_a, vworld.outsider, 5)
    response = login(volunteer).get(BOARD, PERIOD)
    assert rows(response) == [("周**", D(5)), ("陈志愿", D(2))]
    assert [row.is_self for row in response.context["page"]] == [False, True]
    html = response.content.decode()
    assert "周青年" not in html and vworld.outsider.number not in html


def test_a_leader_sees_their_members_in_full(vworld, staff_a, leader_user, login):
    recorded(staff_a, vworld.member, 2)
    recorded(staff_a, vworld.outsider, 5)
    assert rows(login(leader_user).get(BOARD, PERIOD)) == [("周**", D(5)), ("陈志愿", D(2))]


def test_county_admin_picks_any_community_staff_only_their_own(vworld, world, staff_a, staff_b, county_admin, login):
    recorded(staff_a, vworld.member, 2)
    recorded(staff_b, vworld.volunteer_b, 3)
    assert rows(login(county_admin).get(BOARD, PERIOD | {"community": world.b.pk})) == [("吴城北", D(3))]
    assert rows(login(county_admin).get(BOARD, PERIOD | {"community": world.a.pk})) == [("陈志愿", D(2))]
    # Another community's number is not a choice: staff keep seeing their own.
    assert rows(login(staff_a).get(BOARD, PERIOD | {"community": world.b.pk})) == [("陈志愿", D(2))]
    assert rows(login(staff_b).get(BOARD, PERIOD | {"team": vworld.patrol.pk})) == [("吴城北", D(3))]


def test_leaderboard_needs_login_and_a_community(vworld, client, resident_user, login):
    assert client.get(BOARD).status_code == 302
    assert login(resident_user).get(BOARD).status_code == 403
