"""The grid worker's round: find a resident by pinyin initials, open the household, see the badge."""

import datetime as dt

import pytest

from conftest import PASSWORD
from registry.models import PartyOrg
from registry.services import create_party_org, register_party_member
from tests.browser.conftest import axe_violations, log_in


@pytest.fixture
def party_household(world):
    branch = create_party_org(
        by=None,
        community=world.a,
        kind=PartyOrg.Kind.BRANCH,
        name="锦绣小区党支部",
        compound=world.compound,
        founded_on=dt.date(2016, 3, 1),
        status=PartyOrg.Status.PROVISIONAL,
    )
    register_party_member(by=None, resident=world.head1, party_org=branch, kind="retired", shows_identity=True)
    return world.household1


def test_grid_worker_finds_resident_by_initials_and_sees_party_badge(page, grid_worker, party_household):
    log_in(page, "grid_worker", PASSWORD)
    page.goto("/registry/search/")
    page.locator("#search-q").fill("hxq")
    result = page.locator("#search-results").get_by_role("link", name="黄秀琴")
    result.wait_for()
    # household2's 曾小明 is outside this grid worker's group and must not be found.
    page.locator("#search-q").fill("zxm")
    page.wait_for_timeout(600)
    assert page.locator("#search-results").get_by_role("link", name="曾小明").count() == 0
    page.locator("#search-q").fill("hxq")
    page.locator("#search-results").get_by_role("link", name="黄秀琴").click()
    page.get_by_role("link", name=party_household.address).first.click()
    badge = page.get_by_test_id("party-badge")
    assert badge.is_visible()
    assert badge.inner_text() == "党员户"
    assert axe_violations(page) == []

    page.get_by_label("语言").select_option("en")
    page.get_by_test_id("language-submit").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_test_id("party-badge").inner_text() == "Party member household"
    assert axe_violations(page) == []


def test_search_page_works_on_a_phone(phone_page, grid_worker, party_household):
    log_in(phone_page, "grid_worker", PASSWORD)
    phone_page.goto("/registry/search/?q=huangxiuqin")
    assert phone_page.get_by_role("link", name="黄秀琴").is_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    assert axe_violations(phone_page) == []


def test_staff_reveal_an_id_number_and_it_is_audited(page, staff_a, world):
    from core.models import AuditEvent

    log_in(page, "staff_a", PASSWORD)
    page.goto(f"/registry/residents/{world.head1.pk}/")
    page.locator("#pii-id_number button").click()
    revealed = page.locator("#pii-id_number").get_by_test_id("revealed-value")
    revealed.wait_for()
    assert "*" not in revealed.inner_text()
    assert AuditEvent.objects.filter(action="registry.resident.reveal", object_id=str(world.head1.pk)).count() == 1


def test_inline_validation_keeps_what_is_typed(page, staff_a, world):
    log_in(page, "staff_a", PASSWORD)
    page.goto(f"/registry/residents/new/?household={world.household2.pk}")
    page.locator("#id_name").fill("测试")
    page.locator("#id_id_number").fill("110105194912310021")
    page.locator("#id_id_number").blur()
    error = page.locator("#id_id_number_errors .invalid-feedback").first
    error.wait_for()
    assert "校验位" in error.inner_text()
    assert page.locator("#id_id_number").input_value() == "110105194912310021"
