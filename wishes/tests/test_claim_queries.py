"""Claiming looks up the claimant's identities once per request: the page and the API pinned."""

import pytest
from django.urls import reverse

from registry.tests.test_api_helpers import bearer
from wishes.models import WishClaim
from wishes.testing import make_wish
from wishes.tests.test_api_wishes import post


@pytest.fixture
def wish(world, staff_a):
    return make_wish(world.head1, by=staff_a)


def test_the_claim_page_query_count_is_pinned(login, wish, partner_contact, django_assert_num_queries):
    client = login(partner_contact)
    # The form's identities (3 reads) are handed to the service, not looked up again.
    with django_assert_num_queries(15):
        resp = client.post(reverse("wishes:wish-claim", args=[wish.pk]), {"note": "x"})
    assert resp.status_code == 302 and WishClaim.objects.filter(wish=wish, user=partner_contact).exists()


def test_the_claim_api_query_count_is_pinned(wish, partner_contact, django_assert_num_queries):
    client = bearer(partner_contact)
    with django_assert_num_queries(17):
        resp = post(client, f"/{wish.pk}/claim", {"note": "x"})
    assert resp.status_code == 201 and resp.json()["kind"] == "partner_unit"
