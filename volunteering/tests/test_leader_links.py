"""A team leader's pages link only to what the leader may open: no link that answers 404."""

import datetime as dt
import re
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from volunteering import services
from volunteering.models import TeamMembership


def _links(html: str) -> set[str]:
    return {href for href in re.findall(r'href="(/[^"#?]*)', html) if not href.startswith("/static/")}


def _record(by, volunteer, team, content):
    return services.record_service(
        by=by,
        volunteer=volunteer,
        team=team,
        served_on=timezone.localdate() - dt.timedelta(days=3),
        hours=Decimal("2"),
        content=content,
    )


def test_a_leader_sees_no_links_to_a_members_other_teams_records(login, staff_a, vworld):
    TeamMembership.objects.create(volunteer=vworld.member, team=vworld.youth, status=TeamMembership.Status.ACTIVE)
    ours = _record(staff_a, vworld.member, vworld.patrol, "夜间巡逻")
    theirs = _record(staff_a, vworld.member, vworld.youth, "青年读书会")
    client = login(vworld.leader_user)
    page = client.get(reverse("volunteering:volunteer-detail", args=[vworld.member.pk])).content.decode()
    assert "青年读书会" in page  # the member's hours are all shown ...
    assert reverse("volunteering:record-detail", args=[ours.pk]) in page
    assert reverse("volunteering:record-detail", args=[theirs.pk]) not in page  # ... but only ours link
    for href in _links(page):
        assert client.get(href).status_code != 404, href


def test_staff_still_get_a_link_to_every_record(login, staff_a, vworld):
    TeamMembership.objects.create(volunteer=vworld.member, team=vworld.youth, status=TeamMembership.Status.ACTIVE)
    records = [_record(staff_a, vworld.member, team, "巡逻") for team in (vworld.patrol, vworld.youth)]
    page = login(staff_a).get(reverse("volunteering:volunteer-detail", args=[vworld.member.pk])).content.decode()
    for record in records:
        assert reverse("volunteering:record-detail", args=[record.pk]) in page


def test_no_link_on_a_leaders_pages_answers_404(login, staff_a, vworld):
    TeamMembership.objects.create(volunteer=vworld.member, team=vworld.youth, status=TeamMembership.Status.ACTIVE)
    _record(staff_a, vworld.member, vworld.youth, "青年读书会")
    _record(staff_a, vworld.member, vworld.patrol, "夜间巡逻")
    client = login(vworld.leader_user)
    pages = [
        reverse("volunteering:team-detail", args=[vworld.patrol.pk]),
        reverse("volunteering:record-list"),
        reverse("volunteering:volunteer-list"),
        reverse("volunteering:my-page"),
    ]
    for page in pages:
        for href in _links(client.get(page).content.decode()):
            assert client.get(href).status_code != 404, (page, href)
