"""Recurring activities and the leader's roster by hand (check in, check out, no-show) through the API."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from activities import services
from activities.models import Activity, ActivitySeries, SignUp
from activities.testing import make_activity
from activities.tests.test_api_activities import get, post
from activities.tests.test_views_series import _next_monday
from registry.tests.test_api_helpers import as_user, bearer


def _series(world, **over):
    data = {
        "community": world.a.pk,
        "title": "Night patrol",
        "kind": "patrol",
        "weekdays": [1, 3],
        "start_time": "19:00:00",
        "end_time": "21:00:00",
        "first_date": _next_monday().isoformat(),
        "count": 4,
        "places": 6,
    }
    return {**data, **over}


@pytest.mark.parametrize("how", ["bearer", "session"])
def test_create_series_then_read_it(organiser, world, vworld, how):
    client = as_user(organiser, how)
    made = post(client, "/series", _series(world, team=vworld.patrol.pk, deadline_hours=3))
    assert made.status_code == 201, made.json()
    body = made.json()
    assert (body["weekdays"], len(body["occurrences"])) == ([1, 3], 4)
    assert {o["status"] for o in body["occurrences"]} == {"draft"}
    assert {o["team_id"] for o in body["occurrences"]} == {vworld.patrol.pk}
    first = Activity.objects.get(pk=body["occurrences"][0]["id"])
    assert first.starts_at - first.signup_deadline == dt.timedelta(hours=3)
    read = get(client, f"/series/{body['id']}").json()
    assert [o["id"] for o in read["occurrences"]] == [o["id"] for o in body["occurrences"]]
    # Each occurrence names its series.
    assert get(client, f"/{first.pk}").json()["series_id"] == body["id"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"count": None, "last_date": "2000-01-01"}, "last_date"),
        ({"count": 500}, "count"),
        ({"count": None}, "last_date"),
        ({"weekdays": [9]}, "weekdays"),
        ({"first_date": "2000-01-03"}, "first_date"),
        ({"end_time": "18:00:00"}, "end_time"),
    ],
)
def test_refusals_are_field_errors(organiser, world, change, field):
    answer = post(bearer(organiser), "/series", _series(world, **change))
    assert answer.status_code == 422
    assert field in [e["field"] for e in answer.json()["detail"]]
    assert not ActivitySeries.objects.exists()


def test_series_needs_login(organiser, world):
    series = services.create_series(
        by=organiser,
        community=world.a,
        title="x",
        kind="patrol",
        weekday=1,
        start_time=dt.time(19),
        end_time=dt.time(20),
        first_date=_next_monday(),
        count=1,
        places=2,
    )
    assert post(Client(), "/series", _series(world)).status_code == 401
    assert get(Client(), f"/series/{series.pk}").status_code == 401


def test_other_community_gets_404_and_cannot_choose_it(organiser, staff_b, world):
    made = post(bearer(organiser), "/series", _series(world)).json()
    client = bearer(staff_b)
    assert get(client, f"/series/{made['id']}").status_code == 404
    refused = post(client, "/series", _series(world))
    assert refused.status_code == 422 and refused.json()["detail"][0]["field"] == "community"
    assert ActivitySeries.objects.count() == 1


def test_read_only_gets_403(county_admin, organiser, vworld, world):
    made = post(bearer(organiser), "/series", _series(world)).json()
    for user in (county_admin, vworld.member.user):
        assert post(bearer(user), "/series", _series(world)).status_code == 403
    assert get(bearer(county_admin), f"/series/{made['id']}").status_code == 200
    assert ActivitySeries.objects.count() == 1


# --- the roster by hand ---------------------------------------------------------------------------


@pytest.fixture
def on_now(organiser, world, vworld):
    """An activity under way, the member confirmed on it."""
    activity = make_activity(world.a, by=organiser, team=vworld.patrol)
    signup = services.sign_up(by=None, activity=activity, volunteer=vworld.member)
    now = timezone.now()
    Activity.objects.filter(pk=activity.pk).update(
        signup_deadline=now - dt.timedelta(hours=2),
        starts_at=now - dt.timedelta(hours=1),
        ends_at=now + dt.timedelta(hours=1),
    )
    return activity, signup


def test_no_show(organiser, on_now):
    activity, signup = on_now
    answer = post(bearer(organiser), f"/{activity.pk}/signups/{signup.pk}/no-show")
    assert answer.status_code == 200 and answer.json()["no_show"] is True
    signup.refresh_from_db()
    assert signup.no_show


def test_leader_checks_in_and_out_by_hand(leader_user, on_now):
    activity, signup = on_now
    client = bearer(leader_user)
    checked = post(client, f"/{activity.pk}/signups/{signup.pk}/check-in")
    assert checked.status_code == 200 and checked.json()["checked_in_at"]
    # Checked in: no longer a no-show.
    assert post(client, f"/{activity.pk}/signups/{signup.pk}/no-show").status_code == 422
    SignUp.objects.filter(pk=signup.pk).update(checked_in_at=timezone.now() - dt.timedelta(minutes=50))
    out = post(client, f"/{activity.pk}/signups/{signup.pk}/check-out")
    assert out.status_code == 200 and out.json()["checked_out_at"]
    signup.refresh_from_db()
    assert signup.record is not None


def test_only_a_confirmed_sign_up_is_a_no_show(organiser, world, vworld):
    activity = make_activity(world.a, by=organiser, requires_approval=True)
    pending = services.sign_up(by=None, activity=activity, volunteer=vworld.member)
    answer = post(bearer(organiser), f"/{activity.pk}/signups/{pending.pk}/no-show")
    assert answer.status_code == 422 and "confirmed" in answer.json()["detail"][0]["message"]


def test_roster_by_hand_is_scoped(staff_b, county_admin, vworld, world, organiser, on_now):
    activity, signup = on_now
    for action in ("no-show", "check-in", "check-out"):
        path = f"/{activity.pk}/signups/{signup.pk}/{action}"
        assert post(Client(), path).status_code == 401
        assert post(bearer(staff_b), path).status_code == 404
        assert post(bearer(county_admin), path).status_code == 403
        # The volunteer cannot mark themself (or check themself in without the QR code).
        assert post(bearer(vworld.member.user), path).status_code == 403
    # A sign-up of another activity is not found through this one.
    other = make_activity(world.a, by=organiser, title="Other")
    assert post(bearer(organiser), f"/{other.pk}/signups/{signup.pk}/no-show").status_code == 404
    signup.refresh_from_db()
    assert (signup.no_show, signup.checked_in_at) == (False, None)
