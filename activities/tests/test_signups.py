import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from activities import services
from activities.models import Activity, SignUp
from activities.testing import make_activity
from registry.models import OrgUnit
from volunteering.models import Volunteer


def test_places_then_waitlist_then_promotion(organiser, vworld):
    activity = make_activity(vworld.patrol.community, by=organiser, places=1)
    first = services.sign_up(by=None, activity=activity, volunteer=vworld.member)
    second = services.sign_up(by=None, activity=activity, volunteer=vworld.leader)
    assert (first.status, second.status) == (SignUp.Status.CONFIRMED, SignUp.Status.WAITLISTED)
    services.cancel_signup(by=None, signup=first)
    second.refresh_from_db()
    assert second.status == SignUp.Status.CONFIRMED
    assert Activity.objects.get(pk=activity.pk).confirmed_count == 1


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ({"places": 5, "starts_in": dt.timedelta(days=2), "signup_deadline_past": True}, "deadline"),
        ({"places": 5, "eligibility": "team", "team": "youth"}, "members of"),
        ({"places": 5, "publish": False}, "not open"),
    ],
)
def test_refusals_say_why(organiser, vworld, setup, message):
    kw = {k: v for k, v in setup.items() if k not in {"signup_deadline_past", "team"}}
    if setup.get("team"):
        kw["team"] = vworld.youth
    activity = make_activity(vworld.patrol.community, by=organiser, **kw)
    if setup.get("signup_deadline_past"):
        Activity.objects.filter(pk=activity.pk).update(signup_deadline=timezone.now() - dt.timedelta(minutes=1))
        activity.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.sign_up(by=None, activity=activity, volunteer=vworld.member)
    assert message in " ".join(exc.value.messages)
    assert not SignUp.objects.exists()


def test_double_sign_up_is_refused(organiser, vworld):
    activity = make_activity(vworld.patrol.community, by=organiser)
    services.sign_up(by=None, activity=activity, volunteer=vworld.member)
    with pytest.raises(ValidationError):
        services.sign_up(by=None, activity=activity, volunteer=vworld.member)


def test_places_below_confirmed_count_are_refused(organiser, vworld):
    activity = make_activity(vworld.patrol.community, by=organiser, places=2)
    services.sign_up(by=None, activity=activity, volunteer=vworld.member)
    services.sign_up(by=None, activity=activity, volunteer=vworld.leader)
    with pytest.raises(ValidationError) as exc:
        services.update_activity(by=organiser, activity=activity, places=1)
    assert "places" in exc.value.message_dict


def test_more_places_let_the_waitlist_in(organiser, vworld):
    activity = make_activity(vworld.patrol.community, by=organiser, places=1)
    services.sign_up(by=None, activity=activity, volunteer=vworld.member)
    waiting = services.sign_up(by=None, activity=activity, volunteer=vworld.leader)
    services.update_activity(by=organiser, activity=activity, places=2)
    waiting.refresh_from_db()
    assert waiting.status == SignUp.Status.CONFIRMED


def test_end_before_start_and_late_deadline_are_refused(organiser, vworld):
    start = timezone.now() + dt.timedelta(days=3)
    with pytest.raises(ValidationError) as exc:
        services.create_activity(
            by=organiser,
            community=vworld.patrol.community,
            title="x",
            kind="patrol",
            starts_at=start,
            ends_at=start - dt.timedelta(hours=1),
            places=3,
            signup_deadline=start + dt.timedelta(hours=1),
        )
    assert {"ends_at", "signup_deadline"} <= set(exc.value.message_dict)


