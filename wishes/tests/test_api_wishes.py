"""Wishes through the API: scoped lists and reads, intake, verification, withdrawal and settings."""

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from activities.testing import not_an_image, png_bytes, png_upload
from core.tests.hostile_files import same_picture
from registry.tests.test_api_helpers import as_user, bearer
from wishes import services
from wishes.models import Wish, WishSettings
from wishes.testing import make_wish

API = "/api/v1/wishes"


def get(client, path="/", **params):
    return client.get(API + path, params)


def post(client, path, data=None):
    return client.post(API + path, json.dumps(data or {}), content_type="application/json")


def put(client, path, data):
    return client.put(API + path, json.dumps(data), content_type="application/json")


def post_form(client, path, data):
    """A multipart/form-data body, as the endpoints that take a photo expect."""
    return client.post(API + path, data)


def ids(response):
    return [row["id"] for row in response.json()["items"]]


def fields(response):
    return [row["field"] for row in response.json()["detail"]]


def new_wish(beneficiary, **over):
    data = {
        "beneficiary_id": beneficiary.pk,
        "title": "《优雅走过下雨天》",
        "category": "goods",
        "value": 45,
        "wanted_by": (timezone.localdate() + dt.timedelta(days=20)).isoformat(),
        "reason": "喜欢读书",
    }
    return {**data, **over}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def wish(world, staff_a):
    """On the wall: a wish for 黄秀琴 (household 1, grid group 1)."""
    return make_wish(world.head1, by=staff_a)


@pytest.fixture
def pending(world, grid_worker):
    return make_wish(world.head1, by=grid_worker, approve=False, title="轮椅坐垫", category="goods", value=80)


# --- reading ------------------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["bearer", "session"])
def test_staff_list_filter_and_read(staff_a, world, wish, pending, how):
    other = make_wish(world.resident2, by=staff_a, category="companionship", title="陪聊天")
    client = as_user(staff_a, how)
    assert set(ids(get(client))) == {wish.pk, pending.pk, other.pk}
    assert ids(get(client, status="pending")) == [pending.pk]
    assert ids(get(client, category="companionship")) == [other.pk]
    assert set(ids(get(client, compound=world.compound.pk, community=world.a.pk))) == {wish.pk, pending.pk, other.pk}
    assert ids(get(client, q="轮椅")) == [pending.pk]
    row = get(client).json()["items"][-1]
    assert (row["masked_name"], row["compound_name"], row["beneficiary"]["name"]) == ("黄**", "锦绣小区", "黄秀琴")
    detail = get(client, f"/{wish.pk}").json()
    assert (detail["status"], detail["beneficiary"]["id"], detail["value"]) == ("open", world.head1.pk, 45)
    assert [step["action"] for step in detail["history"]] == ["posted", "approved"]
    assert detail["history"][0]["by"] == "staff_a"
    assert detail["claims"] == [] and detail["photo_url"] is None


def test_grid_worker_and_resident_see_their_area_only(grid_worker, resident_user, household_rep, world, wish):
    elsewhere = make_wish(world.resident2, by=None)
    for user in (grid_worker, resident_user, household_rep):
        client = bearer(user)
        assert ids(get(client)) == [wish.pk]
        assert get(client, f"/{wish.pk}").json()["beneficiary"]["name"] == "黄秀琴"
        assert get(client, f"/{elsewhere.pk}").status_code == 404


def test_wish_filter_values_are_checked(staff_a, wish):
    assert get(bearer(staff_a), status="lost").status_code == 422


def test_list_query_count_is_fixed(staff_a, world, wish, django_assert_num_queries):
    WishSettings.objects.create(community=world.a, open_limit=5)
    for i in range(3):
        make_wish(world.resident2, by=staff_a, title=f"心愿{i}", approve=i % 2 == 0)
    client = bearer(staff_a)
    get(client)
    # Authentication, the scope and one page: the same number of queries for any number of rows.
    with django_assert_num_queries(4):
        assert get(client).json()["count"] == 4


