"""A wish's journey: a grid worker records it for an elderly resident, staff approve it, a partner
unit's contact claims it on a phone, a volunteer takes it to the door, the grid worker confirms
receipt; the wish leaves the wall and the figures count it."""

import datetime as dt
import io
import re

import pytest
from django.utils import timezone, translation
from PIL import Image

from conftest import PASSWORD
from core.models import AuditEvent
from core.pii import decrypt
from tests.browser.conftest import axe_violations, log_in
from wishes.models import Wish, WishClaim, WishEvent

PHONE_WIDTH = 360


@pytest.fixture
def open_page(browser, live_server):
    """Another person's browser: `open_page(phone=True)`; each is closed after the test."""
    contexts = []

    def _open(*, phone: bool = False):
        size = {"width": PHONE_WIDTH, "height": 740} if phone else {"width": 1280, "height": 900}
        context = browser.new_context(
            base_url=live_server.url,
            viewport=size,
            is_mobile=phone,
            has_touch=phone,
            locale="zh-CN",
            bypass_csp=True,
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield _open
    for context in contexts:
        context.close()


def _png() -> dict:
    """A small photo, as a phone camera would hand it to the file input."""
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 120, 40)).save(buffer, format="PNG")
    return {"name": "delivery.png", "mimeType": "image/png", "buffer": buffer.getvalue()}


def _no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH


def _open_menu_link(page, href: str) -> None:
    """Follow a link of the main menu; on a phone the menu opens from its toggler first."""
    link = page.locator(f"#sidebar a[href='{href}']")
    if not link.is_visible():
        page.locator(".navbar-toggler").click()
    link.click()
    page.wait_for_load_state()


def _step_labels(*actions: str) -> list[str]:
    """What the history says for each step, in the language the pages are shown in."""
    with translation.override("zh-hans"):
        return [str(WishEvent.Action(a).label) for a in actions]