def test_qr_check_in_and_out_credit_hours_capped_by_the_activity(organiser, vworld):
    activity = make_activity(
        by=organiser,
        community=vworld.patrol.community,
        starts_in=dt.timedelta(hours=-3),
        hours=2,
        signup_deadline=timezone.now() - dt.timedelta(hours=4),
        publish=False,
    )
    Activity.objects.filter(pk=activity.pk).update(status=Activity.Status.PUBLISHED)
    signup = SignUp.objects.create(activity=activity, volunteer=vworld.member, status=SignUp.Status.CONFIRMED)
    token = services.checkin_token(activity)
    services.check_in(by=None, signup=signup, token=token, now=activity.starts_at - dt.timedelta(minutes=30))
    signup = services.check_out(by=None, signup=signup, token=token, now=activity.ends_at + dt.timedelta(minutes=30))
    assert signup.record.hours == 2  # capped by the activity's own time
    assert signup.record.status == "notice"
    other = make_activity(vworld.patrol.community, by=organiser)
    with pytest.raises(ValidationError) as exc:
        services.check_in(
            by=None,
            signup=SignUp.objects.create(activity=activity, volunteer=vworld.leader, status="confirmed"),
            token=services.checkin_token(other),
            now=activity.starts_at,
        )
    assert "another activity" in exc.value.messages[0]


def test_qr_outside_its_time_window_is_refused(organiser, vworld):
    activity = make_activity(vworld.patrol.community, by=organiser, starts_in=dt.timedelta(days=1))
    signup = services.sign_up(by=None, activity=activity, volunteer=vworld.member)
    with pytest.raises(ValidationError):
        services.check_in(by=None, signup=signup, token=services.checkin_token(activity), now=timezone.now())


def test_recurring_series_makes_weekly_occurrences(organiser, vworld):
    monday = dt.date.today() + dt.timedelta(days=(7 - dt.date.today().weekday()))
    series = services.create_series(
        by=organiser,
        community=vworld.patrol.community,
        title="周二夜间巡逻",
        kind="patrol",
        weekday=1,
        start_time=dt.time(19),
        end_time=dt.time(21),
        first_date=monday,
        last_date=monday + dt.timedelta(days=27),
        places=8,
        team=vworld.patrol,
    )
    dates = [timezone.localtime(a.starts_at).date() for a in series.occurrences.order_by("starts_at")]
    assert len(dates) == 4
    assert all(d.weekday() == 1 for d in dates)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_100_concurrent_sign_ups_for_10_places(world, organiser):
    """Exactly 10 confirmed and 90 waitlisted, in arrival order; cancellations promote in order."""
    from registry.testing import make_id

    community = OrgUnit.objects.get(pk=world.a.pk)
    activity = make_activity(community, by=organiser, places=10)
    volunteers = []
    for i in range(100):
        volunteers.append(
            Volunteer.objects.create(
                county_id=community.county_id,
                community=community,
                number=f"RACE-{i:03d}",
                name=f"并发{i}",
                status=Volunteer.Status.ACTIVE,
                id_number_hash=make_id(),
            )
        )

    def attempt(volunteer):
        try:
            return services.sign_up(by=None, activity=activity, volunteer=volunteer).status
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(attempt, volunteers))
    assert statuses.count(SignUp.Status.CONFIRMED) == 10
    assert statuses.count(SignUp.Status.WAITLISTED) == 90
    activity.refresh_from_db()
    assert activity.confirmed_count == 10
    queue = list(SignUp.objects.filter(activity=activity).order_by("pk").values_list("status", flat=True))
    assert queue == [SignUp.Status.CONFIRMED] * 10 + [SignUp.Status.WAITLISTED] * 90  # arrival order

    confirmed = list(SignUp.objects.filter(activity=activity, status="confirmed").order_by("pk")[:5])
    first_waiting = list(SignUp.objects.filter(activity=activity, status="waitlisted").order_by("pk")[:5])

    def cancel(signup):
        try:
            return services.cancel_signup(by=None, signup=signup)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=5) as pool:
        list(pool.map(cancel, confirmed))
    assert set(SignUp.objects.filter(activity=activity, status="confirmed").values_list("pk", flat=True)) >= {
        s.pk for s in first_waiting
    }
    assert SignUp.objects.filter(activity=activity, status="confirmed").count() == 10
