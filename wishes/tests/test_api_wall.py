"""The public wall's read-only endpoints: no login, the masked wall fields only."""

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from registry.models import Resident
from registry.testing import make_building, make_household, make_id, make_resident
from wishes import services
from wishes.models import WishSettings
from wishes.testing import make_wish

WALL = "/api/v1/wishes/wall"
CARD_FIELDS = {
    "id",
    "title",
    "category",
    "value",
    "reason",
    "wanted_by",
    "posted_at",
    "masked_name",
    "community_id",
    "compound",
}


def wall(path="", **params):
    return Client().get(WALL + path, params)


def ids(response):
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["items"]]


@pytest.fixture
def wish(world, staff_a):
    return make_wish(world.head1, by=staff_a)


def test_community_wall_is_public_and_filters(world, staff_a, wish):
    building = make_building(world.a, "桂花园", "3栋")
    elsewhere = make_household(building, room="202", grid_group=world.group1)
    resident = make_resident(elsewhere, name="王桂英", relation=Resident.Relation.HEAD)
    visit = make_wish(resident, by=staff_a, title="陪我下棋", category="companionship")
    make_wish(world.resident2, by=staff_a, approve=False, title="待核实")
    make_wish(world.resident_b, by=None, title="城北的心愿")
    assert ids(wall(f"/{world.a.pk}")) == [visit.pk, wish.pk]
    assert ids(wall(f"/{world.a.pk}", compound_id=world.compound.pk)) == [wish.pk]
    assert ids(wall(f"/{world.a.pk}", category="companionship")) == [visit.pk]
    assert ids(wall(f"/{world.a.pk}", page=2)) == []
    card = wall(f"/{world.a.pk}").json()["items"][1]
    assert set(card) == CARD_FIELDS
    assert (card["masked_name"], card["compound"], card["value"]) == (
        "黄**",
        {"id": world.compound.pk, "name": "锦绣小区"},
        45,
    )
    compounds = wall(f"/{world.a.pk}/compounds").json()
    assert {c["name"] for c in compounds} == {"锦绣小区", "桂花园"}
    assert wall(f"/{world.a.pk}", category="money").status_code == 422


def test_unknown_community_or_county_is_404(world, wish):
    for path in ("/999999", f"/{world.compound.pk}", f"/{world.county.pk}", "/999999/stories", "/999999/compounds"):
        assert wall(path).status_code == 404, path
    assert wall("/county/999999").status_code == 404
    assert wall(f"/county/{world.a.pk}").status_code == 404


def test_county_wall_holds_every_community(world, staff_a, wish):
    north = make_wish(world.resident_b, by=None, title="城北的心愿")
    assert ids(wall(f"/county/{world.county.pk}")) == [north.pk, wish.pk]
    assert ids(wall(f"/county/{world.county.pk}", compound_id=world.compound.pk)) == [wish.pk]


def test_wall_pages_hold_24_cards(world, staff_a):
    WishSettings.objects.create(community=world.a, open_limit=20)
    people = [world.head1, world.resident2]
    made = [make_wish(people[i % 2], by=staff_a, title=f"心愿{i}") for i in range(26)]
    first = wall(f"/{world.a.pk}").json()
    assert (first["count"], len(first["items"])) == (26, 24)
    assert ids(wall(f"/{world.a.pk}", page=2)) == [made[1].pk, made[0].pk]
    assert wall(f"/{world.a.pk}", page=0).status_code == 422


def test_claimed_expired_and_unverified_wishes_are_not_on_the_wall(world, staff_a, wish, partner_contact):
    other = make_wish(world.resident2, by=staff_a, title="旧心愿")
    pending = make_wish(world.resident2, by=staff_a, approve=False)
    services.claim_wish(by=partner_contact, wish=wish)
    assert ids(wall(f"/{world.a.pk}")) == [other.pk]
    assert wall(f"/wishes/{other.pk}").json()["title"] == "旧心愿"
    for gone in (wish, pending):
        assert wall(f"/wishes/{gone.pk}").status_code == 404
    type(other).objects.filter(pk=other.pk).update(wanted_by=timezone.localdate() - dt.timedelta(days=1))
    assert ids(wall(f"/{world.a.pk}")) == []


def test_wall_query_count_is_fixed(world, staff_a, wish, django_assert_num_queries):
    for i in range(3):
        make_wish(world.resident2 if i else world.head1, by=staff_a, title=f"心愿{i}")
    wall(f"/{world.a.pk}")
    with django_assert_num_queries(3):  # the community, the count, the page
        assert wall(f"/{world.a.pk}").json()["count"] == 4


def test_the_public_wall_never_carries_the_beneficiarys_details(world, staff_a, partner_contact, grid_worker):
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
    open_wish = make_wish(resident, by=staff_a, title="老花镜")
    told = make_wish(resident, by=staff_a, title="收音机")
    services.claim_wish(by=partner_contact, wish=told)
    services.record_delivery(by=partner_contact, wish=told)
    services.confirm_receipt(by=grid_worker, wish=told, thanks="谢谢")
    services.publish_story(by=staff_a, wish=told, story="奶奶听上了收音机", consent=True, published=True)
    secrets = ["欧阳春花", "春花", "13912345678", id_number, "东侧1808", household.address]
    answers = {
        "community wall": wall(f"/{world.a.pk}"),
        "compound wall": wall(f"/{world.a.pk}", compound_id=household.compound_id),
        "county wall": wall(f"/county/{world.county.pk}"),
        "card": wall(f"/wishes/{open_wish.pk}"),
        "stories": wall(f"/{world.a.pk}/stories"),
        "compounds": wall(f"/{world.a.pk}/compounds"),
    }
    for name, response in answers.items():
        assert response.status_code == 200, name
        # JSON escapes Chinese as \\uXXXX: look in the raw bytes and in the decoded text both.
        texts = [response.content.decode(), json.dumps(response.json(), ensure_ascii=False)]
        for text in texts:
            for secret in secrets:
                assert secret not in text, f"{secret} in the {name}"
    shown = json.dumps(answers["community wall"].json(), ensure_ascii=False)
    assert "欧***" in shown and "老花镜" in shown
    assert "奶奶听上了收音机" in json.dumps(answers["stories"].json(), ensure_ascii=False)