def test_record_approve_claim_on_a_phone_deliver_confirm_then_counted(
    page, phone_page, open_page, world, grid_worker, staff_a, partner_contact, vworld
):
    head1 = world.head1
    id_number = decrypt(head1.id_number_enc)
    assert head1.age() >= 60  # an elderly resident living in household 1, grid group 1
    wall_url = f"/wishes/wall/{world.a.pk}/"

    # 1. The grid worker, on a home visit, records the wish from the menu's "Post a wish".
    log_in(page, "grid_worker", PASSWORD)
    _open_menu_link(page, "/wishes/new/")
    assert page.url.endswith("/wishes/new/")
    assert axe_violations(page) == []
    page.locator(f"input[name=beneficiary][value='{head1.pk}']").check()
    page.locator("#id_title").fill("一本书《优雅走过下雨天》")
    page.locator("#id_category").select_option(Wish.Category.GOODS)
    page.locator("#id_value").fill("45")
    page.locator("#id_reason").fill("独居老人，视力不好，想要一本大字版的书。")
    wanted_by = timezone.localdate() + dt.timedelta(days=30)
    page.locator("#id_wanted_by").fill(wanted_by.isoformat())
    page.locator("form[enctype='multipart/form-data'] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/wishes/\d+/$"))
    wish = Wish.objects.get(title="一本书《优雅走过下雨天》")
    assert page.url.endswith(f"/wishes/{wish.pk}/")
    assert (wish.beneficiary, wish.category, wish.value, wish.wanted_by) == (head1, "goods", 45, wanted_by)
    assert wish.status == Wish.Status.PENDING
    assert wish.posted_by == grid_worker
    assert page.locator("h1 + .badge[data-status=pending]").count() == 1
    assert axe_violations(page) == []

    # 2. Staff verify the family's situation and approve on the wish page.
    staff = open_page()
    log_in(staff, "staff_a", PASSWORD)
    staff.goto(f"/wishes/{wish.pk}/")
    staff.locator(f"form[action$='/wishes/{wish.pk}/approve/'] button[type=submit]").click()
    staff.wait_for_load_state()
    wish.refresh_from_db()
    assert wish.status == Wish.Status.OPEN
    assert staff.locator("[data-status=open]").count() == 1

    # The wish is on the public wall, masked: the surname only, no full name, room or phone.
    _open_menu_link(staff, wall_url)
    card = staff.locator(f"li.card:has(#wish-{wish.pk})")
    assert card.count() == 1
    card_text = card.inner_text()
    assert "黄**" in card_text
    assert world.compound.name in card_text
    wall_text = staff.locator("main").inner_text()
    for private in ("黄秀琴", "301", "13805931234", id_number, world.household1.address):
        assert private not in wall_text

    # 3. The partner unit's contact opens the wall on a phone and claims the wish.
    log_in(phone_page, "partner_contact", PASSWORD)
    phone_page.goto(wall_url)
    assert _no_horizontal_scroll(phone_page)
    assert axe_violations(phone_page) == []
    phone_page.locator(f"#wish-{wish.pk} a").click()
    phone_page.wait_for_url(re.compile(rf"/wishes/wall/wish/{wish.pk}/$"))
    assert "黄**" in phone_page.locator("main").inner_text()
    assert "黄秀琴" not in phone_page.content()
    assert _no_horizontal_scroll(phone_page)
    assert axe_violations(phone_page) == []
    phone_page.locator(f"form[action$='/wishes/{wish.pk}/claim/'] button[type=submit]").click()
    phone_page.wait_for_url(re.compile(r"/wishes/claims/mine/$"))
    claim = WishClaim.objects.get(wish=wish)
    assert (claim.kind, claim.user, claim.status) == (WishClaim.Kind.PARTNER_UNIT, partner_contact, "active")
    assert claim.partner_unit.name == "县人社局"
    wish.refresh_from_db()
    assert wish.status == Wish.Status.CLAIMED
    assert _no_horizontal_scroll(phone_page)

    # The wish has left the wall.
    phone_page.goto(wall_url)
    assert phone_page.locator(f"#wish-{wish.pk}").count() == 0
    assert _no_horizontal_scroll(phone_page)

    # 4. A volunteer of the community opens Deliveries on a phone and takes the wish to the door.
    volunteer = open_page(phone=True)
    log_in(volunteer, "volunteer", PASSWORD)
    _open_menu_link(volunteer, "/wishes/deliveries/")
    assert volunteer.url.endswith("/wishes/deliveries/")
    assert _no_horizontal_scroll(volunteer)
    assert axe_violations(volunteer) == []
    volunteer.locator(f"#delivery-{wish.pk}").locator("xpath=..").locator("a").click()
    volunteer.wait_for_url(re.compile(rf"/wishes/{wish.pk}/deliver/$"))
    door = volunteer.locator("main").inner_text()
    assert world.household1.address in door  # compound, building and room: where to go
    assert "黄秀琴" not in door and "13805931234" not in door and id_number not in door
    assert AuditEvent.objects.filter(
        action="wishes.view_address", actor=vworld.member.user, object_id=str(wish.pk)
    ).exists()
    assert _no_horizontal_scroll(volunteer)
    assert axe_violations(volunteer) == []
    volunteer.locator("#id_deliverer_name").fill("陈志愿")
    volunteer.locator("#id_note").fill("在家门口交给了黄阿姨本人。")
    volunteer.locator("#id_delivery_photo").set_input_files(_png())
    volunteer.locator("form[enctype='multipart/form-data'] button[type=submit]").click()
    volunteer.wait_for_url(re.compile(r"/wishes/deliveries/$"))
    assert volunteer.locator(f"#delivery-{wish.pk}").count() == 0
    wish.refresh_from_db()
    assert wish.status == Wish.Status.DELIVERED
    assert wish.delivery_note == "在家门口交给了黄阿姨本人。"
    assert wish.delivery_photo
    assert wish.deliverer_name == "陈志愿"

    # 5. The grid worker confirms receipt on the resident's behalf, with a thank-you.
    page.goto(f"/wishes/{wish.pk}/")
    assert page.locator("[data-status=delivered]").count() == 1
    assert page.locator(f"img[src$='/wishes/{wish.pk}/photo/delivery/']").count() == 1
    page.locator("#id_confirm-thanks").fill("谢谢县人社局和志愿者，书收到了！")
    page.locator(f"form[action$='/wishes/{wish.pk}/confirm/'] button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/wishes/{wish.pk}/$"))
    wish.refresh_from_db()
    assert wish.status == Wish.Status.FULFILLED
    assert wish.confirmed_by == grid_worker
    assert wish.thanks == "谢谢县人社局和志愿者，书收到了！"
    assert page.locator("[data-status=fulfilled]").count() == 1
    assert "谢谢县人社局和志愿者，书收到了！" in page.locator("main").inner_text()
    steps = ("posted", "approved", "claimed", "delivered", "confirmed")
    assert list(wish.events.order_by("at", "pk").values_list("action", flat=True)) == list(steps)
    history = page.locator("#history-heading + ol.timeline > li strong").all_inner_texts()
    assert [h.lower() for h in history] == [label.lower() for label in _step_labels(*steps)]
    assert axe_violations(page) == []

    # 6. Staff see the wish counted: fulfilled, and claimed by a partner unit.
    staff.goto("/wishes/figures/")
    assert staff.locator("[data-number=fulfilled]").inner_text().strip() == "1"
    assert staff.locator("[data-number=claimed]").inner_text().strip() == "1"
    assert staff.locator("[data-number=value]").inner_text().strip() == "45"
    by_type = staff.locator("#by-claimant-type tr:has(th[data-key=partner_unit])")
    assert by_type.locator("[data-testid=claimed]").inner_text().strip() == "1"
    assert by_type.locator("[data-testid=fulfilled]").inner_text().strip() == "1"
    by_unit = staff.locator(f"#by-partner-unit tr:has(th[data-key='{claim.partner_unit_id}'])")
    assert "县人社局" in by_unit.inner_text()
    assert by_unit.locator("[data-testid=claimed]").inner_text().strip() == "1"
    assert by_unit.locator("[data-testid=fulfilled]").inner_text().strip() == "1"
    assert "黄秀琴" not in staff.locator("main").inner_text()
    assert axe_violations(staff) == []

    # The fulfilled wish is not back on the wall.
    staff.goto(wall_url)
    assert staff.locator(f"#wish-{wish.pk}").count() == 0
