import datetime as dt

from django.urls import reverse

from activities import services as activity_services
from activities.testing import make_activity
from wishes.testing import make_wish


def _cards(client) -> dict[str, list]:
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    return {card["title"]: card["items"] for card in response.context["cards"]}


def test_staff_see_the_wishes_waiting_for_them(login, world, staff_a, grid_worker):
    make_wish(world.head1, by=grid_worker, approve=False)
    items = _cards(login(staff_a))["Micro-wish wall"]
    assert ("1 wish waits for verification", reverse("wishes:wish-list") + "?status=pending") in items


def test_staff_of_another_community_do_not(login, world, staff_b, grid_worker):
    make_wish(world.head1, by=grid_worker, approve=False)
    items = _cards(login(staff_b)).get("Micro-wish wall", [])
    assert not any("verification" in text for text, _url in items)


def test_a_volunteer_sees_their_next_activity_and_a_partner_their_claims(
    login, world, organiser, vworld, partner_contact
):
    activity = make_activity(world.a, by=organiser, title="周末义诊", starts_in=dt.timedelta(days=2))
    activity_services.sign_up(by=None, activity=activity, volunteer=vworld.member)
    coming = _cards(login(vworld.member.user))["Activities coming up"]
    assert [url for _text, url in coming] == [activity.get_absolute_url()]
    from wishes import services as wish_services

    wish_services.claim_wish(by=partner_contact, wish=make_wish(world.head1))
    cards = _cards(login(partner_contact))
    assert cards["Micro-wish wall"] == [("1 claimed wish to deliver", reverse("wishes:my-claims"))]
    assert "Activities coming up" not in cards


def test_the_home_page_asks_little_of_the_database(login, staff_a, django_assert_max_num_queries):
    client = login(staff_a)
    client.get(reverse("core:home"))
    with django_assert_max_num_queries(14):
        client.get(reverse("core:home"))
