"""The wish page: everything for those in the area, a reduced view for claimants outside it."""

import pytest
from django.urls import reverse

from wishes import services
from wishes.testing import make_wish


@pytest.fixture
def wish(world, grid_worker):
    """On the wall: a wish for 黄秀琴 (household 1, grid group 1), recorded by the grid worker."""
    return make_wish(world.head1, by=grid_worker)


def page(client, wish):
    response = client.get(wish.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_staff_see_name_address_and_history_with_who(login, staff_a, grid_worker, partner_contact, wish):
    services.claim_wish(by=partner_contact, wish=wish)
    html = page(login(staff_a), wish)
    assert "黄秀琴" in html and wish.household.address in html
    assert "Posted" in html and "by grid_worker" in html
    assert "Approved and put on the wall" in html and "by the system" in html
    assert "Claimed" in html and "by partner_contact" in html
    assert "县人社局" in html and "to deliver by" in html
    assert reverse("wishes:wish-deliver", args=[wish.pk]) in html
    assert reverse("wishes:claim-withdraw", args=[wish.claims.get().pk]) in html


def test_needs_login(client, wish):
    response = client.get(wish.get_absolute_url())
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_other_community_gets_404(login, staff_b, wish):
    assert login(staff_b).get(wish.get_absolute_url()).status_code == 404
    assert login(staff_b).get(reverse("wishes:wish-detail", args=[999999])).status_code == 404


def test_grid_worker_of_another_grid_gets_404(login, grid_worker, world):
    other = make_wish(world.resident2)
    assert login(grid_worker).get(other.get_absolute_url()).status_code == 404


def test_county_reads_without_actions(login, county_admin, world):
    pending = make_wish(world.head1, approve=False)
    html = page(login(county_admin), pending)
    assert "黄秀琴" in html and "History" in html
    assert reverse("wishes:wish-approve", args=[pending.pk]) not in html
    assert reverse("wishes:wish-withdraw", args=[pending.pk]) not in html


def test_resident_sees_own_wish_and_may_withdraw_it(login, resident_user, wish):
    html = page(login(resident_user), wish)
    assert "黄秀琴" in html
    assert reverse("wishes:wish-withdraw", args=[wish.pk]) in html
    assert reverse("wishes:wish-approve", args=[wish.pk]) not in html


def test_claimant_outside_the_area_sees_a_reduced_view(login, partner_contact, wish, settings, tmp_path):
    services.claim_wish(by=partner_contact, wish=wish)
    client = login(partner_contact)
    html = page(client, wish)
    assert "黄**" in html and "锦绣小区" in html and wish.title in html
    assert "黄秀琴" not in html and wish.household.address not in html
    assert "History" not in html and "grid_worker" not in html
    assert "Your claim" in html
    # Their own claim: they may give it back or record the delivery.
    assert reverse("wishes:claim-withdraw", args=[wish.claims.get().pk]) in html
    assert reverse("wishes:wish-deliver", args=[wish.pk]) in html
    assert client.get(reverse("wishes:wish-photo", args=[wish.pk, "photo"])).status_code == 404


def test_someone_elses_open_wish_is_404_for_a_claimant(login, partner_contact, wish):
    assert login(partner_contact).get(wish.get_absolute_url()).status_code == 404


def test_delivery_and_thanks_are_shown(login, staff_a, partner_contact, vworld, wish):
    services.claim_wish(by=partner_contact, wish=wish)
    services.record_delivery(by=vworld.member.user, wish=wish, note="送到家门口", deliverer_name="陈志愿")
    html = page(login(staff_a), wish)
    assert "送到家门口" in html and "陈志愿" in html
    assert reverse("wishes:wish-confirm", args=[wish.pk]) in html
    services.confirm_receipt(by=staff_a, wish=wish, thanks="谢谢你们")
    html = page(login(partner_contact), wish)
    assert "谢谢你们" in html and "Receipt confirmed" in html


def test_unknown_photo_kind_is_404(login, staff_a, wish):
    assert login(staff_a).get(reverse("wishes:wish-photo", args=[wish.pk, "other"])).status_code == 404
    # A wish without a photo has none to serve.
    assert login(staff_a).get(reverse("wishes:wish-photo", args=[wish.pk, "photo"])).status_code == 404


def test_staff_give_a_claim_back_from_the_wish_page(login, staff_a, partner_contact, wish):
    claim = services.claim_wish(by=partner_contact, wish=wish)
    client = login(staff_a)
    html = page(client, wish)
    assert f'id="claim-withdraw-reason-{claim.pk}" name="reason"' in html
    response = client.post(reverse("wishes:claim-withdraw", args=[claim.pk]), {"reason": "认领人联系不上"})
    assert response.status_code == 302
    wish.refresh_from_db()
    assert wish.status == "open"
