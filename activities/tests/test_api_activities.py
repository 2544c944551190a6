"""Activities through the API: scoped reads, the organiser's writes, sign-ups, check-in by token."""

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from activities.models import Activity, SignUp
from activities.testing import make_activity
from registry.tests.test_api_helpers import as_user, bearer

API = "/api/v1/activities"


def get(client, path="/", **params):
    return client.get(API + path, params)


def post(client, path, data=None):
    return client.post(API + path, json.dumps(data or {}), content_type="application/json")


def patch(client, path, data):
    return client.patch(API + path, json.dumps(data), content_type="application/json")


def ids(response):
    return [row["id"] for row in response.json()["items"]]


@pytest.fixture
def activity(organiser, vworld):
    return make_activity(vworld.patrol.community, by=organiser, title="Patrol", team=vworld.patrol, places=1)


def _new(world, **over):
    starts = (timezone.now() + dt.timedelta(days=3)).replace(microsecond=0)
    data = {
        "community": world.a.pk,
        "title": "Free clinic",
        "kind": "free_clinic",
        "starts_at": starts.isoformat(),
        "ends_at": (starts + dt.timedelta(hours=2)).isoformat(),
        "places": 5,
        "signup_deadline": (starts - dt.timedelta(hours=2)).isoformat(),
    }
    return {**data, **over}


@pytest.mark.parametrize("how", ["bearer", "session"])
def test_staff_list_and_read(organiser, activity, how):
    client = as_user(organiser, how)
    draft = make_activity(activity.community, by=organiser, title="Draft", publish=False)
    assert set(ids(get(client))) == {activity.pk, draft.pk}
    assert ids(get(client, status="draft")) == [draft.pk]
    detail = get(client, f"/{activity.pk}").json()
    assert (detail["title"], detail["status"], detail["places"]) == ("Patrol", "published", 1)


def test_volunteer_sees_published_of_own_community_only(organiser, vworld, activity, staff_b, world):
    make_activity(world.a, by=organiser, title="Draft", publish=False)
    other = make_activity(world.b, by=staff_b, title="North")
    client = bearer(vworld.member.user)
    assert ids(get(client)) == [activity.pk]
    assert get(client, f"/{other.pk}").status_code == 404


def test_other_community_gets_404(staff_b, activity):
    client = bearer(staff_b)
    assert ids(get(client)) == []
    assert get(client, f"/{activity.pk}").status_code == 404
    assert post(client, f"/{activity.pk}/cancel", {"reason": "x"}).status_code == 404
    assert patch(client, f"/{activity.pk}", {"title": "x"}).status_code == 404


def test_read_only_county_admin_gets_403_on_writes(county_admin, activity, world):
    client = bearer(county_admin)
    assert get(client, f"/{activity.pk}").status_code == 200
    assert post(client, f"/{activity.pk}/cancel", {"reason": "x"}).status_code == 403
    assert patch(client, f"/{activity.pk}", {"title": "x"}).status_code == 403
    assert post(client, "/", _new(world)).status_code == 403
    assert get(client, f"/{activity.pk}/signups").status_code == 403


def test_endpoints_need_login(activity):
    client = Client()
    assert get(client).status_code == 401
    assert get(client, f"/{activity.pk}").status_code == 401
    assert post(client, f"/{activity.pk}/signups").status_code == 401


def test_list_query_count_is_fixed(organiser, activity, django_assert_num_queries):
    for i in range(3):
        make_activity(activity.community, by=organiser, title=f"More {i}")
    client = bearer(organiser)
    get(client)
    # Authentication, the scope and one page: the same number of queries for any number of rows.
    with django_assert_num_queries(6):
        assert get(client).json()["count"] == 4


def test_create_update_publish_cancel(organiser, world, vworld):
    client = bearer(organiser)
    created = post(client, "/", _new(world, team=vworld.patrol.pk, place_text="Square"))
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert created.json()["status"] == "draft"
    assert patch(client, f"/{pk}", {"places": 8}).json()["places"] == 8
    assert post(client, f"/{pk}/publish").json()["status"] == "published"
    refused = post(client, f"/{pk}/cancel", {"reason": "  "})
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["field"] == "reason"
    cancelled = post(client, f"/{pk}/cancel", {"reason": "Rain"}).json()
    assert (cancelled["status"], cancelled["cancel_reason"]) == ("cancelled", "Rain")


