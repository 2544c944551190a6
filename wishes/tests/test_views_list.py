"""The wish list: wishes by area for staff, grid workers, residents and county readers; the menu."""

import pytest
from django.urls import reverse

from registry.models import PartyMember
from registry.testing import make_party_branch, make_resident
from wishes import services
from wishes.models import WishSettings
from wishes.testing import make_wish

URL = reverse("wishes:wish-list")


def titles(response):
    return [w.title for w in response.context["page"]]


@pytest.fixture
def wishes(world):
    """One wish in each grid group of A, one in B."""
    return {
        "head1": make_wish(world.head1, title="大字版书"),
        "resident2": make_wish(world.resident2, title="收音机", approve=False),
        "b": make_wish(world.resident_b, title="北苑的心愿"),
    }


def test_staff_see_their_community_with_names_and_badges(login, staff_a, wishes):
    response = login(staff_a).get(URL)
    assert response.status_code == 200
    assert sorted(titles(response)) == ["大字版书", "收音机"]
    page = response.content.decode()
    assert "黄秀琴" in page and "曾小明" in page and "锦绣小区" in page
    assert 'data-status="pending"' in page and 'data-status="open"' in page
    assert "北苑的心愿" not in page


def test_needs_login(client, wishes):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_users_without_wish_rights_get_403(login, volunteer):
    assert login(volunteer).get(URL).status_code == 403


def test_resident_sees_only_their_household(login, resident_user, wishes):
    assert titles(login(resident_user).get(URL)) == ["大字版书"]


def test_grid_worker_sees_only_their_grid(login, grid_worker, wishes):
    # resident2 lives in group 2, outside the grid worker's group 1.
    assert titles(login(grid_worker).get(URL)) == ["大字版书"]


def test_county_reads_every_community_and_may_filter_by_one(login, county_admin, world, wishes):
    client = login(county_admin)
    assert sorted(titles(client.get(URL))) == ["北苑的心愿", "大字版书", "收音机"]
    assert titles(client.get(URL, {"community": world.b.pk})) == ["北苑的心愿"]


def test_filter_by_status_and_search(login, staff_a, wishes):
    client = login(staff_a)
    assert titles(client.get(URL, {"status": "pending"})) == ["收音机"]
    assert titles(client.get(URL, {"q": "大字"})) == ["大字版书"]
    assert titles(client.get(URL, {"q": "曾"})) == ["收音机"]
    # A status that is not offered filters nothing rather than failing.
    assert len(titles(client.get(URL, {"status": "nonsense"}))) == 2


def test_claimant_shown_for_a_claimed_wish(login, staff_a, partner_contact, wishes):
    services.claim_wish(by=partner_contact, wish=wishes["head1"])
    page = login(staff_a).get(URL).content.decode()
    assert "claimed by 县人社局" in page


def test_pages_of_50(login, staff_a, wishes, monkeypatch):
    monkeypatch.setattr("wishes.views.PER_PAGE", 1)
    client = login(staff_a)
    first, second = client.get(URL), client.get(URL, {"page": 2})
    assert len(titles(first)) == len(titles(second)) == 1
    assert titles(first) != titles(second)
    assert "Page 1 of 2" in first.content.decode()


def test_query_count_does_not_grow_with_rows(login, staff_a, world, partner_contact, django_assert_num_queries):
    WishSettings.objects.create(community=world.a, open_limit=20)
    client = login(staff_a)
    make_wish(world.head1)
    client.get(URL)  # warm the session
    with django_assert_num_queries(7):
        client.get(URL)
    for n in range(6):
        other = make_resident(world.household2, name=f"曾{n}号")
        wish = make_wish(other, title=f"心愿{n}")
        if n % 2:
            services.claim_wish(by=partner_contact, wish=wish)
    with django_assert_num_queries(7):
        response = client.get(URL)
    assert len(titles(response)) == 7


def nav_labels(response):
    return [item["label"] for section in response.context["nav_sections"] for item in section["items"]]


def test_menu_for_staff(login, staff_a, world):
    response = login(staff_a).get(URL)
    labels = nav_labels(response)
    assert {"Wishes", "Post a wish", "The public wall", "Wall settings"} <= set(labels)
    assert "My claims" not in labels and "Deliveries" not in labels
    assert reverse("wishes:wall", args=[world.a.pk]) in response.content.decode()


def test_menu_for_grid_worker_has_no_settings(login, grid_worker):
    labels = nav_labels(login(grid_worker).get(URL))
    assert "Post a wish" in labels and "Wall settings" not in labels


def test_menu_for_claimants(login, partner_contact, volunteer, vworld):
    labels = nav_labels(login(partner_contact).get(reverse("core:home")))
    assert "My claims" in labels and "Wishes" not in labels and "Deliveries" not in labels
    labels = nav_labels(login(volunteer).get(reverse("core:home")))
    assert "My claims" in labels and "Deliveries" in labels


def test_menu_offers_claims_to_a_resident_only_when_a_party_member(login, resident_user, world):
    assert "My claims" not in nav_labels(login(resident_user).get(URL))
    branch = make_party_branch(world.a, world.compound)
    PartyMember.objects.create(
        resident=world.head1, county=world.county, community=world.a, party_org=branch, kind="retired"
    )
    assert "My claims" in nav_labels(login(resident_user).get(URL))
