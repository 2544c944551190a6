"""The service-hour ledger through the API: recording, batches, corrections, requests, leaderboard."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from core.models import AuditEvent
from volunteering import services
from volunteering.models import CorrectionRequest, ServiceRecord
from volunteering.tests.test_api_helpers import as_user, bearer, get, ids, post, recorded

TODAY = timezone.localdate


def entry(volunteer, **kw) -> dict:
    served_on = kw.pop("served_on", TODAY() - dt.timedelta(days=1))
    return {"volunteer": volunteer.pk, "served_on": served_on.isoformat(), "hours": "2", "content": "巡逻", **kw}


@pytest.fixture
def entries(vworld, staff_a):
    """One recorded entry each for the member (patrol) and the outsider (youth), a week apart."""
    return (
        recorded(staff_a, vworld.member, hours="3", days_ago=10, team=vworld.patrol),
        recorded(staff_a, vworld.outsider, hours="5", days_ago=3, team=vworld.youth),
    )


@pytest.mark.parametrize("how", ["bearer", "session"])
def test_staff_list_and_read_records(vworld, staff_a, entries, how):
    client = as_user(staff_a, how)
    listing = get(client, "/records")
    assert listing.status_code == 200
    assert ids(listing) == [entries[1].pk, entries[0].pk]
    row = listing.json()["items"][1]
    assert (row["volunteer_number"], row["team_name"], row["hours"], row["status"]) == (
        vworld.member.number,
        "治安巡逻队",
        "3.00",
        "recorded",
    )
    assert row["recorded_by"] == "staff_a"
    detail = get(client, f"/records/{entries[0].pk}")
    assert detail.status_code == 200
    assert detail.json()["corrections"] == []
    assert detail.json()["effective_hours"] == "3.00"


def test_record_filters(vworld, staff_a, entries):
    client = bearer(staff_a)
    assert ids(get(client, "/records", volunteer=vworld.member.pk)) == [entries[0].pk]
    assert ids(get(client, "/records", team=vworld.youth.pk)) == [entries[1].pk]
    week_ago = (TODAY() - dt.timedelta(days=7)).isoformat()
    assert ids(get(client, "/records", date_from=week_ago)) == [entries[1].pk]
    assert ids(get(client, "/records", date_to=week_ago)) == [entries[0].pk]
    assert ids(get(client, "/records", status="notice")) == []


def test_record_list_query_count_is_fixed(vworld, staff_a, entries, django_assert_num_queries):
    for days in range(4, 9):
        recorded(staff_a, vworld.leader, hours="1", days_ago=days, team=vworld.patrol)
    client = bearer(staff_a)
    get(client, "/records")
    # token + user, memberships (scope), team areas, count, page with volunteer, team and recorder
    with django_assert_num_queries(5):
        assert get(client, "/records").json()["count"] == 7


def test_record_endpoints_need_login(vworld, entries):
    client = Client()
    pk = entries[0].pk
    assert get(client, "/records").status_code == 401
    assert get(client, f"/records/{pk}").status_code == 401
    assert post(client, "/records", entry(vworld.member)).status_code == 401
    assert post(client, f"/records/{pk}/corrections", {"hours": "1", "reason": "x"}).status_code == 401
    assert post(client, f"/records/{pk}/withdraw", {"reason": "x"}).status_code == 401
    assert get(client, "/leaderboard").status_code == 401
    assert get(client, "/correction-requests").status_code == 401


def test_other_community_gets_404(vworld, staff_b, entries):
    client = bearer(staff_b)
    pk = entries[0].pk
    assert ids(get(client, "/records")) == []
    assert get(client, f"/records/{pk}").status_code == 404
    assert post(client, "/records", entry(vworld.member)).status_code == 404
    assert post(client, f"/records/{pk}/corrections", {"hours": "1", "reason": "x"}).status_code == 404
    assert post(client, f"/records/{pk}/withdraw", {"reason": "x"}).status_code == 404
    assert post(client, f"/records/{pk}/correction-requests", {"proposed_hours": "1", "reason": "x"}).status_code == 404
    batch = {**entry(vworld.member), "team": vworld.patrol.pk, "volunteers": [vworld.member.pk]}
    assert post(client, "/records/batch", batch).status_code == 404
    assert ServiceRecord.objects.count() == 2


def test_county_admin_reads_the_ledger_but_may_not_write(vworld, county_admin, entries):
    client = bearer(county_admin)
    pk = entries[0].pk
    assert get(client, "/records").json()["count"] == 2
    assert get(client, f"/records/{pk}").status_code == 200
    assert post(client, "/records", entry(vworld.member)).status_code == 403
    assert post(client, f"/records/{pk}/corrections", {"hours": "1", "reason": "x"}).status_code == 403
    assert post(client, f"/records/{pk}/withdraw", {"reason": "x"}).status_code == 403
    batch = {**entry(vworld.member), "team": vworld.patrol.pk, "volunteers": [vworld.member.pk]}
    assert post(client, "/records/batch", batch).status_code == 403
    assert ServiceRecord.objects.count() == 2


def test_volunteer_sees_only_their_own_records_and_may_not_record(vworld, volunteer, entries):
    client = bearer(volunteer)
    assert ids(get(client, "/records")) == [entries[0].pk]
    assert get(client, f"/records/{entries[1].pk}").status_code == 404
    assert post(client, "/records", entry(vworld.member)).status_code == 403
    assert post(client, f"/records/{entries[0].pk}/corrections", {"hours": "1", "reason": "x"}).status_code == 403


def test_leader_records_for_their_team_only(vworld, leader_user, entries):
    client = bearer(leader_user)
    assert ids(get(client, "/records")) == [entries[0].pk]
    made = post(
        client,
        "/records",
        entry(vworld.member, team=vworld.patrol.pk, hours=None, start_time="08:00", end_time="10:30"),
    )
    assert made.status_code == 201
    assert made.json()["hours"] == "2.50"
    assert made.json()["status"] == "notice"
    assert post(client, "/records", entry(vworld.outsider, team=vworld.patrol.pk)).status_code == 404
    wrong_team = post(client, "/records", entry(vworld.member, team=vworld.youth.pk))
    assert wrong_team.status_code == 422
    assert wrong_team.json()["detail"] == [{"field": "team", "message": wrong_team.json()["detail"][0]["message"]}]
    no_team = post(client, "/records", entry(vworld.member))
    assert no_team.status_code == 422
    assert no_team.json()["detail"][0]["field"] == "team"


def test_bad_entries_are_refused_with_what_to_fix(vworld, staff_a):
    client = bearer(staff_a)
    future = post(client, "/records", entry(vworld.member, served_on=TODAY() + dt.timedelta(days=1)))
    assert future.status_code == 422
    assert future.json()["detail"][0] == {
        "field": "served_on",
        "message": "The date of service cannot be in the future.",
    }
    zero = post(client, "/records", entry(vworld.member, hours="0"))
    assert zero.json()["detail"][0]["field"] == "hours"
    assert post(client, "/records", entry(vworld.member, hours="20")).status_code == 201
    over = post(client, "/records", entry(vworld.member, hours="5"))
    assert over.status_code == 422
    assert "24 hours" in over.json()["detail"][0]["message"]


def test_batch_writes_every_entry_or_none(vworld, leader_user):
    client = bearer(leader_user)
    payload = {**entry(vworld.member), "team": vworld.patrol.pk, "volunteers": [vworld.leader.pk, vworld.member.pk]}
    del payload["volunteer"]
    made = post(client, "/records/batch", payload)
    assert made.status_code == 201
    assert {r["volunteer_id"] for r in made.json()} == {vworld.leader.pk, vworld.member.pk}
    # The same day again: 2 + 23 hours is more than a day for both, so nothing is written.
    refused = post(client, "/records/batch", {**payload, "hours": "23"})
    assert refused.status_code == 422
    assert len(refused.json()["detail"]) == 2
    outsider = post(client, "/records/batch", {**payload, "volunteers": [vworld.member.pk, vworld.outsider.pk]})
    assert outsider.status_code == 422
    assert outsider.json()["detail"][0]["field"] == "volunteers"
    assert ServiceRecord.objects.count() == 2


def test_correction_is_a_new_entry_and_the_original_stays(vworld, staff_a, entries):
    client = bearer(staff_a)
    original = entries[0]
    refused = post(client, f"/records/{original.pk}/corrections", {"hours": "2", "reason": " "})
    assert refused.status_code == 422
    made = post(client, f"/records/{original.pk}/corrections", {"hours": "2", "reason": "多记了一小时"})
    assert made.status_code == 201
    assert (made.json()["kind"], made.json()["hours"], made.json()["corrects_id"]) == (
        "amendment",
        "-1.00",
        original.pk,
    )
    detail = get(client, f"/records/{original.pk}").json()
    assert detail["hours"] == "3.00"
    assert detail["effective_hours"] == "2.00"
    assert [c["id"] for c in detail["corrections"]] == [made.json()["id"]]
    assert post(client, f"/records/{original.pk}/corrections", {"hours": "30", "reason": "x"}).status_code == 422


def test_withdraw_only_during_notice(vworld, staff_a, entries):
    client = bearer(staff_a)
    on_notice = services.record_service(
        by=staff_a, volunteer=vworld.member, served_on=TODAY(), hours=Decimal(1), content="巡逻"
    )
    withdrawn = post(client, f"/records/{on_notice.pk}/withdraw", {"reason": "当天未到岗"})
    assert withdrawn.status_code == 200
    assert withdrawn.json()["status"] == "withdrawn"
    assert post(client, f"/records/{entries[0].pk}/withdraw", {"reason": "x"}).status_code == 422


def test_volunteer_asks_for_a_correction_and_the_leader_decides(vworld, volunteer, leader_user, staff_a, entries):
    path = f"/records/{entries[0].pk}/correction-requests"
    assert post(bearer(staff_a), path, {"proposed_hours": "4", "reason": "x"}).status_code == 403
    asked = post(bearer(volunteer), path, {"proposed_hours": "4", "reason": "实际服务了4小时"})
    assert asked.status_code == 201
    assert post(bearer(volunteer), path, {"proposed_hours": "4", "reason": "again"}).status_code == 422
    request_id = asked.json()["id"]
    assert ids(get(bearer(leader_user), "/correction-requests", status="open")) == [request_id]
    assert ids(get(bearer(volunteer), "/correction-requests")) == [request_id]

    decide = f"/correction-requests/{request_id}/decide"
    assert post(bearer(volunteer), decide, {"accept": True}).status_code == 403
    decided = post(bearer(leader_user), decide, {"accept": True})
    assert decided.status_code == 200
    assert decided.json()["status"] == "accepted"
    correction = ServiceRecord.objects.get(pk=decided.json()["correction_id"])
    assert (correction.corrects_id, correction.hours) == (entries[0].pk, Decimal("1.00"))
    assert AuditEvent.objects.filter(action="volunteering.correction.accept", actor__username="leader").exists()


def test_declining_a_correction_needs_a_reason(vworld, volunteer, staff_a, staff_b, county_admin, entries):
    request = services.request_correction(by=volunteer, record=entries[0], proposed_hours=Decimal(4), reason="少记")
    decide = f"/correction-requests/{request.pk}/decide"
    assert post(bearer(staff_b), decide, {"accept": False, "reason": "x"}).status_code == 404
    assert post(bearer(county_admin), decide, {"accept": False, "reason": "x"}).status_code == 403
    refused = post(bearer(staff_a), decide, {"accept": False})
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["field"] == "reason"
    declined = post(bearer(staff_a), decide, {"accept": False, "reason": "签到表显示3小时"})
    assert declined.json()["status"] == "declined"
    assert CorrectionRequest.objects.get().decision_reason == "签到表显示3小时"


def test_leaderboard_by_community_team_and_period(world, vworld, staff_a, volunteer, county_admin, entries):
    recorded(staff_a, vworld.member, hours="4", days_ago=2, team=vworld.patrol)
    client = bearer(staff_a)
    board = get(client, "/leaderboard").json()
    assert board["community_id"] == world.a.pk
    assert [(r["name"], r["hours"], r["rank"]) for r in board["rows"]] == [("陈志愿", "7.00", 1), ("周青年", "5.00", 2)]
    team = get(client, "/leaderboard", team=vworld.youth.pk).json()
    assert [r["volunteer_id"] for r in team["rows"]] == [vworld.outsider.pk]
    last_week = get(client, "/leaderboard", start=(TODAY() - dt.timedelta(days=5)).isoformat()).json()
    assert [(r["name"], r["hours"]) for r in last_week["rows"]] == [("周青年", "5.00"), ("陈志愿", "4.00")]
    county = get(bearer(county_admin), "/leaderboard", community=world.a.pk).json()
    assert [r["full_name_shown"] for r in county["rows"]] == [True, True]


def test_a_volunteer_sees_their_community_board_with_others_masked(vworld, volunteer, entries):
    rows = get(bearer(volunteer), "/leaderboard").json()["rows"]
    assert [(r["name"], r["number"], r["is_self"]) for r in rows] == [
        ("周**", "", False),
        ("陈志愿", vworld.member.number, True),
    ]
    assert vworld.outsider.number not in get(bearer(volunteer), "/leaderboard").content.decode()


def test_leaderboard_scoping(world, vworld, staff_b, grid_worker, entries):
    client = bearer(staff_b)
    assert get(client, "/leaderboard", community=world.a.pk).status_code == 404
    assert get(client, "/leaderboard", team=vworld.patrol.pk).status_code == 404
    assert get(client, "/leaderboard").json()["rows"] == []
    assert get(bearer(grid_worker), "/leaderboard").status_code == 403
