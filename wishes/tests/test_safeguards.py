"""What keeps a wish's private details private and its steps whole: free text on the wall, photos,
long reasons, odd dates and numbers, the lock order of the release job, and everyone in a group
claim being told."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from activities.testing import png_upload
from notifications.models import Notification
from registry.tests.test_api_helpers import session
from wishes import services
from wishes.models import Wish, WishClaim, WishSettings
from wishes.testing import make_wish

API = "/api/v1/wishes"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.parametrize(
    ("field", "text"),
    [("title", "给黄秀琴的书"), ("reason", "请打电话13805931234"), ("reason", "住在301室，行动不便")],
)
def test_public_text_may_not_carry_the_residents_private_details(world, staff_a, field, text):
    with pytest.raises(ValidationError) as exc:
        make_wish(world.head1, by=staff_a, **{field: text})
    assert field in exc.value.message_dict
    assert not Wish.objects.exists()


def _delivered(world, staff_a, partner_contact):
    wish = make_wish(world.head1, by=staff_a)
    services.claim_wish(by=partner_contact, wish=wish)
    services.record_delivery(by=partner_contact, wish=wish)
    return wish


def test_thanks_and_story_may_not_carry_private_details(world, staff_a, partner_contact):
    wish = _delivered(world, staff_a, partner_contact)
    with pytest.raises(ValidationError) as exc:
        services.confirm_receipt(by=staff_a, wish=wish, thanks="黄秀琴谢谢大家")
    assert "thanks" in exc.value.message_dict
    services.confirm_receipt(by=staff_a, wish=wish, thanks="谢谢大家")
    with pytest.raises(ValidationError) as exc:
        services.publish_story(by=staff_a, wish=wish, story="有事打13805931234", consent=True, published=True)
    assert "story" in exc.value.message_dict


def test_a_claimant_gets_no_photo_through_the_api(world, staff_a, partner_contact):
    wish = make_wish(world.head1, by=staff_a, photo=png_upload())
    services.claim_wish(by=partner_contact, wish=wish)
    claimant = session(partner_contact)
    detail = claimant.get(f"{API}/{wish.pk}")
    assert detail.status_code == 200
    assert detail.json()["photo_url"] is None
    assert claimant.get(f"{API}/{wish.pk}/photo").status_code == 404
    staff = session(staff_a)
    assert staff.get(f"{API}/{wish.pk}").json()["photo_url"]
    assert staff.get(f"{API}/{wish.pk}/photo").status_code == 200


def test_a_released_claimant_no_longer_reaches_the_wish(world, staff_a, partner_contact):
    wish = make_wish(world.head1, by=staff_a)
    services.claim_wish(by=partner_contact, wish=wish)
    assert session(partner_contact).get(f"{API}/{wish.pk}").status_code == 200
    services.release_overdue_claims(now=timezone.now() + dt.timedelta(days=15))
    assert session(partner_contact).get(f"{API}/{wish.pk}").status_code == 404


def test_a_too_long_reason_is_a_field_error_not_a_server_error(world, staff_a):
    wish = make_wish(world.head1, by=staff_a)
    response = session(staff_a).post(
        f"{API}/{wish.pk}/withdraw", {"reason": "x" * 301}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "reason"
    assert Wish.objects.get(pk=wish.pk).status == Wish.Status.OPEN


def test_delivery_time_naive_or_before_the_claim(world, staff_a, partner_contact):
    wish = make_wish(world.head1, by=staff_a)
    services.claim_wish(by=partner_contact, wish=wish)
    with pytest.raises(ValidationError) as exc:
        services.record_delivery(by=partner_contact, wish=wish, delivered_at=dt.datetime(1900, 1, 1, 10))
    assert "delivered_at" in exc.value.message_dict
    naive = timezone.localtime().replace(tzinfo=None)
    services.record_delivery(by=partner_contact, wish=wish, delivered_at=naive)
    assert timezone.is_aware(Wish.objects.get(pk=wish.pk).delivered_at)


def test_a_decompression_bomb_is_refused_as_a_photo(world, staff_a):
    buffer = io.BytesIO()
    Image.new("1", (20000, 20000)).save(buffer, format="PNG")
    bomb = SimpleUploadedFile("bomb.png", buffer.getvalue(), content_type="image/png")
    with pytest.raises(ValidationError) as exc:
        make_wish(world.head1, by=staff_a, photo=bomb)
    assert "photo" in exc.value.message_dict


def test_an_expired_open_wish_does_not_hold_a_place(world, staff_a):
    WishSettings.objects.create(community=world.a, open_limit=1)
    old = make_wish(world.head1, by=staff_a)
    Wish.objects.filter(pk=old.pk).update(wanted_by=timezone.localdate() - dt.timedelta(days=1))
    make_wish(world.head1, by=staff_a)  # the expired one is off the wall for good


@pytest.mark.parametrize(
    "path",
    ["/figures/?end=9999-12-31", "/figures/?start=0001-01-01&end=2020-01-01", "/figures/ledger.xlsx?end=9999-12-31"],
)
def test_far_dates_in_the_figures_api_are_refused(staff_a, path):
    assert session(staff_a).get(API + path).status_code == 422


def test_far_dates_on_the_figures_page_are_bounded(login, staff_a):
    client = login(staff_a)
    assert client.get(reverse("wishes:figures"), {"start": "2020-01-01", "end": "9999-12-31"}).status_code == 200
    assert client.get(reverse("wishes:ledger-export"), {"start": "0001-01-01", "end": "2020-01-01"}).status_code == 200


@pytest.mark.parametrize("query", ["page=99999999999999999999", "compound_id=99999999999999999999"])
def test_huge_numbers_on_the_public_wall_are_refused(world, query):
    assert Client().get(f"{API}/wall/{world.a.pk}?{query}").status_code == 422


def test_one_failing_release_does_not_stop_the_others(world, staff_a, partner_contact, monkeypatch):
    from django.db import DatabaseError

    first = make_wish(world.head1, by=staff_a)
    second = make_wish(world.resident2, by=staff_a)
    services.claim_wish(by=partner_contact, wish=first)
    services.claim_wish(by=partner_contact, wish=second)
    real = services._release

    def flaky(claim_id, wish_id, now):
        if wish_id == first.pk:
            raise DatabaseError("deadlock detected")
        return real(claim_id, wish_id, now)

    monkeypatch.setattr(services, "_release", flaky)
    assert services.release_overdue_claims(now=timezone.now() + dt.timedelta(days=15)) == 1
    assert Wish.objects.get(pk=second.pk).status == Wish.Status.OPEN
    assert Wish.objects.get(pk=first.pk).status == Wish.Status.CLAIMED


def test_everyone_in_a_group_claim_is_told(world, staff_a, partner_contact, vworld):
    member = vworld.member.user
    wish = make_wish(world.head1, by=staff_a)
    claim = services.claim_wish(by=partner_contact, wish=wish, is_group=True)
    services.join_claim(by=member, claim=claim)
    services.withdraw_claim(by=partner_contact, claim=claim, reason="买不到")
    assert Notification.objects.filter(user=member, kind="wishes.claim_withdrawn").count() == 1
    claim = services.claim_wish(by=partner_contact, wish=Wish.objects.get(pk=wish.pk), is_group=True)
    services.join_claim(by=member, claim=claim)
    services.withdraw_wish(by=staff_a, wish=wish, reason="家人已买")
    assert Notification.objects.filter(user=member, kind="wishes.withdrawn").count() == 1
    assert WishClaim.objects.get(pk=claim.pk).status == WishClaim.Status.CANCELLED


def test_the_compound_wall_stays_on_its_compound_when_the_filter_says_all(client, world, staff_a):
    other = make_wish(world.resident2, by=staff_a, title="收音机")
    Wish.objects.filter(pk=other.pk).update(compound=world.b_building.parent)  # another compound
    make_wish(world.head1, by=staff_a, title="老花镜")
    url = reverse("wishes:wall-compound", args=[world.a.pk, world.compound.pk])
    html = client.get(url, {"compound": "", "category": ""}).content.decode()
    assert "老花镜" in html
    assert "收音机" not in html
