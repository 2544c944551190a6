"""The public wall and a wish's public card: no login, masked fields only."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from core import pagination
from registry.models import Resident
from registry.testing import make_building, make_household, make_id, make_resident
from wishes import services
from wishes.models import Wish, WishSettings
from wishes.testing import make_wish


def _wall(community):
    return reverse("wishes:wall", args=[community.pk])


def _card(wish):
    return reverse("wishes:wall-wish", args=[wish.pk])


def _beneficiary_with_details(world):
    """A resident whose name, phone, ID number, room and address are each unmistakable in a page."""
    building = make_building(world.a, "锦绣小区", "9栋")
    household = make_household(building, room="东侧1808", grid_group=world.group1)
    id_number = make_id(dt.date(1948, 3, 9))
    resident = make_resident(
        household,
        name="欧阳春花",
        birth_date=dt.date(1948, 3, 9),
        relation=Resident.Relation.HEAD,
        id_number=id_number,
        phone="13912345678",
    )
    return resident, id_number


def _assert_private(body, resident, id_number):
    secrets = [
        resident.name,
        resident.name[1:],
        "13912345678",
        resident.phone_masked,
        id_number,
        resident.id_number_masked,
        "东侧1808",
        resident.household.address,
    ]
    for secret in secrets:
        assert secret and secret not in body, secret


def test_wall_shows_open_wishes_as_masked_cards(client, world, staff_a):
    wish = make_wish(world.head1, by=staff_a, reason="眼睛不好，想要大字版")
    make_wish(world.resident2, by=staff_a, approve=False, title="还在审核的心愿")
    resp = client.get(_wall(world.a))
    body = resp.content.decode()
    assert resp.status_code == 200
    assert [w["id"] for w in resp.context["wishes"]] == [wish.pk]
    assert resp.context["page"].paginator.count == 1
    for shown in ("城南社区", "《优雅走过下雨天》", "黄**", "锦绣小区", "眼睛不好，想要大字版", "45", _card(wish)):
        assert shown in body
    assert "还在审核的心愿" not in body
    assert "no-cache" in resp["Cache-Control"]


def test_wall_never_shows_the_beneficiarys_name_phone_id_room_or_address(client, world, staff_a):
    resident, id_number = _beneficiary_with_details(world)
    wish = make_wish(resident, by=staff_a, title="一副老花镜")
    for url in (_wall(world.a), reverse("wishes:wall-compound", args=[world.a.pk, world.compound.pk]), _card(wish)):
        body = client.get(url).content.decode()
        assert "一副老花镜" in body and "欧**" in body
        _assert_private(body, resident, id_number)


def test_claimed_and_fulfilled_cards_stay_masked(login, world, staff_a, partner_contact, vworld):
    resident, id_number = _beneficiary_with_details(world)
    wish = make_wish(resident, by=staff_a)
    services.claim_wish(by=partner_contact, wish=wish)
    client = login(partner_contact)
    resp = client.get(_card(wish))
    assert resp.context["state"] == "claimed" and resp.context["mine"]
    _assert_private(resp.content.decode(), resident, id_number)
    services.record_delivery(by=partner_contact, wish=wish)
    services.confirm_receipt(by=staff_a, wish=wish, thanks="谢谢")
    services.publish_story(by=staff_a, wish=wish, story="县人社局送来了书。", consent=True, published=True)
    card = client.get(_card(wish)).content.decode()
    assert "This wish has been fulfilled" in card
    wall = client.get(_wall(world.a)).content.decode()
    assert "县人社局送来了书。" in wall and "欧**" in wall
    for body in (card, wall):
        _assert_private(body, resident, id_number)


def test_wall_filters_by_category_and_compound(client, world, staff_a):
    goods = make_wish(world.head1, by=staff_a)
    visit = make_wish(world.resident2, by=staff_a, title="陪我聊聊天", category=Wish.Category.COMPANIONSHIP)
    other = make_building(world.a, "幸福小区", "1栋")
    elsewhere = make_wish(make_resident(make_household(other), name="郑大爷"), by=staff_a, title="一盆花")

    def ids(url, **params):
        return {w["id"] for w in client.get(url, params).context["wishes"]}

    assert ids(_wall(world.a)) == {goods.pk, visit.pk, elsewhere.pk}
    assert ids(_wall(world.a), category="companionship") == {visit.pk}
    assert ids(_wall(world.a), compound=other.parent_id) == {elsewhere.pk}
    compound_url = reverse("wishes:wall-compound", args=[world.a.pk, world.compound.pk])
    assert ids(compound_url) == {goods.pk, visit.pk}
    assert ids(compound_url, category="goods") == {goods.pk}
    # A value that is not offered is ignored, not an error page.
    assert ids(_wall(world.a), category="money", compound="x") == {goods.pk, visit.pk, elsewhere.pk}


def test_wall_is_per_community_and_404_for_anything_else(client, world, staff_a):
    make_wish(world.head1, by=staff_a)
    resp = client.get(_wall(world.b))
    assert resp.status_code == 200 and resp.context["wishes"] == []
    assert client.get(reverse("wishes:wall", args=[world.compound.pk])).status_code == 404
    assert client.get(reverse("wishes:wall", args=[999999])).status_code == 404
    b_compound = world.b_building.parent
    assert client.get(reverse("wishes:wall-compound", args=[world.a.pk, b_compound.pk])).status_code == 404


def test_expired_claimed_and_withdrawn_wishes_are_not_on_the_wall(client, world, staff_a, partner_contact):
    expired = make_wish(world.head1, by=staff_a, title="过期的心愿")
    Wish.objects.filter(pk=expired.pk).update(wanted_by=timezone.localdate() - dt.timedelta(days=1))
    claimed = make_wish(world.head1, by=staff_a, title="被认领的心愿")
    services.claim_wish(by=partner_contact, wish=claimed)
    withdrawn = make_wish(world.resident2, by=staff_a, title="撤回的心愿")
    services.withdraw_wish(by=staff_a, wish=withdrawn, reason="不需要了")
    resp = client.get(_wall(world.a))
    assert resp.context["wishes"] == []
    body = resp.content.decode()
    for title in ("过期的心愿", "被认领的心愿", "撤回的心愿"):
        assert title not in body
    for wish in (expired, withdrawn):
        card = client.get(_card(wish))
        assert card.status_code == 200 and card.context["state"] == "gone"
        assert wish.title not in card.content.decode()
    assert client.get(_card(claimed)).context["state"] == "claimed"


def test_a_wish_never_on_the_wall_has_no_public_card(client, world, staff_a):
    pending = make_wish(world.head1, by=staff_a, approve=False)
    assert client.get(_card(pending)).status_code == 404
    services.decline_wish(by=staff_a, wish=pending, reason="家庭情况不符")
    assert client.get(_card(pending)).status_code == 404
    assert client.get(reverse("wishes:wall-wish", args=[999999])).status_code == 404


def test_wall_paginates(client, world, staff_a):
    WishSettings.objects.create(community=world.a, open_limit=20)
    for n in range(25):
        make_wish(world.resident2 if n % 2 else world.head1, by=staff_a, title=f"心愿{n}")
    resp = client.get(_wall(world.a))
    assert resp.context["page"].paginator.count == 25 and len(resp.context["wishes"]) == 24
    assert len(client.get(_wall(world.a), {"page": 2}).context["wishes"]) == 1


def test_wall_queries_do_not_grow_with_wishes(client, world, staff_a, django_assert_num_queries):
    WishSettings.objects.create(community=world.a, open_limit=20)
    make_wish(world.head1, by=staff_a)
    url = _wall(world.a)
    # community, its compounds, count, the page of wishes, stories
    with django_assert_num_queries(5):
        client.get(url)
    for n in range(6):
        make_wish(world.resident2, by=staff_a, title=f"心愿{n}")
    with django_assert_num_queries(5):
        assert len(client.get(url).context["wishes"]) == 7


def test_anonymous_sees_log_in_to_claim(client, world, staff_a):
    wish = make_wish(world.head1, by=staff_a)
    body = client.get(_card(wish)).content.decode()
    login_url = reverse("accounts:login") + "?next=" + _card(wish)
    assert "Log in to claim" in body and login_url in body
    assert 'name="note"' not in body


def test_signed_in_claimant_sees_the_claim_form(login, world, staff_a, partner_contact, grid_worker):
    wish = make_wish(world.head1, by=staff_a)
    body = login(partner_contact).get(_card(wish)).content.decode()
    assert 'name="note"' in body and 'name="is_group"' in body
    assert "You claim as: partner unit: 县人社局" in body
    body = login(grid_worker).get(_card(wish)).content.decode()
    assert 'name="note"' not in body
    assert "Only partner-unit contacts, party members and registered volunteers" in body


def test_wall_count_stops_at_the_cap(client, world, staff_a, monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_CAP", 1)
    make_wish(world.head1, by=staff_a, title="第一个心愿")
    make_wish(world.resident2, by=staff_a, title="第二个心愿")
    response = client.get(_wall(world.a))
    assert response.context["page"].paginator.capped is True
    assert "More than 1 wishes are waiting" in response.content.decode()
