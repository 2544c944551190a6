"""Claiming from the wall, joining a group claim, withdrawing, and the claimant's own list."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from volunteering.testing import make_volunteer
from wishes import services
from wishes.models import Wish, WishClaim, WishClaimMember
from wishes.testing import make_wish


def _claim_url(wish):
    return reverse("wishes:wish-claim", args=[wish.pk])


def _messages(resp):
    return [str(m) for m in get_messages(resp.wsgi_request)]


@pytest.fixture
def wish(world, staff_a):
    return make_wish(world.head1, by=staff_a)


def test_partner_unit_claims_a_wish(login, wish, partner_contact):
    client = login(partner_contact)
    resp = client.post(_claim_url(wish), {"is_group": "on", "note": "周六送到"})
    assert resp.status_code == 302 and resp["Location"] == reverse("wishes:my-claims")
    claim = WishClaim.objects.get(wish=wish)
    assert (claim.kind, claim.is_group, claim.note, claim.user) == ("partner_unit", True, "周六送到", partner_contact)
    due = f"{timezone.localtime(claim.due_at):%Y-%m-%d}"
    assert any(due in m and "deliver it by" in m for m in _messages(resp))
    wish.refresh_from_db()
    assert wish.status == Wish.Status.CLAIMED


def test_claiming_needs_login(client, wish):
    resp = client.post(_claim_url(wish))
    assert resp.status_code == 302 and resp["Location"].startswith(reverse("accounts:login"))
    assert not WishClaim.objects.exists()


def test_get_on_the_claim_address_goes_to_the_card(login, wish, partner_contact):
    resp = login(partner_contact).get(_claim_url(wish))
    assert resp.status_code == 302 and resp["Location"] == reverse("wishes:wall-wish", args=[wish.pk])


@pytest.mark.parametrize("persona", ["grid_worker", "staff_a", "county_admin"])
def test_users_without_a_claimant_identity_get_403_with_an_explanation(request, login, wish, persona):
    resp = login(request.getfixturevalue(persona)).post(_claim_url(wish), {"note": "x"})
    assert resp.status_code == 403
    assert "Only partner-unit contacts, party members and registered volunteers" in resp.content.decode()
    assert not WishClaim.objects.exists()


def test_a_wish_never_on_the_wall_cannot_be_claimed(login, world, staff_a, partner_contact):
    pending = make_wish(world.head1, by=staff_a, approve=False)
    assert login(partner_contact).post(_claim_url(pending)).status_code == 404
    assert not WishClaim.objects.exists()


def test_the_second_claimant_hears_it_is_already_claimed(login, world, wish, partner_contact, vworld):
    services.claim_wish(by=partner_contact, wish=wish)
    resp = login(vworld.member.user).post(_claim_url(wish))
    assert resp.status_code == 302 and resp["Location"] == reverse("wishes:wall", args=[world.a.pk])
    assert any("already claimed" in m for m in _messages(resp))
    assert WishClaim.objects.get().user == partner_contact


def test_an_expired_wish_cannot_be_claimed(login, world, wish, partner_contact):
    Wish.objects.filter(pk=wish.pk).update(wanted_by=timezone.localdate() - dt.timedelta(days=1))
    resp = login(partner_contact).post(_claim_url(wish))
    assert resp.status_code == 302 and resp["Location"] == reverse("wishes:wall", args=[world.a.pk])
    assert any("not on the wall any more" in m for m in _messages(resp))
    assert not WishClaim.objects.exists()


def test_a_user_with_several_identities_chooses_one(login, world, wish, partner_contact):
    make_volunteer(world.a, name="县人社志愿者", user=partner_contact)
    client = login(partner_contact)
    body = client.get(reverse("wishes:wall-wish", args=[wish.pk])).content.decode()
    assert 'type="radio"' in body and "<legend" in body
    resp = client.post(_claim_url(wish), {"kind": "party_member"})
    assert resp.status_code == 400 and "kind" in resp.context["form"].errors
    assert not WishClaim.objects.exists()
    client.post(_claim_url(wish), {"kind": "volunteer"})
    assert WishClaim.objects.get().kind == WishClaim.Kind.VOLUNTEER


def test_join_a_group_claim_from_the_card(login, wish, partner_contact, vworld):
    claim = services.claim_wish(by=partner_contact, wish=wish, is_group=True)
    client = login(vworld.member.user)
    card = client.get(reverse("wishes:wall-wish", args=[wish.pk]))
    assert "Join this group claim" in card.content.decode()
    resp = client.post(reverse("wishes:claim-join", args=[claim.pk]))
    assert resp.status_code == 302 and resp["Location"] == reverse("wishes:my-claims")
    member = WishClaimMember.objects.get(claim=claim)
    assert (member.user, member.kind) == (vworld.member.user, WishClaim.Kind.VOLUNTEER)
    assert [c.pk for c in client.get(reverse("wishes:my-claims")).context["claims"]] == [claim.pk]
    assert client.get(reverse("wishes:wall-wish", args=[wish.pk])).context["mine"]


def test_a_claim_that_is_not_a_group_cannot_be_joined(login, wish, partner_contact, vworld):
    claim = services.claim_wish(by=partner_contact, wish=wish)
    client = login(vworld.member.user)
    assert "Join this group claim" not in client.get(reverse("wishes:wall-wish", args=[wish.pk])).content.decode()
    resp = client.post(reverse("wishes:claim-join", args=[claim.pk]))
    assert resp.status_code == 302 and any("not open for others to join" in m for m in _messages(resp))
    assert not WishClaimMember.objects.exists()


def test_joining_needs_login_and_a_claimant_identity(client, login, wish, partner_contact, grid_worker):
    claim = services.claim_wish(by=partner_contact, wish=wish, is_group=True)
    url = reverse("wishes:claim-join", args=[claim.pk])
    assert client.post(url)["Location"].startswith(reverse("accounts:login"))
    assert login(grid_worker).post(url).status_code == 403
    assert login(grid_worker).get(url).status_code == 405
    assert login(grid_worker).post(reverse("wishes:claim-join", args=[999999])).status_code == 404
    assert not WishClaimMember.objects.exists()


def test_withdrawal_puts_the_wish_back_on_the_wall(client, login, world, wish, partner_contact):
    claim = services.claim_wish(by=partner_contact, wish=wish)
    wall = reverse("wishes:wall", args=[world.a.pk])
    assert client.get(wall).context["wishes"] == []
    partner = login(partner_contact)
    url = reverse("wishes:claim-withdraw", args=[claim.pk])
    assert partner.get(url).status_code == 200
    resp = partner.post(url, {"reason": ""})
    assert resp.status_code == 400 and "Give the reason" in resp.content.decode()
    resp = partner.post(url, {"reason": "单位临时有任务"})
    assert resp.status_code == 302 and resp["Location"] == reverse("wishes:my-claims")
    claim.refresh_from_db()
    assert (claim.status, claim.end_reason) == (WishClaim.Status.WITHDRAWN, "单位临时有任务")
    client.logout()
    assert [w["id"] for w in client.get(wall).context["wishes"]] == [wish.pk]
    # An ended claim has nothing left to withdraw.
    assert login(partner_contact).get(url)["Location"] == reverse("wishes:my-claims")


def test_staff_may_withdraw_a_claim_of_their_community(login, wish, partner_contact, staff_a):
    claim = services.claim_wish(by=partner_contact, wish=wish)
    resp = login(staff_a).post(reverse("wishes:claim-withdraw", args=[claim.pk]), {"reason": "联系不上认领人"})
    assert resp.status_code == 302 and resp["Location"] == wish.get_absolute_url()
    claim.refresh_from_db()
    assert claim.status == WishClaim.Status.WITHDRAWN


def test_withdrawal_is_for_the_lead_claimant_and_staff_only(client, login, wish, partner_contact, vworld, staff_b):
    claim = services.claim_wish(by=partner_contact, wish=wish, is_group=True)
    url = reverse("wishes:claim-withdraw", args=[claim.pk])
    assert client.get(url)["Location"].startswith(reverse("accounts:login"))
    assert login(staff_b).post(url, {"reason": "x"}).status_code == 404
    assert login(vworld.leader_user).post(url, {"reason": "x"}).status_code == 404
    services.join_claim(by=vworld.member.user, claim=claim)
    assert login(vworld.member.user).post(url, {"reason": "x"}).status_code == 403
    claim.refresh_from_db()
    assert claim.status == WishClaim.Status.ACTIVE


def test_my_claims_shows_status_due_date_and_actions(login, world, staff_a, wish, partner_contact):
    other = make_wish(world.resident2, by=staff_a, title="轮椅坐垫")
    soon = services.claim_wish(by=partner_contact, wish=wish)
    late = services.claim_wish(by=partner_contact, wish=other)
    WishClaim.objects.filter(pk=soon.pk).update(due_at=timezone.now() + dt.timedelta(days=1))
    WishClaim.objects.filter(pk=late.pk).update(due_at=timezone.now() - dt.timedelta(hours=1))
    resp = login(partner_contact).get(reverse("wishes:my-claims"))
    body = resp.content.decode()
    claims = {c.pk: c for c in resp.context["claims"]}
    assert (claims[soon.pk].due_soon, claims[soon.pk].overdue) == (True, False)
    assert (claims[late.pk].due_soon, claims[late.pk].overdue) == (False, True)
    assert "due soon" in body and "overdue" in body
    for c in (soon, late):
        assert reverse("wishes:wish-deliver", args=[c.wish_id]) in body
        assert reverse("wishes:claim-withdraw", args=[c.pk]) in body
    assert world.head1.name not in body and world.resident2.name not in body


def test_my_claims_needs_login(client):
    resp = client.get(reverse("wishes:my-claims"))
    assert resp.status_code == 302 and resp["Location"].startswith(reverse("accounts:login"))


def test_my_claims_queries_do_not_grow_with_claims(login, world, staff_a, partner_contact, django_assert_num_queries):
    client = login(partner_contact)
    url = reverse("wishes:my-claims")
    services.claim_wish(by=partner_contact, wish=make_wish(world.head1, by=staff_a))
    client.get(url)
    # session, user, the claims with their wishes, and the menu
    with django_assert_num_queries(5):
        client.get(url)
    services.claim_wish(by=partner_contact, wish=make_wish(world.resident2, by=staff_a))
    services.claim_wish(by=partner_contact, wish=make_wish(world.head1, by=staff_a, title="收音机"))
    with django_assert_num_queries(5):
        assert len(client.get(url).context["claims"]) == 3