def test_endpoints_need_login(world, wish):
    client = Client()
    assert get(client).status_code == 401
    assert get(client, f"/{wish.pk}").status_code == 401
    assert get(client, f"/{wish.pk}/photo").status_code == 401
    assert post_form(client, "/", new_wish(world.head1)).status_code == 401
    assert post(client, f"/{wish.pk}/approve").status_code == 401
    assert post(client, f"/{wish.pk}/decline", {"reason": "x"}).status_code == 401
    assert post(client, f"/{wish.pk}/withdraw", {"reason": "x"}).status_code == 401
    assert post(client, f"/{wish.pk}/confirm").status_code == 401
    assert post(client, f"/{wish.pk}/story", {"story": "x"}).status_code == 401
    assert get(client, f"/settings/{world.a.pk}").status_code == 401
    assert put(client, f"/settings/{world.a.pk}", {"value_cap": 1, "open_limit": 1, "claim_days": 1}).status_code == 401
    assert not Wish.objects.exclude(pk=wish.pk).exists()


def test_other_community_gets_404(staff_b, world, wish, pending):
    client = bearer(staff_b)
    assert ids(get(client)) == []
    assert get(client, f"/{wish.pk}").status_code == 404
    assert get(client, f"/{wish.pk}/photo").status_code == 404
    assert post(client, f"/{pending.pk}/approve").status_code == 404
    assert post(client, f"/{pending.pk}/decline", {"reason": "x"}).status_code == 404
    assert post(client, f"/{wish.pk}/withdraw", {"reason": "x"}).status_code == 404
    assert post(client, f"/{wish.pk}/confirm").status_code == 404
    assert post(client, f"/{wish.pk}/story", {"story": "x"}).status_code == 404
    assert post_form(client, "/", new_wish(world.head1)).status_code == 404
    assert get(client, f"/settings/{world.a.pk}").status_code == 404
    assert put(client, f"/settings/{world.a.pk}", {"value_cap": 1, "open_limit": 1, "claim_days": 1}).status_code == 404
    assert get(client, "/999999").status_code == 404
    pending.refresh_from_db()
    assert pending.status == Wish.Status.PENDING


def test_read_only_roles_get_403_on_writes(county_admin, household_rep, world, wish, pending):
    for user in (county_admin, household_rep):
        client = bearer(user)
        assert get(client, f"/{pending.pk}").status_code == 200
        assert post(client, f"/{pending.pk}/approve").status_code == 403
        assert post(client, f"/{pending.pk}/decline", {"reason": "x"}).status_code == 403
        assert post(client, f"/{wish.pk}/withdraw", {"reason": "x"}).status_code == 403
        assert post(client, f"/{wish.pk}/story", {"story": "x"}).status_code == 403
        assert post_form(client, "/", new_wish(world.head1)).status_code == 403
        assert (
            put(client, f"/settings/{world.a.pk}", {"value_cap": 9, "open_limit": 1, "claim_days": 1}).status_code
            == 403
        )
    pending.refresh_from_db()
    assert pending.status == Wish.Status.PENDING
    assert not WishSettings.objects.exists()


# --- intake ---------------------------------------------------------------------------------------


def test_grid_worker_records_a_wish_with_a_photo(grid_worker, world):
    client = bearer(grid_worker)
    created = post_form(client, "/", new_wish(world.head1) | {"photo": png_upload()})
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["status"], body["via"], body["masked_name"]) == ("pending", "grid_worker", "黄**")
    assert body["history"][0]["action"] == "posted"
    wish = Wish.objects.get()
    assert wish.photo.name and "王" not in wish.photo.name
    assert same_picture(b"".join(client.get(body["photo_url"]).streaming_content), png_bytes())


def test_resident_posts_for_own_household_as_form_fields_without_photo(resident_user, world):
    created = post_form(bearer(resident_user), "/", new_wish(world.head1))
    assert created.status_code == 201, created.json()
    assert (created.json()["via"], created.json()["photo_url"]) == ("self", None)


def test_beneficiary_outside_what_the_caller_records_for_is_404(grid_worker, resident_user, world):
    assert post_form(bearer(grid_worker), "/", new_wish(world.resident2)).status_code == 404
    assert post_form(bearer(grid_worker), "/", new_wish(world.resident_b)).status_code == 404
    assert post_form(bearer(resident_user), "/", new_wish(world.resident2)).status_code == 404
    assert post_form(bearer(grid_worker), "/", new_wish(world.head1, beneficiary_id=999999)).status_code == 404
    assert not Wish.objects.exists()


