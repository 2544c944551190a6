"""The home page of a grid worker: the wishes delivered in their grid that wait for their confirmation."""

from django.urls import reverse

from wishes import services
from wishes.models import Wish
from wishes.testing import make_wish

TITLE = "Deliveries to confirm"


def _cards(client) -> dict[str, list]:
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    return {card["title"]: card["items"] for card in response.context["cards"]}


def _delivered(world, grid_worker, partner_contact, vworld, title):
    wish = make_wish(world.head1, by=grid_worker, title=title)
    services.claim_wish(by=partner_contact, wish=wish)
    return services.record_delivery(by=vworld.member.user, wish=Wish.objects.get(pk=wish.pk))


def test_the_grid_worker_sees_a_delivered_wish_to_confirm(login, world, vworld, grid_worker, partner_contact):
    wish = _delivered(world, grid_worker, partner_contact, vworld, "《大字版字典》")
    make_wish(world.head1, by=grid_worker, title="《只是在墙上》")  # open, not delivered
    items = _cards(login(grid_worker))[TITLE]
    assert [url for _text, url in items] == [wish.get_absolute_url()]
    assert "《大字版字典》" in items[0][0]


def test_confirmed_or_elsewhere_it_is_not_shown(login, world, vworld, grid_worker, partner_contact, staff_b):
    wish = _delivered(world, grid_worker, partner_contact, vworld, "《大字版字典》")
    assert TITLE not in _cards(login(staff_b))
    services.confirm_receipt(by=grid_worker, wish=wish)
    assert TITLE not in _cards(login(grid_worker))
