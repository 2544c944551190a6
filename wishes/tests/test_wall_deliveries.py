"""Deliveries: the list of claimed wishes waiting for the door, and recording a delivery."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from core.models import AuditEvent
from core.roles import Role
from registry.testing import make_user
from volunteering.testing import make_volunteer
from wishes import services
from wishes.models import Wish, WishClaim
from wishes.testing import make_wish


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def claimed(world, staff_a, partner_contact):
    wish = make_wish(world.head1, by=staff_a)
    services.claim_wish(by=partner_contact, wish=wish)
    return wish


def _deliver(wish):
    return reverse("wishes:wish-deliver", args=[wish.pk])


def _png() -> SimpleUploadedFile:
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), (30, 120, 30)).save(buf, "PNG")
    return SimpleUploadedFile("送达.png", buf.getvalue(), content_type="image/png")


def _address_views(wish):
    return AuditEvent.objects.filter(action="wishes.view_address", object_id=str(wish.pk))


def test_claimant_sees_the_door_and_each_look_is_audited(login, world, claimed, partner_contact):
    client = login(partner_contact)
    body = client.get(_deliver(claimed)).content.decode()
    assert world.household1.address in body and "黄**" in body
    assert world.head1.name not in body and "13805931234" not in body and world.head1.phone_masked not in body
    client.get(_deliver(claimed))
    audits = _address_views(claimed)
    assert audits.count() == 2 and {a.actor for a in audits} == {partner_contact}
    assert audits.first().community_id == world.a.pk


def test_claimant_records_the_delivery_with_a_photo(login, claimed, partner_contact):
    resp = login(partner_contact).post(
        _deliver(claimed),
        {"deliverer_name": "县人社局 张三", "note": "交到老人手上", "delivery_photo": _png()},
    )
    assert resp.status_code == 302 and resp["Location"] == reverse("wishes:deliveries")
    claimed.refresh_from_db()
    assert (claimed.status, claimed.deliverer_name, claimed.delivery_note) == (
        Wish.Status.DELIVERED,
        "县人社局 张三",
        "交到老人手上",
    )
    assert claimed.delivery_photo.name.endswith(".jpg") and "送达" not in claimed.delivery_photo.name
    assert WishClaim.objects.get(wish=claimed).status == WishClaim.Status.DELIVERED


def test_a_delivery_in_the_future_is_refused_on_its_field(login, claimed, partner_contact):
    later = timezone.localtime() + dt.timedelta(days=1)
    resp = login(partner_contact).post(_deliver(claimed), {"delivered_at": f"{later:%Y-%m-%dT%H:%M}"})
    assert resp.status_code == 400 and "delivered_at" in resp.context["form"].errors
    claimed.refresh_from_db()
    assert claimed.status == Wish.Status.CLAIMED


def test_community_volunteer_and_staff_may_deliver(login, claimed, vworld, staff_a):
    assert login(vworld.member.user).get(_deliver(claimed)).status_code == 200
    assert login(staff_a).get(_deliver(claimed)).status_code == 200
    resp = login(staff_a).post(_deliver(claimed), {"note": "社区代送"})
    assert resp.status_code == 302 and resp["Location"] == claimed.get_absolute_url()
    claimed.refresh_from_db()
    assert (claimed.status, claimed.delivered_by) == (Wish.Status.DELIVERED, staff_a)


def test_outsiders_get_404_and_those_in_the_area_who_may_not_deliver_get_403(
    login, world, claimed, staff_b, grid_worker, resident_user
):
    volunteer_b = make_user("volunteer_b", role=Role.VOLUNTEER, org_unit=world.b)
    make_volunteer(world.b, name="吴城北", user=volunteer_b)
    for outsider in (staff_b, volunteer_b):
        assert login(outsider).get(_deliver(claimed)).status_code == 404
        assert login(outsider).post(_deliver(claimed), {"note": "x"}).status_code == 404
    for reader in (grid_worker, resident_user):
        assert login(reader).get(_deliver(claimed)).status_code == 403
    assert not _address_views(claimed).exists()
    claimed.refresh_from_db()
    assert claimed.status == Wish.Status.CLAIMED


def test_delivering_needs_login(client, claimed):
    for url in (_deliver(claimed), reverse("wishes:deliveries")):
        resp = client.get(url)
        assert resp.status_code == 302 and resp["Location"].startswith(reverse("accounts:login"))


def test_an_open_wish_has_no_delivery_page_for_volunteers(login, world, staff_a, vworld):
    wish = make_wish(world.head1, by=staff_a)
    assert login(vworld.member.user).get(_deliver(wish)).status_code == 404
    resp = login(staff_a).get(_deliver(wish))
    assert resp.status_code == 302 and resp["Location"] == wish.get_absolute_url()
    assert not _address_views(wish).exists()


def test_deliveries_lists_own_claims_and_the_communitys(
    login, world, staff_a, staff_b, claimed, partner_contact, vworld
):
    mine = make_wish(world.resident2, by=staff_a, title="轮椅坐垫")
    services.claim_wish(by=vworld.member.user, wish=mine)
    wish_b = make_wish(world.resident_b, by=staff_b)
    volunteer_b = make_user("volunteer_b", role=Role.VOLUNTEER, org_unit=world.b)
    make_volunteer(world.b, name="吴城北", user=volunteer_b)
    services.claim_wish(by=volunteer_b, wish=wish_b)
    resp = login(vworld.member.user).get(reverse("wishes:deliveries"))
    assert [c.wish_id for c in resp.context["mine"]] == [mine.pk]
    assert [w.pk for w in resp.context["community_wishes"]] == [claimed.pk]
    body = resp.content.decode()
    assert _deliver(claimed) in body and _deliver(mine) in body and _deliver(wish_b) not in body
    for secret in (world.head1.name, world.household1.address, world.resident2.name, world.household2.address):
        assert secret not in body
    partner = login(partner_contact).get(reverse("wishes:deliveries"))
    assert [c.wish_id for c in partner.context["mine"]] == [claimed.pk] and partner.context["community_wishes"] == []


def test_deliveries_are_not_for_users_who_cannot_claim_or_deliver(login, grid_worker, staff_a):
    for user in (grid_worker, staff_a):
        resp = login(user).get(reverse("wishes:deliveries"))
        assert resp.status_code == 403 and "active volunteers" in resp.content.decode()


def test_deliveries_queries_do_not_grow_with_wishes(login, world, staff_a, vworld, django_assert_num_queries):
    client = login(vworld.member.user)
    url = reverse("wishes:deliveries")
    partner = make_user("claimer", role=Role.VOLUNTEER, org_unit=world.a)
    make_volunteer(world.a, name="认领人", user=partner)
    services.claim_wish(by=partner, wish=make_wish(world.head1, by=staff_a))
    client.get(url)
    # session, user, own claims, own volunteer record, community wishes, and the menu's four
    with django_assert_num_queries(9):
        client.get(url)
    for title in ("收音机", "轮椅坐垫"):
        services.claim_wish(by=partner, wish=make_wish(world.resident2, by=staff_a, title=title))
    with django_assert_num_queries(9):
        assert len(client.get(url).context["community_wishes"]) == 3
