"""Staff go from the volunteer list to the sign-up poster; it prints as one A4 sheet."""

import re

from conftest import PASSWORD
from tests.browser.conftest import axe_violations, log_in


def test_the_sign_up_poster_prints_on_one_a4_sheet(page, world, staff_a):
    log_in(page, "staff_a", PASSWORD)
    page.goto("/volunteering/volunteers/")
    page.locator(f"a[href='/volunteering/join/{world.a.code}/poster/']").click()
    page.wait_for_url(re.compile(r"/poster/$"))
    assert axe_violations(page) == []
    assert page.locator(".poster-qr svg").count() == 1
    assert page.locator("[data-print]").is_visible()  # the script shows the Print button
    page.emulate_media(media="print")
    box = page.locator(".poster-qr").bounding_box()
    assert box["width"] > 400  # about 130 mm: big enough to scan from a few steps away
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1
