import datetime as dt

import pytest
from django.db import transaction
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from activities import queries, services
from activities.models import Activity, ActivityBeneficiary, ActivitySeries, SignUp
from core import demo
from core.models import AuditEvent
from registry.models import OrgUnit
from volunteering.ledger import hours_between
from volunteering.models import ServiceRecord


def snapshot() -> list[tuple]:
    """What a load decides, without primary keys (PostgreSQL does not roll sequences back)."""
    return list(
        SignUp.objects.order_by("activity__starts_at", "activity__title", "volunteer__number").values_list(
            "activity__title",
            "activity__starts_at",
            "activity__places",
            "activity__confirmed_count",
            "volunteer__number",
            "status",
            "created_at",
            "checked_in_at",
            "checked_out_at",
            "no_show",
        )
    )


def load_and_forget(**kwargs) -> list[tuple]:
    with transaction.atomic():
        demo.load(**kwargs)
        seen = snapshot()
        transaction.set_rollback(True)
    return seen


def assert_consistent_with_the_services() -> None:
    """What the sign-up and check-out services keep true, for every activity and sign-up."""
    counted = Activity.objects.annotate(n=Count("signups", filter=Q(signups__status=SignUp.Status.CONFIRMED)))
    assert not counted.exclude(confirmed_count=F("n")).exists()
    assert not Activity.objects.filter(confirmed_count__gt=F("places")).exists()
    # Nobody waits while a place is free: the waitlist is promoted as soon as one is.
    waiting = Activity.objects.filter(signups__status=SignUp.Status.WAITLISTED).distinct()
    assert not waiting.filter(confirmed_count__lt=F("places")).exists()
    # A checked-out sign-up is the ledger entry check_out would have written, and the only one for it.
    checked_out = SignUp.objects.filter(checked_out_at__isnull=False).select_related(
        "activity", "activity__place", "record"
    )
    assert checked_out.count() == SignUp.objects.filter(record__isnull=False).count() > 0
    for signup in checked_out:
        activity, record = signup.activity, signup.record
        start = timezone.localtime(max(signup.checked_in_at, activity.starts_at))
        end = timezone.localtime(min(signup.checked_out_at, activity.ends_at))
        assert record.hours == hours_between(start.time(), end.time()), signup.pk
        assert (record.volunteer_id, record.activity_id, record.served_on) == (
            signup.volunteer_id,
            activity.pk,
            start.date(),
        )
        assert record.content == activity.title
        assert record.place == (activity.place_text or str(activity.place or ""))
        assert record.recorded_by_id == activity.created_by_id
        assert signup.status == SignUp.Status.CONFIRMED and not signup.no_show
    linked = ServiceRecord.objects.filter(activity_id__isnull=False)
    assert linked.count() == checked_out.count()
    assert not SignUp.objects.filter(no_show=True).exclude(checked_in_at=None).exists()


def test_same_seed_gives_the_same_activities_and_sign_ups(db):
    first = load_and_forget(preset="tiny")
    assert len(first) > 100
    assert first == load_and_forget(preset="tiny")


def test_tiny_preset_is_consistent_with_the_services(db):
    demo.load(preset="tiny")
    assert_consistent_with_the_services()
    loads = AuditEvent.objects.filter(action="activities.demo.load")
    assert sorted(loads.values_list("object_repr", flat=True)) == ["城北社区", "城南社区"]


@pytest.mark.slow
def test_demo_preset_has_a_year_of_activities_and_what_each_login_needs(db, client):
    demo.load(preset="demo")
    assert_consistent_with_the_services()
    now, today = timezone.now(), timezone.localdate()
    chengnan = OrgUnit.objects.get(kind=OrgUnit.Kind.COMMUNITY, name="城南社区")
    activities = Activity.objects.filter(community=chengnan)
    past = activities.filter(ends_at__lt=now, starts_at__gte=now - dt.timedelta(days=366))
    assert 50 <= past.count() <= 90
    upcoming = activities.filter(starts_at__gt=now, status=Activity.Status.PUBLISHED)
    assert upcoming.filter(series=None).count() >= 10
    assert set(past.values_list("kind", flat=True)) >= {"free_clinic", "clean_up", "banquet", "festival", "patrol"}
    assert past.filter(partner_units__isnull=False).exists() and upcoming.filter(partner_units__isnull=False).exists()
    assert not activities.filter(team=None).exists()
    signups = SignUp.objects.filter(activity__in=past)
    assert signups.filter(no_show=True).exists()
    assert SignUp.objects.filter(activity__community=chengnan, status=SignUp.Status.WAITLISTED).exists()
    assert ActivityBeneficiary.objects.filter(activity__kind="free_clinic", resident__isnull=False).exists()
    series = ActivitySeries.objects.get(community=chengnan)
    assert series.occurrences.filter(ends_at__lt=now).exists() and series.occurrences.filter(starts_at__gt=now).exists()
    cancelled = Activity.objects.get(status=Activity.Status.CANCELLED)
    assert cancelled.cancel_reason
    assert AuditEvent.objects.filter(action="activities.activity.cancel", object_id=str(cancelled.pk)).exists()

    # The volunteer login sees activities to sign up for, some asking for their skills.
    volunteer_user = User.objects.get(username="volunteer")
    volunteer = volunteer_user.volunteer
    open_ones = [
        a
        for a in queries.upcoming_for_volunteer(volunteer, now=now)
        if a.eligibility == Activity.Eligibility.ANYONE and a.confirmed_count < a.places
    ]
    assert len(open_ones) >= 5
    client.force_login(volunteer_user)
    page = client.get(reverse("activities:upcoming"), {"my_skills": "on"})
    matched = page.context["activities"]
    assert len(matched) >= 2
    assert all(set(a.required_skills.all()) & set(volunteer.skills.all()) for a in matched)
    assert any(a.my_signup is None for a in matched)
    mine = SignUp.objects.filter(volunteer=volunteer, activity__starts_at__gt=now, status=SignUp.Status.CONFIRMED)
    assert mine.count() >= 2

    # The leader has a patrol today or tomorrow with volunteers to check in, the demo volunteer among them.
    leader = User.objects.get(username="leader")
    soon = [
        a
        for a in queries.activities_for_user(leader, queries.RECORD)
        if timezone.localdate(a.starts_at) in (today, today + dt.timedelta(days=1)) and a.confirmed_count
    ]
    assert soon
    to_check_in = soon[0].signups.get(volunteer=volunteer)
    services.check_in(by=leader, signup=to_check_in, now=soon[0].starts_at)

    # The public stories page shows the published summaries: numbers and stories, never names.
    client.logout()
    published = list(Activity.objects.filter(community=chengnan, summary_published=True))
    assert len(published) >= 2
    text = client.get(reverse("activities:public-stories", args=[chengnan.pk])).content.decode()
    for activity in published:
        assert activity.title in text
        assert activity.story.splitlines()[0][:20] in text
    assert volunteer.name not in text
