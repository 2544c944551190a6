"""Claims, delivery, confirmation and stories through the API."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from activities.testing import png_bytes, png_upload
from core.models import AuditEvent
from core.tests.hostile_files import same_picture
from registry.tests.test_api_helpers import bearer
from wishes import services
from wishes.models import Wish, WishClaim
from wishes.testing import make_wish
from wishes.tests.test_api_wishes import fields, get, ids, post, post_form

ALREADY_CLAIMED = "Someone else has already claimed this wish; choose another one."


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def wish(world, staff_a):
    return make_wish(world.head1, by=staff_a)


@pytest.fixture
def claimed(wish, partner_contact):
    services.claim_wish(by=partner_contact, wish=wish)
    return wish


# --- claiming ---------------------------------------------------------------------------------------


def test_claim_then_a_second_claim_is_409_already_claimed(wish, partner_contact, vworld):
    won = post(bearer(partner_contact), f"/{wish.pk}/claim", {"note": "我们单位来买"})
    assert won.status_code == 201, won.json()
    body = won.json()
    assert (body["kind"], body["claimant"], body["status"], body["note"]) == (
        "partner_unit",
        "县人社局",
        "active",
        "我们单位来买",
    )
    assert (body["wish"]["id"], body["wish"]["status"]) == (wish.pk, "claimed")
    lost = post(bearer(vworld.member.user), f"/{wish.pk}/claim")
    assert lost.status_code == 409
    assert lost.json() == {"code": "already_claimed", "detail": ALREADY_CLAIMED}
    assert WishClaim.objects.filter(wish=wish).count() == 1


def test_a_claim_the_conditional_update_missed_is_409_too(wish, partner_contact, vworld):
    # The partial unique index is the last line of defence: an active claim on a wish still marked open.
    WishClaim.objects.create(
        wish=wish,
        user=partner_contact,
        kind="volunteer",
        volunteer=vworld.leader,
        due_at=timezone.now() + dt.timedelta(days=3),
    )
    lost = post(bearer(vworld.member.user), f"/{wish.pk}/claim", {"kind": "volunteer"})
    assert (lost.status_code, lost.json()["code"]) == (409, "already_claimed")
    wish.refresh_from_db()
    assert wish.status == Wish.Status.OPEN
    assert WishClaim.objects.filter(wish=wish).count() == 1


def test_claim_as_a_chosen_identity(wish, partner_contact, vworld):
    client = bearer(vworld.member.user)
    assert get(client, "/claims/identities").json() == [
        {"kind": "volunteer", "label": "volunteer", "partner_unit_id": None}
    ]
    wrong = post(client, f"/{wish.pk}/claim", {"kind": "partner_unit"})
    assert wrong.status_code == 422 and fields(wrong) == ["kind"]
    claim = post(client, f"/{wish.pk}/claim", {"kind": "volunteer", "is_group": True})
    assert (claim.status_code, claim.json()["kind"], claim.json()["is_group"]) == (201, "volunteer", True)


def test_only_claimants_of_the_county_may_claim(wish, staff_b, grid_worker):
    # The wish is public on the wall, so it is no secret: without a way to claim the answer is 403.
    for user in (staff_b, grid_worker):
        refused = post(bearer(user), f"/{wish.pk}/claim")
        assert refused.status_code == 403
        assert "partner-unit contacts" in refused.json()["detail"]
    assert not WishClaim.objects.exists()


def test_a_wish_not_yet_verified_cannot_be_found_to_claim(world, grid_worker, partner_contact):
    pending = make_wish(world.head1, by=grid_worker, approve=False)
    assert post(bearer(partner_contact), f"/{pending.pk}/claim").status_code == 404
    assert post(bearer(partner_contact), "/999999/claim").status_code == 404


def test_a_withdrawn_wish_cannot_be_claimed(wish, staff_a, partner_contact):
    services.withdraw_wish(by=staff_a, wish=wish, reason="不需要了")
    refused = post(bearer(partner_contact), f"/{wish.pk}/claim")
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["message"] == "This wish is not on the wall any more; choose another one."


def test_claim_endpoints_need_login(claimed):
    client = Client()
    claim = claimed.claims.get()
    assert post(client, f"/{claimed.pk}/claim").status_code == 401
    assert post(client, f"/claims/{claim.pk}/join").status_code == 401
    assert post(client, f"/claims/{claim.pk}/withdraw", {"reason": "x"}).status_code == 401
    assert get(client, "/claims/mine").status_code == 401
    assert get(client, "/claims/identities").status_code == 401
    assert get(client, "/deliveries").status_code == 401
    assert get(client, f"/{claimed.pk}/address").status_code == 401
    assert post_form(client, f"/{claimed.pk}/delivery", {"note": "x"}).status_code == 401


def test_group_claim_join_and_my_claims(wish, partner_contact, vworld, django_assert_num_queries):
    claim = services.claim_wish(by=partner_contact, wish=wish, is_group=True)
    client = bearer(vworld.member.user)
    joined = post(client, f"/claims/{claim.pk}/join")
    assert joined.status_code == 201, joined.json()
    assert (joined.json()["kind"], joined.json()["name"]) == ("volunteer", "volunteer")
    again = post(client, f"/claims/{claim.pk}/join")
    assert again.status_code == 422
    assert again.json()["detail"][0]["message"] == "You are already one of this wish's claimants."
    get(client, "/claims/mine")
    with django_assert_num_queries(4):  # authentication, the count, the page, its group members
        mine = get(client, "/claims/mine").json()
    assert [row["id"] for row in mine["items"]] == [claim.pk]
    assert [m["kind"] for m in mine["items"][0]["members"]] == ["volunteer"]
    assert mine["items"][0]["wish"]["masked_name"] == "黄**"


def test_a_claim_not_open_to_join_is_hidden_from_others(claimed, vworld, staff_b):
    claim = claimed.claims.get()
    assert post(bearer(vworld.member.user), f"/claims/{claim.pk}/join").status_code == 404
    assert post(bearer(staff_b), f"/claims/{claim.pk}/withdraw", {"reason": "x"}).status_code == 404
    assert post(bearer(staff_b), "/claims/999999/join").status_code == 404


def test_claimant_withdraws_and_the_wish_is_back_on_the_wall(claimed, partner_contact, county_admin):
    claim = claimed.claims.get()
    # The county sees the wish but may not end someone's claim.
    assert post(bearer(county_admin), f"/claims/{claim.pk}/withdraw", {"reason": "x"}).status_code == 403
    client = bearer(partner_contact)
    assert fields(post(client, f"/claims/{claim.pk}/withdraw", {"reason": " "})) == ["reason"]
    withdrawn = post(client, f"/claims/{claim.pk}/withdraw", {"reason": "单位预算没批"})
    assert withdrawn.status_code == 200
    assert (withdrawn.json()["status"], withdrawn.json()["end_reason"]) == ("withdrawn", "单位预算没批")
    assert withdrawn.json()["wish"]["status"] == "open"
    assert ids(Client().get(f"/api/v1/wishes/wall/{claimed.community_id}")) == [claimed.pk]


# --- delivery and confirmation ------------------------------------------------------------------


def test_volunteer_delivers_grid_worker_confirms_staff_publish_story(claimed, vworld, grid_worker, staff_a, world):
    volunteer = bearer(vworld.member.user)
    assert [row["id"] for row in get(volunteer, "/deliveries").json()["items"]] == [claimed.pk]
    address = get(volunteer, f"/{claimed.pk}/address")
    assert address.json() == {"compound": "锦绣小区", "building": "1栋", "unit": "1", "room": "301"}
    assert AuditEvent.objects.filter(action="wishes.view_address", actor=vworld.member.user).count() == 1
    delivered = post_form(
        volunteer, f"/{claimed.pk}/delivery", {"note": "送到家门口", "deliverer_name": "陈志愿", "photo": png_upload()}
    )
    assert delivered.status_code == 200, delivered.json()
    body = delivered.json()
    assert (body["status"], body["deliverer_name"], body["delivery_note"]) == ("delivered", "陈志愿", "送到家门口")
    assert body["delivery_photo_url"] is None  # a photo may show the home: only for those in the area
    staff = bearer(staff_a)
    photo_url = get(staff, f"/{claimed.pk}").json()["delivery_photo_url"]
    assert same_picture(b"".join(staff.get(photo_url).streaming_content), png_bytes())
    # The door is for a wish still waiting for its delivery.
    assert get(volunteer, f"/{claimed.pk}/address").status_code == 404
    confirmed = post(bearer(grid_worker), f"/{claimed.pk}/confirm", {"thanks": "谢谢你们"})
    assert (confirmed.json()["status"], confirmed.json()["thanks"]) == ("fulfilled", "谢谢你们")
    refused = post(staff, f"/{claimed.pk}/story", {"story": "黄奶奶收到了书", "published": True})
    assert refused.status_code == 422 and fields(refused) == ["consent"]
    story = post(staff, f"/{claimed.pk}/story", {"story": "黄奶奶收到了书", "consent": True, "published": True})
    assert story.status_code == 200 and story.json()["story_published"] is True
    steps = [step["action"] for step in story.json()["history"]]
    assert steps == ["posted", "approved", "claimed", "delivered", "confirmed", "story"]
    stories = Client().get(f"/api/v1/wishes/wall/{world.a.pk}/stories").json()["items"]
    assert [(s["id"], s["masked_name"], s["story"]) for s in stories] == [(claimed.pk, "黄**", "黄奶奶收到了书")]


def test_delivery_recorded_at_a_time_given(claimed, partner_contact):
    WishClaim.objects.filter(wish=claimed).update(claimed_at=timezone.now() - dt.timedelta(days=1))
    when = (timezone.now() - dt.timedelta(hours=3)).replace(microsecond=0)
    done = post_form(bearer(partner_contact), f"/{claimed.pk}/delivery", {"delivered_at": when.isoformat()})
    assert done.status_code == 200
    assert dt.datetime.fromisoformat(done.json()["delivered_at"]) == when
    assert done.json()["deliverer_name"] == "partner_contact"


def test_delivery_refusals(claimed, partner_contact, resident_user, staff_b, county_admin):
    future = (timezone.now() + dt.timedelta(days=1)).isoformat()
    refused = post_form(bearer(partner_contact), f"/{claimed.pk}/delivery", {"delivered_at": future})
    assert refused.status_code == 422 and fields(refused) == ["delivered_at"]
    for user in (resident_user, county_admin):  # they see the wish, but do not deliver it
        assert post_form(bearer(user), f"/{claimed.pk}/delivery", {"note": "x"}).status_code == 403
        door = get(bearer(user), f"/{claimed.pk}/address")
        assert door.status_code == 403 and "see where to deliver" in door.json()["detail"]
    assert post_form(bearer(staff_b), f"/{claimed.pk}/delivery", {"note": "x"}).status_code == 404
    assert get(bearer(staff_b), f"/{claimed.pk}/address").status_code == 404
    assert not AuditEvent.objects.filter(action="wishes.view_address").exists()
    claimed.refresh_from_db()
    assert claimed.status == Wish.Status.CLAIMED


def test_confirmation_is_for_the_residents_side(claimed, partner_contact, county_admin, staff_b):
    services.record_delivery(by=partner_contact, wish=claimed)
    assert post(bearer(partner_contact), f"/{claimed.pk}/confirm").status_code == 403
    assert post(bearer(county_admin), f"/{claimed.pk}/confirm").status_code == 403
    assert post(bearer(staff_b), f"/{claimed.pk}/confirm").status_code == 404
    claimed.refresh_from_db()
    assert claimed.status == Wish.Status.DELIVERED