def test_intake_refusals_are_field_errors(staff_a, world):
    client = bearer(staff_a)
    over = post_form(client, "/", new_wish(world.head1, value=201))
    assert over.status_code == 422
    assert fields(over) == ["value"] and "200 yuan" in over.json()["detail"][0]["message"]
    blank = post_form(client, "/", new_wish(world.head1, title="  ", wanted_by="2000-01-01"))
    assert blank.status_code == 422 and set(fields(blank)) == {"title", "wanted_by"}
    bad_photo = post_form(client, "/", new_wish(world.head1, photo=not_an_image()))
    assert bad_photo.status_code == 422 and fields(bad_photo) == ["photo"]
    assert post_form(client, "/", new_wish(world.head1, category="money")).status_code == 422


def test_open_wish_limit_names_the_limit(staff_a, world):
    WishSettings.objects.create(community=world.a, open_limit=1)
    client = bearer(staff_a)
    assert post_form(client, "/", new_wish(world.head1)).status_code == 201
    second = post_form(client, "/", new_wish(world.head1))
    assert second.status_code == 422 and fields(second) == ["beneficiary"]
    assert "1 open wishes" in second.json()["detail"][0]["message"]


# --- verification and withdrawal ------------------------------------------------------------------


def test_staff_approve_and_decline(staff_a, world, pending):
    client = bearer(staff_a)
    approved = post(client, f"/{pending.pk}/approve")
    assert approved.status_code == 200 and approved.json()["status"] == "open"
    assert approved.json()["verified_at"]
    again = post(client, f"/{pending.pk}/approve")
    assert again.status_code == 422
    assert again.json()["detail"] == [{"field": None, "message": "This wish is no longer waiting for verification."}]
    other = make_wish(world.resident2, by=staff_a, approve=False)
    assert fields(post(client, f"/{other.pk}/decline", {"reason": " "})) == ["reason"]
    declined = post(client, f"/{other.pk}/decline", {"reason": "家庭情况不符合"}).json()
    assert (declined["status"], declined["decline_reason"]) == ("declined", "家庭情况不符合")


def test_grid_worker_cannot_verify(grid_worker, pending):
    assert post(bearer(grid_worker), f"/{pending.pk}/approve").status_code == 403


def test_resident_withdraws_own_wish(resident_user, wish):
    client = bearer(resident_user)
    assert fields(post(client, f"/{wish.pk}/withdraw", {"reason": ""})) == ["reason"]
    withdrawn = post(client, f"/{wish.pk}/withdraw", {"reason": "已经买到了"})
    assert withdrawn.status_code == 200
    assert (withdrawn.json()["status"], withdrawn.json()["withdraw_reason"]) == ("withdrawn", "已经买到了")


def test_claimant_reads_the_wish_masked_without_history(partner_contact, wish):
    services.claim_wish(by=partner_contact, wish=wish)
    response = get(bearer(partner_contact), f"/{wish.pk}")
    detail = response.json()
    assert response.status_code == 200
    assert (detail["masked_name"], detail["beneficiary"], detail["history"]) == ("黄**", None, None)
    assert [c["claimant"] for c in detail["claims"]] == ["县人社局"]
    assert "黄秀琴" not in json.dumps(detail, ensure_ascii=False)


# --- settings -------------------------------------------------------------------------------------


def test_settings_read_and_changed_by_staff(staff_a, grid_worker, world):
    client = bearer(staff_a)
    assert get(client, f"/settings/{world.a.pk}").json() == {
        "community_id": world.a.pk,
        "value_cap": 200,
        "open_limit": 2,
        "claim_days": 14,
    }
    changed = put(client, f"/settings/{world.a.pk}", {"value_cap": 300, "open_limit": 3, "claim_days": 7})
    assert changed.status_code == 200 and changed.json()["value_cap"] == 300
    assert services.settings_of(world.a.pk).claim_days == 7
    # A grid worker reads the cap of their community before posting, and may not change it.
    assert get(bearer(grid_worker), f"/settings/{world.a.pk}").json()["value_cap"] == 300
    assert (
        put(
            bearer(grid_worker), f"/settings/{world.a.pk}", {"value_cap": 9, "open_limit": 1, "claim_days": 1}
        ).status_code
        == 403
    )
    assert put(client, f"/settings/{world.a.pk}", {"value_cap": 0, "open_limit": 3, "claim_days": 7}).status_code == 422
    assert get(client, f"/settings/{world.compound.pk}").status_code == 404
