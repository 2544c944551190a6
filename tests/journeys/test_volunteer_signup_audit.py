"""A volunteer signs up and logs in with their phone, staff approve, the county reads the log.

Through the pages, as the people themselves use them: the log reads as sentences with names,
and the phone number shows in full nowhere, neither in the log nor on the volunteer's page.
"""

import re

from django.urls import reverse

from core.models import AuditEvent
from registry.testing import make_id
from volunteering.models import Skill, Volunteer

PHONE, MASKED = "13911112222", "139****2222"
PASSWORD = "a-long-passphrase-7"
CODE = re.compile(r"\b(?:core|accounts|notifications|registry|volunteering|activities|wishes)\.[a-z_]+")


def sign_up(client, world, vworld, **changes):
    data = {
        "name": "郑报名",
        "phone": PHONE,
        "id_type": "resident_id",
        "id_number": make_id(),
        "skills": [Skill.objects.get(code="first-aid", community=None).pk],
        "political_status": "league_member",
        "teams": [vworld.patrol.pk],
        "password": PASSWORD,
    }
    return client.post(reverse("volunteering:join", args=[world.a.code]), data | changes)


def test_sign_up_approval_and_the_county_reading_the_log(vworld, world, staff_a, county_admin, client, login):
    # A mistyped ID number: the page comes back with the error and without the password.
    refused = sign_up(client, world, vworld, id_number="350926199001011234")
    assert refused.status_code == 200 and set(refused.context["form"].errors) == {"id_number"}
    assert PASSWORD not in refused.content.decode()

    assert sign_up(client, world, vworld).status_code == 302
    volunteer = Volunteer.objects.get(name="郑报名")
    # They log in with their phone; the login's username is made up and says nothing of it.
    assert PHONE not in volunteer.user.username and volunteer.user.phone_masked == MASKED

    staff = login(staff_a)
    staff.post(reverse("volunteering:volunteer-decide", args=[volunteer.pk]), {"decision": "approve"})
    volunteer.refresh_from_db()
    assert volunteer.status == Volunteer.Status.ACTIVE

    # An older row, written when the log kept the login as the actor's name (rows never change).
    AuditEvent.objects.create(actor_name=PHONE, action="volunteering.team.leave", community_id=world.a.pk)

    county = login(county_admin)
    log = county.get(reverse("core:audit-log"))
    assert log.status_code == 200
    html = log.content.decode()
    assert f"郑报名 registered {volunteer} as a volunteer" in html
    assert f"staff_a approved the registration of {volunteer}" in html
    assert f"{MASKED} recorded that a volunteer left" in html
    assert "registered by staff: No" in html  # the detail in words
    assert CODE.findall(html) == []
    assert "by_staff" not in html and "by_qr" not in html
    assert PHONE not in html

    page = county.get(reverse("volunteering:volunteer-detail", args=[volunteer.pk])).content.decode()
    assert PHONE not in page
    assert re.search(r"Login</dt>\s*<dd[^>]*>\s*" + re.escape(volunteer.user.username), page)
