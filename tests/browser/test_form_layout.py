"""Groups of checkboxes and radios are Bootstrap rows on phones and desktops; on a 390 px phone short
labels and badges are not squeezed to a character a line and nothing widens the page.

The geometry is judged by the layout check's own rules (layout_rules.js); the contexts here keep
the pages' Content-Security-Policy, as a real browser does.
"""

from pathlib import Path

import pytest

from activities.testing import make_activity
from conftest import PASSWORD
from registry.models import PartyMember
from registry.testing import make_party_branch
from tests.browser.conftest import log_in
from volunteering.models import Skill
from volunteering.testing import make_team

RULES = (Path(__file__).parent / "layout_rules.js").read_text(encoding="utf-8")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}


@pytest.fixture
def context_at(browser, live_server):
    contexts = []

    def _open(viewport):
        context = browser.new_context(base_url=live_server.url, viewport=viewport, locale="zh-CN")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield _open
    for context in contexts:
        context.close()


@pytest.fixture
def choices(world, staff_a):
    """Skills, teams and partner units to choose from, with names as long as real ones."""
    from registry.services import create_partner_unit

    for code, name in (("calligraphy", "书法"), ("computer", "电脑维修"), ("social-worker", "社会工作者")):
        Skill.objects.update_or_create(code=code, community=None, defaults={"name": name, "name_en": code})
    make_team(world.a, "治安巡逻队")
    make_team(world.a, "巾帼志愿者娘家人服务队")
    for name in ("柘荣县人社局", "柘荣县邻里社会工作服务中心"):
        create_partner_unit(by=None, county=world.county, name=name, kind="agency", communities=[world.a])


def _groups_are_rows(page, *names):
    for name in names:
        fieldset = page.locator(f"#field-{name}")  # the fieldset, or the block around it
        assert fieldset.locator("legend").is_visible()
        boxes = fieldset.locator("input[type=checkbox]")
        assert boxes.count() >= 2
        for i in range(boxes.count()):
            box = boxes.nth(i)
            row = box.locator("xpath=..")
            assert "form-check" in row.get_attribute("class").split()
            assert "form-check-input" in box.get_attribute("class").split()
            label = row.locator(f"label.form-check-label[for='{box.get_attribute('id')}']")
            assert label.is_visible()
            # A label reads on one line, beside its box: no character-a-line column.
            assert label.bounding_box()["height"] < 40
    # The class of an input on nothing that is not an input (Django puts it on the group's wrapper).
    assert page.locator(".form-check-input:not(input)").count() == 0
    problems = page.evaluate(RULES)
    assert problems == []


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_sign_up_page_offers_skills_and_teams_as_rows(context_at, world, choices, viewport):
    page = context_at(viewport)
    page.goto(f"/volunteering/join/{world.a.code}/")
    _groups_are_rows(page, "skills", "teams")
    # The label ticks its box.
    page.locator("#field-teams label", has_text="治安巡逻队").click()
    assert page.locator("#field-teams input:checked").count() == 1


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_activity_form_offers_partner_units_and_skills_as_rows(context_at, world, staff_a, choices, viewport):
    page = context_at(viewport)
    log_in(page, "staff_a", PASSWORD)
    page.goto("/activities/new/")
    _groups_are_rows(page, "partner_units", "required_skills")


def test_a_phone_shows_buttons_badges_addresses_and_the_qr_sheet_whole(context_at, world, staff_a):
    from registry.services import create_tag, register_party_member

    branch = make_party_branch(world.a, world.compound)
    register_party_member(by=None, resident=world.head1, party_org=branch, kind=PartyMember.Kind.REGISTERED)
    world.household1.tags.set([create_tag(by=None, community=world.a, name=name) for name in ("独居老人", "低保户")])
    activity = make_activity(world.a, by=staff_a, title="重阳节敬老文艺演出和义诊")
    page = context_at(PHONE)
    log_in(page, "staff_a", PASSWORD)
    for path in ("/", "/registry/households/", "/registry/residents/", f"/activities/{activity.pk}/sheet/"):
        page.goto(path)
        assert page.evaluate(RULES) == [], path