def test_create_refusals_are_field_errors(organiser, world, staff_b):
    client = bearer(organiser)
    bad = post(client, "/", _new(world, ends_at=_new(world)["starts_at"]))
    assert bad.status_code == 422
    assert [e["field"] for e in bad.json()["detail"]] == ["ends_at"]
    unseen = post(bearer(staff_b), "/", _new(world))
    assert unseen.status_code == 422
    assert unseen.json()["detail"][0]["field"] == "community"
    assert not Activity.objects.exists()


def test_leader_manages_own_team_activity_only(leader_user, organiser, activity, world):
    client = bearer(leader_user)
    assert patch(client, f"/{activity.pk}", {"description": "Bring torches"}).status_code == 200
    others = make_activity(world.a, by=organiser, title="Staff only")
    assert post(client, f"/{others.pk}/cancel", {"reason": "x"}).status_code in (403, 404)


def test_sign_up_waitlist_cancel_and_promotion(vworld, organiser, world):
    activity = make_activity(world.a, by=organiser, places=1)  # no team: the leader only volunteers here
    member, leader = bearer(vworld.member.user), bearer(vworld.leader.user)
    first = post(member, f"/{activity.pk}/signups")
    assert first.status_code == 201 and first.json()["status"] == "confirmed"
    assert post(leader, f"/{activity.pk}/signups").json()["status"] == "waitlisted"
    again = post(member, f"/{activity.pk}/signups")
    assert again.status_code == 422
    # A volunteer cannot cancel someone else's sign-up, nor read the roster.
    assert post(leader, f"/{activity.pk}/signups/{first.json()['id']}/cancel").status_code in (403, 404)
    assert post(member, f"/{activity.pk}/signups/{first.json()['id']}/cancel").json()["status"] == "cancelled"
    roster = get(bearer(organiser), f"/{activity.pk}/signups").json()
    assert [(r["volunteer_name"], r["status"]) for r in roster] == [("陈志愿", "cancelled"), ("李队长", "confirmed")]


def test_staff_sign_up_someone_and_decide(vworld, organiser, world):
    activity = make_activity(world.a, by=organiser, requires_approval=True)
    client = bearer(organiser)
    made = post(client, f"/{activity.pk}/signups", {"volunteer": vworld.outsider.pk})
    assert made.status_code == 201 and made.json()["status"] == "pending"
    decided = post(client, f"/{activity.pk}/signups/{made.json()['id']}/decide", {"accept": True})
    assert decided.json()["status"] == "confirmed"
    # A volunteer may not sign others up.
    refused = post(bearer(vworld.member.user), f"/{activity.pk}/signups", {"volunteer": vworld.leader.pk})
    assert refused.status_code == 403


def test_check_in_and_out_by_token(vworld, organiser, world):
    activity = make_activity(world.a, by=organiser)
    member = bearer(vworld.member.user)
    assert post(member, f"/{activity.pk}/signups").status_code == 201
    # The activity is on now: it started an hour ago.
    now = timezone.now()
    Activity.objects.filter(pk=activity.pk).update(
        signup_deadline=now - dt.timedelta(hours=2),
        starts_at=now - dt.timedelta(hours=1),
        ends_at=now + dt.timedelta(hours=1),
    )
    token = get(bearer(organiser), f"/{activity.pk}/checkin-token").json()["token"]
    assert get(member, f"/{activity.pk}/checkin-token").status_code == 403
    forged = post(member, f"/{activity.pk}/check-in", {"token": "forged"})
    assert forged.status_code == 422 and "QR code" in forged.json()["detail"][0]["message"]
    checked = post(member, f"/{activity.pk}/check-in", {"token": token})
    assert checked.status_code == 200 and checked.json()["checked_in_at"]
    SignUp.objects.filter(activity=activity).update(checked_in_at=now - dt.timedelta(minutes=50))
    out = post(member, f"/{activity.pk}/check-out", {"token": token})
    assert out.status_code == 200 and out.json()["checked_out_at"]
    assert SignUp.objects.get(activity=activity).record is not None
    # Someone not signed up has nothing to check in.
    assert post(bearer(vworld.leader.user), f"/{activity.pk}/check-in", {"token": token}).status_code == 422


def test_beneficiaries(organiser, activity, world, staff_b):
    client = bearer(organiser)
    answer = post(client, f"/{activity.pk}/beneficiaries", {"households": [world.household1.pk], "count": 12})
    assert answer.status_code == 200 and answer.json()["residents_served"] == 12
    assert activity.beneficiaries.count() == 1
    hidden = make_activity(world.b, by=staff_b)
    assert post(client, f"/{hidden.pk}/beneficiaries", {"count": 1}).status_code == 404
