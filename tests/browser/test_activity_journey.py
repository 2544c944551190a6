"""An activity's journey: the leader publishes, a volunteer signs up on a phone, checks in and out
with the QR code, and the hours appear on notice on the volunteer's page."""

import datetime as dt
import re
from decimal import Decimal

from django.utils import timezone

from activities.models import Activity, SignUp
from conftest import PASSWORD
from tests.browser.conftest import axe_violations, log_in


def _local(moment: dt.datetime) -> str:
    """The value a datetime-local input takes, in the site's time zone."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_publish_sign_up_check_in_and_out_then_hours_on_notice(page, phone_page, vworld, leader_user):
    # 1. The patrol team's leader creates the activity as a draft and publishes it.
    log_in(page, "leader", PASSWORD)
    page.goto("/activities/new/")
    tomorrow = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0) + dt.timedelta(days=1)
    page.locator("#id_title").fill("周末夜间巡逻")
    page.locator("#id_kind").select_option(Activity.Kind.PATROL)
    page.locator("#id_team").select_option(str(vworld.patrol.pk))
    page.locator("#id_starts_at").fill(_local(tomorrow))
    page.locator("#id_ends_at").fill(_local(tomorrow + dt.timedelta(hours=2)))
    page.locator("#id_signup_deadline").fill(_local(tomorrow - dt.timedelta(hours=1)))
    page.locator("#id_places").fill("5")
    page.locator("#id_eligibility").select_option(Activity.Eligibility.TEAM)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/activities/\d+/$"))
    activity = Activity.objects.get(title="周末夜间巡逻")
    assert activity.status == Activity.Status.DRAFT
    assert activity.team == vworld.patrol
    page.locator(f"form[action$='/activities/{activity.pk}/publish/'] button[type=submit]").click()
    page.wait_for_load_state()
    activity.refresh_from_db()
    assert activity.status == Activity.Status.PUBLISHED

    # 2. The volunteer, a patrol member, signs up on a phone.
    log_in(phone_page, "volunteer", PASSWORD)
    phone_page.goto(f"/activities/{activity.pk}/")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    assert axe_violations(phone_page) == []
    phone_page.locator(f"form[action$='/activities/{activity.pk}/sign-up/'] button[type=submit]").click()
    phone_page.wait_for_load_state()
    signup = SignUp.objects.get(activity=activity, volunteer=vworld.member)
    assert signup.status == SignUp.Status.CONFIRMED
    # Cancelling asks first, on a page of its own; "keep my place" goes back with nothing changed.
    phone_page.locator(f"a[href$='/activities/{activity.pk}/sign-up/cancel/']").click()
    phone_page.wait_for_load_state()
    assert phone_page.locator(f"form[action$='/activities/{activity.pk}/sign-up/cancel/']").count() == 1
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    assert axe_violations(phone_page) == []
    phone_page.locator(f"main a[href$='/activities/{activity.pk}/']").last.click()
    phone_page.wait_for_url(re.compile(rf"/activities/{activity.pk}/$"))
    signup.refresh_from_db()
    assert signup.status == SignUp.Status.CONFIRMED

    # The day comes: the activity started three hours ago (the deadline stays before the start).
    # Time passes on the row itself: no one may move a published deadline into the past.
    now = timezone.now()
    Activity.objects.filter(pk=activity.pk).update(
        starts_at=now - dt.timedelta(hours=3),
        ends_at=now + dt.timedelta(hours=1),
        signup_deadline=now - dt.timedelta(hours=4),
    )
    activity.refresh_from_db()

    # 3. The leader shows the QR sheet; its address is what the phone camera opens.
    page.goto(f"/activities/{activity.pk}/sheet/")
    scan_url = page.locator("p.text-break").inner_text().strip()
    assert f"/activities/{activity.pk}/scan/" in scan_url
    svg = page.request.get(f"/activities/{activity.pk}/qr.svg")
    assert svg.status == 200
    assert b"<svg" in svg.body()

    # 4. The volunteer scans in ...
    response = phone_page.goto(scan_url)
    assert response.status == 200
    assert phone_page.locator(".alert-success[role=status]").count() == 1
    signup.refresh_from_db()
    assert signup.checked_in_at is not None
    assert signup.checked_out_at is None
    # ... serves two hours (moved back in time rather than waited for) and scans out.
    SignUp.objects.filter(pk=signup.pk).update(checked_in_at=now - dt.timedelta(hours=2))
    response = phone_page.goto(scan_url)
    assert response.status == 200
    assert phone_page.locator(".alert-success[role=status]").count() == 1
    signup.refresh_from_db()
    assert signup.checked_out_at is not None
    record = signup.record
    assert record is not None
    assert record.volunteer == vworld.member
    assert record.status == "notice"
    assert Decimal("1.95") <= record.hours <= Decimal("2.05")

    # A third scan changes nothing: the sign-up is already checked out.
    response = phone_page.goto(scan_url)
    assert response.status == 400
    assert phone_page.locator(".alert-danger[role=alert]").count() == 1
    assert vworld.member.records.count() == 1

    # 5. The hours are on notice on the volunteer's page, not yet recorded.
    phone_page.goto("/volunteering/me/")
    assert Decimal(phone_page.locator("[data-testid=notice-hours]").inner_text()) == record.hours
    assert Decimal(phone_page.locator("[data-testid=recorded-hours]").inner_text()) == 0
    assert str(record.hours) in phone_page.locator("#records-heading + ul").inner_text()
    assert axe_violations(phone_page) == []
