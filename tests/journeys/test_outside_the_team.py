"""Journey: a volunteer of another team serves in a leader's activity open to all, through the pages.

The patrol leader plans and publishes an activity for every registered volunteer; a youth-team
volunteer signs up on their phone, scans in and out; the hours go on notice, then count once the
notice period ends. It ends with the ledger and with what each of them may see.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from activities import services as activity_services
from activities.models import Activity, SignUp
from core.roles import Role
from registry.testing import make_user
from volunteering import services as ledger
from volunteering.models import ServiceRecord, Volunteer

# A fixed Monday morning: the journey does not depend on the day it runs.
MONDAY = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


class Clock:
    """timezone.now() for the services and views, moved on by the test as the day goes."""

    def __init__(self, at: dt.datetime):
        self.at = at

    def __call__(self) -> dt.datetime:
        return self.at


@pytest.fixture
def clock(monkeypatch):
    clock = Clock(MONDAY)
    monkeypatch.setattr(timezone, "now", clock)
    return clock


def _local(at: dt.datetime) -> str:
    return timezone.localtime(at).strftime("%Y-%m-%dT%H:%M")


def test_a_volunteer_of_another_team_serves_and_gets_the_hours(clock, world, vworld):
    leader = Client()
    leader.force_login(vworld.leader_user)
    youth_user = make_user("youth-volunteer", role=Role.VOLUNTEER, org_unit=world.a)
    Volunteer.objects.filter(pk=vworld.outsider.pk).update(user=youth_user)
    youth = Client()
    youth.force_login(youth_user)

    # The leader plans the clean-up for Wednesday, open to every registered volunteer.
    starts = MONDAY + dt.timedelta(days=2)
    response = leader.post(
        reverse("activities:activity-create"),
        {
            "community": world.a.pk,
            "title": "清理楼道杂物",
            "kind": Activity.Kind.CLEAN_UP,
            "team": vworld.patrol.pk,
            "place_text": "锦绣小区",
            "starts_at": _local(starts),
            "ends_at": _local(starts + dt.timedelta(hours=2)),
            "places": 10,
            "signup_deadline": _local(starts - dt.timedelta(hours=12)),
            "eligibility": Activity.Eligibility.ANYONE,
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    activity = Activity.objects.get(title="清理楼道杂物")
    assert activity.created_by == vworld.leader_user
    assert leader.post(reverse("activities:activity-publish", args=[activity.pk])).status_code == 302

    # The youth-team volunteer finds it, signs up, and scans in and out on the day.
    assert youth.get(reverse("activities:upcoming")).status_code == 200
    assert youth.post(reverse("activities:signup-create", args=[activity.pk])).status_code == 302
    signup = SignUp.objects.get(activity=activity, volunteer=vworld.outsider)
    assert signup.status == SignUp.Status.CONFIRMED
    scan = reverse("activities:scan", args=[activity.pk, activity_services.checkin_token(activity)])
    clock.at = starts - dt.timedelta(minutes=10)
    youth.force_login(youth_user)  # a session lasts a working day; on the day they log in again
    assert youth.get(scan).status_code == 200
    clock.at = starts + dt.timedelta(hours=2, minutes=5)
    response = youth.get(scan)
    assert response.status_code == 200, response.content.decode()
    assert "2.00 hours go on public notice" in response.content.decode()

    # The hours are in the ledger, on notice, recorded by the organiser for the activity.
    record = ServiceRecord.objects.get(volunteer=vworld.outsider)
    assert (record.hours, record.status, record.activity_id) == (Decimal("2.00"), "notice", activity.pk)
    assert record.recorded_by == vworld.leader_user and record.team == vworld.patrol
    # ... and count once the notice period has ended.
    ledger.close_notices(today=record.notice_until + dt.timedelta(days=1))
    vworld.outsider.refresh_from_db()
    assert vworld.outsider.recorded_hours == Decimal("2.00")
    page = youth.get(reverse("volunteering:my-page")).content.decode()
    assert 'data-testid="recorded-hours">2' in page.replace(".00", "")

    # Nothing more than that: the youth volunteer is not the patrol's, so its records stay closed,
    # and the leader still cannot record hours by hand for someone outside the team.
    member_record = ledger.record_service(
        by=vworld.leader_user,
        volunteer=vworld.member,
        team=vworld.patrol,
        served_on=timezone.localdate() - dt.timedelta(days=1),
        hours=Decimal(1),
        content="夜间巡逻",
    )
    assert youth.get(reverse("volunteering:record-detail", args=[member_record.pk])).status_code == 404
    leader.force_login(vworld.leader_user)
    response = leader.post(
        reverse("volunteering:record-create"),
        {
            "volunteer": vworld.outsider.pk,
            "team": vworld.patrol.pk,
            "served_on": (timezone.localdate() - dt.timedelta(days=1)).isoformat(),
            "hours": "1",
            "content": "夜间巡逻",
        },
    )
    assert response.status_code == 200
    assert "volunteer" in response.context["form"].errors
    assert ServiceRecord.objects.filter(volunteer=vworld.outsider).count() == 1
