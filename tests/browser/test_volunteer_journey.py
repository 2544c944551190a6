"""A volunteer's journey: sign up on a phone, approval, hours recorded, a certificate that verifies."""

import datetime as dt
import re

import pytest

from conftest import PASSWORD
from registry.testing import make_id
from tests.browser.conftest import axe_violations, log_in
from volunteering import services
from volunteering.ledger import add_working_days
from volunteering.models import Volunteer


@pytest.fixture
def patrol(world, staff_a):
    from core.roles import Role
    from registry.testing import make_user
    from volunteering.testing import make_leader, make_team, make_volunteer

    team = make_team(world.a, "治安巡逻队")
    leader_user = make_user("leader", role=Role.TEAM_LEADER, org_unit=world.a)
    make_leader(team, make_volunteer(world.a, name="李队长", user=leader_user, teams=(team,)))
    return team


def test_sign_up_approve_record_and_verify_a_certificate(
    browser, live_server, phone_page, page, world, staff_a, patrol
):
    # 1. On a phone, without an account: the public sign-up of 城南社区.
    phone_page.goto(f"/volunteering/join/{world.a.code}/")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    assert axe_violations(phone_page) == []
    phone_page.locator("#id_name").fill("郑新来")
    phone_page.locator("#id_phone").fill("13912345678")
    phone_page.locator("#id_id_number").fill(make_id(dt.date(1995, 6, 1), "M"))
    phone_page.locator(f"input[name=teams][value='{patrol.pk}']").check()
    phone_page.locator("#id_password").fill("Zheng-xin-2026")
    phone_page.locator("form button[type=submit]").last.click()
    phone_page.wait_for_url(re.compile(r"/thanks/"))
    volunteer = Volunteer.objects.get(name="郑新来")
    assert volunteer.status == Volunteer.Status.PENDING

    # 2. Staff approve the registration.
    log_in(page, "staff_a", PASSWORD)
    page.goto(f"/volunteering/volunteers/{volunteer.pk}/")
    page.locator("form:has(input[name=decision][value=approve]) button[type=submit]").click()
    page.wait_for_load_state()
    volunteer.refresh_from_db()
    assert volunteer.status == Volunteer.Status.ACTIVE

    # 3. The team leader accepts the join request and records two hours of patrol.
    leader_context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        bypass_csp=True,
    )
    leader = leader_context.new_page()
    log_in(leader, "leader", PASSWORD)
    leader.goto(f"/volunteering/teams/{patrol.pk}/")
    leader.locator("button[name=decision][value=accept]").first.click()
    leader.wait_for_load_state()
    leader.goto("/volunteering/records/new/")
    leader.locator("#id_volunteer").select_option(str(volunteer.pk))
    leader.locator("#id_team").select_option(str(patrol.pk))
    yesterday = dt.date.today() - dt.timedelta(days=1)
    leader.locator("#id_served_on").fill(yesterday.isoformat())
    leader.locator("#id_hours").fill("2")
    leader.locator("#id_content").fill("夜间治安巡逻")
    leader.locator("form button[type=submit]").last.click()
    leader.wait_for_load_state()
    leader_context.close()
    assert volunteer.records.count() == 1

    # 4. The volunteer sees the hours on notice on their page.
    log_in(phone_page, "13912345678", "Zheng-xin-2026")
    phone_page.goto("/volunteering/me/")
    assert "2.00" in phone_page.locator("main").inner_text()
    assert axe_violations(phone_page) == []

    # The notice period passes (the daily job), then the volunteer asks for a certificate.
    services.close_notices(today=add_working_days(dt.date.today(), 5))
    phone_page.goto("/volunteering/certificates/new/")
    phone_page.locator("#id_period_start").fill((dt.date.today() - dt.timedelta(days=30)).isoformat())
    phone_page.locator("#id_period_end").fill(dt.date.today().isoformat())
    phone_page.locator("form button[type=submit]").last.click()
    phone_page.wait_for_load_state()
    certificate = volunteer.certificates.get()

    # 5. Staff issue it; the volunteer downloads the PDF.
    page.goto(f"/volunteering/certificates/{certificate.pk}/")
    page.locator(f"form[action$='/certificates/{certificate.pk}/issue/'] button").click()
    page.wait_for_load_state()
    certificate.refresh_from_db()
    assert certificate.serial
    response = phone_page.request.get(f"/volunteering/certificates/{certificate.pk}/pdf/")
    assert response.status == 200
    assert response.body()[:5] == b"%PDF-"

    # 6. The QR code's address verifies, anonymously, and shows only masked data.
    anonymous = browser.new_context(base_url=live_server.url, bypass_csp=True)
    verify = anonymous.new_page()
    verify.goto(f"/volunteering/verify/{certificate.serial}/")
    text = verify.locator("main").inner_text()
    assert certificate.serial in text
    assert "郑**" in text
    assert "郑新来" not in text
    assert "2" in text
    anonymous.close()
