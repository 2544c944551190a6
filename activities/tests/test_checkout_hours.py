"""Check-out credits hours to whoever took part, and never leaves a volunteer stuck checked in."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from activities import services
from activities.models import Activity, SignUp
from activities.testing import make_activity
from core.models import AuditEvent
from volunteering.models import ServiceRecord


def _open_to_all_by_the_leader(vworld, *, started_ago=dt.timedelta(hours=3), hours=2):
    """The patrol leader's activity, open to every registered volunteer of the community."""
    activity = make_activity(
        vworld.patrol.community,
        by=vworld.leader_user,
        team=vworld.patrol,
        eligibility=Activity.Eligibility.ANYONE,
        starts_in=dt.timedelta(days=1),
        hours=hours,
    )
    start = timezone.now().replace(microsecond=0) - started_ago
    Activity.objects.filter(pk=activity.pk).update(
        starts_at=start, ends_at=start + dt.timedelta(hours=hours), signup_deadline=start - dt.timedelta(hours=1)
    )
    activity.refresh_from_db()
    return activity


def _signed_up(activity, volunteer):
    return SignUp.objects.create(activity=activity, volunteer=volunteer, status=SignUp.Status.CONFIRMED)


def test_qr_check_out_credits_a_volunteer_of_another_team(vworld):
    activity = _open_to_all_by_the_leader(vworld)
    signup = _signed_up(activity, vworld.outsider)  # of the youth team, not the leader's patrol
    token = services.checkin_token(activity)
    services.check_in(by=None, signup=signup, token=token, now=activity.starts_at)
    signup = services.check_out(by=None, signup=signup, token=token, now=activity.ends_at)
    record = ServiceRecord.objects.get(volunteer=vworld.outsider)
    assert signup.record == record
    assert record.hours == Decimal("2.00")
    assert record.activity_id == activity.pk
    assert record.recorded_by == vworld.leader_user
    assert AuditEvent.objects.filter(action="volunteering.record.create", object_id=str(record.pk)).exists()


def test_the_leaders_check_out_button_credits_a_volunteer_of_another_team(login, vworld):
    activity = _open_to_all_by_the_leader(vworld, started_ago=dt.timedelta(hours=1))
    signup = _signed_up(activity, vworld.outsider)
    SignUp.objects.filter(pk=signup.pk).update(checked_in_at=activity.starts_at)
    response = login(vworld.leader_user).post(
        reverse("activities:roster-action", args=[activity.pk, signup.pk]), {"action": "check_out"}, follow=True
    )
    assert response.status_code == 200
    assert "you can record hours only" not in response.content.decode()
    signup.refresh_from_db()
    assert signup.checked_out_at is not None
    assert signup.record is not None and signup.record.volunteer == vworld.outsider
    assert Decimal("0.95") <= signup.record.hours <= Decimal("1.05")


def test_a_leader_still_records_by_hand_only_for_their_own_team(vworld):
    """The ledger's own rule stands for hours recorded outside an activity's check-out."""
    from volunteering import services as ledger

    with pytest.raises(ValidationError) as exc:
        ledger.record_service(
            by=vworld.leader_user,
            volunteer=vworld.outsider,
            team=vworld.patrol,
            served_on=timezone.localdate() - dt.timedelta(days=1),
            hours=Decimal(2),
            content="巡逻",
        )
    assert "volunteer" in exc.value.message_dict


def test_checking_out_before_the_start_is_refused_and_a_later_scan_counts(login, vworld):
    activity = _open_to_all_by_the_leader(vworld, started_ago=dt.timedelta(minutes=-30))  # starts in 30 minutes
    signup = _signed_up(activity, vworld.member)
    token = services.checkin_token(activity)
    url = reverse("activities:scan", args=[activity.pk, token])
    client = login(vworld.member.user)
    assert client.get(url).status_code == 200  # checked in, half an hour early
    response = client.get(url)  # scanned again before the start
    assert response.status_code == 400
    assert "hours count from then" in response.content.decode()
    assert "Thank you" not in response.content.decode()
    signup.refresh_from_db()
    assert signup.checked_in_at is not None and signup.checked_out_at is None
    # Later, after serving, the same code checks them out with the hours.
    later = activity.starts_at + dt.timedelta(hours=1)
    signup = services.check_out(by=None, signup=signup, token=token, now=later)
    assert signup.record.hours == Decimal("1.00")


def test_checking_out_within_the_first_minute_is_refused(vworld):
    activity = _open_to_all_by_the_leader(vworld, started_ago=dt.timedelta(hours=1))
    signup = _signed_up(activity, vworld.member)
    token = services.checkin_token(activity)
    now = activity.starts_at + dt.timedelta(minutes=30, seconds=5)
    services.check_in(by=None, signup=signup, token=token, now=now)
    with pytest.raises(ValidationError) as exc:
        services.check_out(by=None, signup=signup, token=token, now=now + dt.timedelta(seconds=20))
    assert "less than a minute" in exc.value.messages[0]
    signup.refresh_from_db()
    assert signup.checked_out_at is None and signup.record is None


def test_checked_in_after_the_end_checks_out_with_nothing_credited_and_says_so(login, vworld):
    activity = _open_to_all_by_the_leader(vworld, started_ago=dt.timedelta(hours=3), hours=2)  # ended an hour ago
    signup = _signed_up(activity, vworld.member)
    SignUp.objects.filter(pk=signup.pk).update(checked_in_at=activity.ends_at + dt.timedelta(minutes=10))
    url = reverse("activities:scan", args=[activity.pk, services.checkin_token(activity)])
    response = login(vworld.member.user).get(url)
    assert response.status_code == 200
    assert "no hours were recorded" in response.content.decode()
    signup.refresh_from_db()
    assert signup.checked_out_at is not None and signup.record is None
