import pytest
from django.test import Client

from registry import services
from registry.models import Household, Tag
from registry.testing import make_household, make_party_branch
from registry.tests.test_api_helpers import API, as_user, bearer, full_id_number, get, ids, patch, post, session


def builtin(code: str) -> Tag:
    return Tag.objects.get(code=code, community=None)


@pytest.mark.parametrize("how", ["bearer", "session"])
def test_staff_list_and_read_households(world, staff_a, how):
    client = as_user(staff_a, how)
    listing = get(client, "/households")
    assert listing.status_code == 200
    assert listing.json()["count"] == 2
    assert ids(listing) == [world.household1.pk, world.household2.pk]
    detail = get(client, f"/households/{world.household1.pk}")
    assert detail.status_code == 200
    body = detail.json()
    assert body["address"] == world.household1.address
    assert body["grid_group_id"] == world.group1.pk
    assert [m["name"] for m in body["members"]] == ["黄秀琴"]
    assert body["members"][0]["relation"] == "head"


def test_household_endpoints_need_login(world):
    client = Client()
    assert get(client, "/households").status_code == 401
    assert get(client, f"/households/{world.household1.pk}").status_code == 401
    assert post(client, "/households", {"building": world.a_building1.pk, "room": "9"}).status_code == 401
    assert patch(client, f"/households/{world.household1.pk}", {"notes": "x"}).status_code == 401
    assert Household.objects.count() == 3


def test_other_community_gets_404_like_a_missing_id(world, staff_b):
    client = bearer(staff_b)
    assert ids(get(client, "/households")) == [world.household_b.pk]
    missing = get(client, "/households/999999")
    hidden = get(client, f"/households/{world.household1.pk}")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
    assert patch(client, f"/households/{world.household1.pk}", {"notes": "x"}).status_code == 404
    assert post(client, "/households", {"building": world.a_building1.pk, "room": "9"}).status_code == 404
    world.household1.refresh_from_db()
    assert world.household1.notes == ""


def test_county_admin_reads_but_may_not_write(world, county_admin):
    client = bearer(county_admin)
    assert get(client, "/households").json()["count"] == 3
    assert get(client, f"/households/{world.household1.pk}").status_code == 200
    refused = patch(client, f"/households/{world.household1.pk}", {"notes": "x"})
    assert refused.status_code == 403
    assert set(refused.json()) == {"detail"}
    assert post(client, "/households", {"building": world.a_building1.pk, "room": "9"}).status_code == 403
    assert Household.objects.count() == 3


def test_grid_worker_sees_and_updates_only_their_grid(world, grid_worker):
    client = bearer(grid_worker)
    assert ids(get(client, "/households")) == [world.household1.pk]
    assert get(client, f"/households/{world.household2.pk}").status_code == 404
    changed = patch(client, f"/households/{world.household1.pk}", {"notes": "visited on Monday"})
    assert changed.status_code == 200
    assert changed.json()["notes"] == "visited on Monday"
    assert changed.json()["grid_group_id"] == world.group1.pk  # left out, so kept
    # As on the page: a grid worker keeps a household in their group but cannot hand it to another.
    assert patch(client, f"/households/{world.household1.pk}", {"grid_group": world.group1.pk}).status_code == 200
    moved = patch(client, f"/households/{world.household1.pk}", {"grid_group": world.group2.pk})
    assert moved.status_code == 422
    assert moved.json()["detail"][0]["field"] == "grid_group"
    world.household1.refresh_from_db()
    assert world.household1.grid_group == world.group1


def test_create_household(world, staff_a):
    rental = builtin("rental")
    response = post(
        bearer(staff_a),
        "/households",
        {
            "building": world.a_building1.pk,
            "unit": "2",
            "room": "402",
            "grid_group": world.group1.pk,
            "tags": [rental.pk],
        },
    )
    assert response.status_code == 201
    body = response.json()
    household = Household.objects.get(pk=body["id"])
    assert household.address == body["address"] == "锦绣小区 1栋 2单元 402"
    assert [t["code"] for t in body["tags"]] == ["rental"]
    assert body["members"] == []
    assert household.community == world.a


