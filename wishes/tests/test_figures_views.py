"""The figures page: staff and admins only, the period picker, the tables and the export links."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from wishes.tests.test_figures_helpers import TODAY, make_figures_world, period

URL = reverse("wishes:figures")


@pytest.fixture
def wall(world, staff_a, partner_contact, vworld):
    return make_figures_world(world, staff_a, partner_contact, vworld)


def number(html: str, name: str) -> str:
    found = re.search(rf'data-number="{name}">([^<]*)<', html)
    assert found, name
    return found.group(1)


def table(html: str, table_id: str) -> list[list[str]]:
    """The rows of one table as cell texts, header row first."""
    body = re.search(rf'<table[^>]*id="{table_id}">(.*?)</table>', html, re.S)
    assert body, table_id
    rows = re.findall(r"<tr>(.*?)</tr>", body.group(1), re.S)
    return [
        [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)] for r in rows
    ]


def test_staff_see_the_numbers_and_tables_of_their_community(login, wall, staff_a):
    response = login(staff_a).get(URL, period())
    assert response.status_code == 200
    html = response.content.decode()
    shown = [number(html, n) for n in ("posted", "approved", "declined", "claimed", "fulfilled", "avg-days", "value")]
    assert shown == ["8", "6", "1", "3", "2", "7.0", "125"]
    assert table(html, "by-compound")[1:] == [
        ["锦绣小区", "7", "5", "1", "3", "2", "7.0", "125"],
        ["祥和小区", "1", "1", "0", "0", "0", "–none fulfilled", "0"],
    ]
    assert table(html, "by-claimant-type")[0] == [
        "Claimed as",
        "Claimed",
        "Fulfilled",
        "Average days to fulfil",
        "Value fulfilled (yuan)",
    ]
    assert table(html, "by-partner-unit")[1:] == [["县人社局", "1", "1", "10.0", "45"]]
    assert 'id="by-community"' not in html
    assert "<caption" in html and 'scope="col"' in html and 'scope="row"' in html
    # Figures name no one: no beneficiary and no person who claimed.
    for name in ("黄秀琴", "曾小明", "郑美玲", "陈志愿"):
        assert name not in html


def test_the_period_is_this_year_unless_a_month_or_range_is_chosen(login, wall, staff_a):
    client = login(staff_a)
    year = TODAY().year
    assert client.get(URL).context["figures"].start == dt.date(year, 1, 1)
    assert client.get(URL).context["figures"].end == dt.date(year, 12, 31)
    shown = client.get(URL, {"year": year - 1, "month": 3}).context["figures"]
    assert (shown.start, shown.end) == (dt.date(year - 1, 3, 1), dt.date(year - 1, 3, 31))
    shown = client.get(URL, {"year": year, "month": 12}).context["figures"]
    assert (shown.start, shown.end) == (dt.date(year, 12, 1), dt.date(year, 12, 31))
    start, end = TODAY() - dt.timedelta(days=7), TODAY()
    shown = client.get(URL, {"start": end.isoformat(), "end": start.isoformat(), "month": 2}).context["figures"]
    assert (shown.start, shown.end) == (start, end)
    # A date that does not parse falls back to the year rather than failing the page.
    assert client.get(URL, {"start": "yesterday"}).status_code == 200


def test_export_links_keep_the_period_and_full_names_only_for_staff(login, wall, world, staff_a, county_admin):
    html = login(staff_a).get(URL, period()).content.decode()
    export = reverse("wishes:ledger-export")
    assert f'href="{export}?start={period()["start"]}&amp;end={period()["end"]}"' in html
    assert f"{export}?start={period()['start']}&amp;end={period()['end']}&amp;full=1" in html
    html = login(county_admin).get(URL, {"community": world.a.pk}).content.decode()
    assert f"community={world.a.pk}" in html
    assert "full=1" not in html


def test_county_admin_compares_communities(login, wall, world, county_admin):
    client = login(county_admin)
    html = client.get(URL, period()).content.decode()
    assert table(html, "by-community")[1:] == [
        ["城南社区", "8", "6", "1", "3", "2", "7.0", "125"],
        ["城北社区", "1", "1", "0", "1", "1", "6.0", "100"],
    ]
    assert table(html, "by-compound")[0][:2] == ["Community", "Compound"]
    assert 'name="community"' in html
    html = client.get(URL, {**period(), "community": world.b.pk}).content.decode()
    assert number(html, "posted") == "1"
    assert 'id="by-community"' not in html


def test_needs_login(client, wall):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/login" in response["Location"]


def test_other_community_is_404(login, wall, world, staff_a, staff_b):
    assert login(staff_a).get(URL, {"community": world.b.pk}).status_code == 404
    assert login(staff_b).get(URL, {"community": world.a.pk}).status_code == 404
    html = login(staff_b).get(URL, period()).content.decode()
    assert number(html, "posted") == "1"
    assert "锦绣小区" not in html


def test_grid_workers_residents_and_claimants_get_403(
    login, wall, grid_worker, household_rep, resident_user, partner_contact
):
    for user in (grid_worker, household_rep, resident_user, partner_contact, wall.member_user):
        assert login(user).get(URL).status_code == 403
        assert f'href="{URL}"' not in login(user).get(reverse("core:home")).content.decode()


def test_the_menu_offers_figures_to_staff_and_admins(login, world, staff_a, county_admin):
    for user in (staff_a, county_admin):
        assert f'href="{URL}"' in login(user).get(reverse("core:home")).content.decode()


def test_page_query_count_is_fixed(login, wall, county_admin, django_assert_num_queries):
    client = login(county_admin)
    client.get(URL, period())
    # session, user, memberships and the county's communities (scope), the communities read, the totals
    # and five breakdowns, the menu's look-up of the user's own volunteer record
    with django_assert_num_queries(12):
        assert client.get(URL, period()).status_code == 200
