import datetime as dt

from django.urls import reverse
from django.utils import timezone

from activities import services
from activities.models import Activity, SignUp
from activities.testing import make_activity


def _running(world, organiser, vworld, **kw):
    activity = make_activity(world.a, by=organiser, **kw)
    signup = services.sign_up(by=None, activity=activity, volunteer=vworld.member)
    # Move it to now: sign-up is closed once an activity starts.
    start = timezone.now() - dt.timedelta(minutes=30)
    Activity.objects.filter(pk=activity.pk).update(
        starts_at=start, ends_at=start + dt.timedelta(hours=2), signup_deadline=start
    )
    activity.refresh_from_db()
    return activity, signup


def test_scan_checks_in_then_out(login, organiser, volunteer, world, vworld):
    activity, signup = _running(world, organiser, vworld)
    url = reverse("activities:scan", args=[activity.pk, services.checkin_token(activity)])
    client = login(volunteer)
    resp = client.get(url)
    assert resp.status_code == 200 and "You are checked in" in resp.content.decode()
    # Back-date the check-in, so there are hours to credit on the way out.
    SignUp.objects.filter(pk=signup.pk).update(checked_in_at=activity.starts_at)
    resp = client.get(url)
    assert resp.status_code == 200 and "You are checked out" in resp.content.decode()
    signup.refresh_from_db()
    assert signup.checked_in_at and signup.checked_out_at and signup.record.hours > 0


def test_scan_with_another_activitys_code_is_refused(login, organiser, volunteer, world, vworld):
    activity, signup = _running(world, organiser, vworld)
    other = make_activity(world.a, by=organiser, title="别的")
    url = reverse("activities:scan", args=[activity.pk, services.checkin_token(other)])
    resp = login(volunteer).get(url)
    assert resp.status_code == 400 and "belongs to another activity" in resp.content.decode()
    signup.refresh_from_db()
    assert signup.checked_in_at is None


def test_scan_outside_the_time_window_is_refused(login, organiser, volunteer, world, vworld):
    activity = make_activity(world.a, by=organiser)
    services.sign_up(by=None, activity=activity, volunteer=vworld.member)
    url = reverse("activities:scan", args=[activity.pk, services.checkin_token(activity)])
    resp = login(volunteer).get(url)
    assert resp.status_code == 400 and "an hour before" in resp.content.decode()


def test_scan_when_not_signed_up(login, organiser, leader_user, world, vworld):
    activity, _signup = _running(world, organiser, vworld)
    url = reverse("activities:scan", args=[activity.pk, services.checkin_token(activity)])
    resp = login(leader_user).get(url)
    assert resp.status_code == 400 and "not signed up" in resp.content.decode()


def test_scan_needs_login_and_comes_back(client, organiser, world, vworld):
    activity, _signup = _running(world, organiser, vworld)
    url = reverse("activities:scan", args=[activity.pk, services.checkin_token(activity)])
    resp = client.get(url)
    assert resp.status_code == 302 and "login" in resp["Location"] and "next=" in resp["Location"]


def test_qr_code_is_an_svg_of_the_absolute_scan_url(login, organiser, world, vworld):
    activity = make_activity(world.a, by=organiser)
    client = login(organiser)
    resp = client.get(reverse("activities:qr-code", args=[activity.pk]))
    assert resp["Content-Type"] == "image/svg+xml" and b"<svg" in resp.content
    sheet = client.get(reverse("activities:qr-sheet", args=[activity.pk]))
    token = services.checkin_token(activity)
    assert f"http://testserver/activities/{activity.pk}/scan/{token}/" in sheet.content.decode()


def test_qr_is_for_organisers_only(login, organiser, volunteer, county_admin, staff_b, world, vworld):
    activity = make_activity(world.a, by=organiser)
    url = reverse("activities:qr-code", args=[activity.pk])
    assert login(volunteer).get(url).status_code == 403
    assert login(county_admin).get(url).status_code == 403
    assert login(staff_b).get(url).status_code == 404


def test_roster_approve_and_manual_check_in(login, organiser, leader_user, world, vworld):
    activity, signup = _running(world, organiser, vworld, team=vworld.patrol, requires_approval=True)
    client = login(leader_user)
    url = reverse("activities:roster-action", args=[activity.pk, signup.pk])
    roster = client.get(activity.get_absolute_url()).context["roster"]
    assert roster["pending"] == [signup]
    client.post(url, {"action": "accept"})
    signup.refresh_from_db()
    assert signup.status == SignUp.Status.CONFIRMED
    client.post(url, {"action": "check_in"})
    signup.refresh_from_db()
    assert signup.checked_in_at is not None


def test_roster_no_show(login, organiser, world, vworld):
    activity, signup = _running(world, organiser, vworld)
    login(organiser).post(reverse("activities:roster-action", args=[activity.pk, signup.pk]), {"action": "no_show"})
    signup.refresh_from_db()
    assert signup.no_show


def test_roster_actions_are_refused_to_readers_and_others(
    login, organiser, county_admin, volunteer, staff_b, world, vworld
):
    activity, signup = _running(world, organiser, vworld)
    url = reverse("activities:roster-action", args=[activity.pk, signup.pk])
    assert login(county_admin).post(url, {"action": "check_in"}).status_code == 403
    assert login(volunteer).post(url, {"action": "check_in"}).status_code == 403
    assert login(staff_b).post(url, {"action": "check_in"}).status_code == 404
    signup.refresh_from_db()
    assert signup.checked_in_at is None