def test_create_household_twice_at_one_address_is_422_by_field(world, staff_a):
    data = {"building": world.a_building1.pk, "unit": "1", "room": "301"}  # household1's address
    response = post(bearer(staff_a), "/households", data)
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["field"] == "room"
    assert "already has a household" in error["message"]
    assert Household.objects.count() == 3


def test_update_household_tags_and_grid_group(world, staff_a):
    client = bearer(staff_a)
    response = patch(client, f"/households/{world.household1.pk}", {"grid_group": None, "tags": [builtin("rental").pk]})
    assert response.status_code == 200
    world.household1.refresh_from_db()
    assert world.household1.grid_group is None
    assert [t.code for t in world.household1.tags.all()] == ["rental"]


def test_update_household_refuses_other_communities_tags_and_groups(world, staff_a, staff_b):
    b_tag = services.create_tag(by=staff_b, community=world.b, name="北苑楼长")
    client = bearer(staff_a)
    wrong_tag = patch(client, f"/households/{world.household1.pk}", {"tags": [b_tag.pk]})
    assert wrong_tag.status_code == 422
    assert wrong_tag.json()["detail"][0]["field"] == "tags"
    b_group = services.create_grid_unit(by=staff_b, community=world.b, kind="zone", name="北片", code="BZ1")
    wrong_group = patch(client, f"/households/{world.household1.pk}", {"grid_group": b_group.pk})
    assert wrong_group.status_code == 422
    assert wrong_group.json()["detail"][0]["field"] == "grid_group"
    world.household1.refresh_from_db()
    assert world.household1.grid_group == world.group1


def test_party_badge_and_masked_members(world, staff_a):
    branch = make_party_branch(world.a, world.compound)
    services.register_party_member(by=staff_a, resident=world.head1, party_org=branch, kind="retired")
    client = bearer(staff_a)
    listing = get(client, "/households")
    detail = get(client, f"/households/{world.household1.pk}")
    assert [h["has_party_badge"] for h in listing.json()["items"]] == [True, False]
    assert detail.json()["has_party_badge"] is True
    member = detail.json()["members"][0]
    assert member["party_member_kind"] == "retired"
    assert member["id_number_masked"] == world.head1.id_number_masked
    assert member["phone_masked"] == "138****1234"
    for response in (listing, detail):
        assert full_id_number(world.head1) not in response.content.decode()
        assert "13805931234" not in response.content.decode()


def test_household_filters(world, staff_a):
    rental = builtin("rental")
    services.update_household(by=staff_a, household=world.household2, grid_group=world.group2, tags=[rental], notes="")
    client = bearer(staff_a)
    assert ids(get(client, "/households", q="2栋 502")) == [world.household2.pk]
    assert ids(get(client, "/households", q="2栋 301")) == []
    assert ids(get(client, "/households", grid_group=world.group1.pk)) == [world.household1.pk]
    assert ids(get(client, "/households", tag=rental.pk)) == [world.household2.pk]
    assert ids(get(client, "/households", building=world.a_building2.pk)) == [world.household2.pk]
    assert ids(get(client, "/households", community=world.b.pk)) == []


def test_household_pagination(world, staff_a):
    for n in range(60):
        make_household(world.a_building1, room=f"9{n:02d}")
    client = bearer(staff_a)
    first = get(client, "/households")
    assert first.json()["count"] == 62
    assert len(first.json()["items"]) == 50
    page = get(client, "/households", limit=5, offset=60)
    assert page.json()["count"] == 62
    assert len(page.json()["items"]) == 2
    assert len(get(client, "/households", limit=200).json()["items"]) == 62
    assert get(client, "/households", limit=201).status_code == 422
    assert get(client, "/households", limit=0).status_code == 422


def test_household_list_query_count_is_fixed(world, staff_a, django_assert_num_queries):
    for n in range(10):
        make_household(world.a_building2, room=f"8{n:02d}", grid_group=world.group2, tags=[builtin("rental")])
    client = session(staff_a)
    # session, user, memberships (scope), count, page, tags of the page
    with django_assert_num_queries(6):
        response = client.get(f"{API}/households")
    assert response.json()["count"] == 12
