import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone, translation

from core import idcard
from core.models import AuditEvent
from registry import services
from registry.models import Resident, Tag
from registry.testing import make_id, make_resident
from registry.tests.test_api_helpers import as_user, bearer, full_id_number, get, ids, patch, post


def reveals() -> list[tuple[str, dict]]:
    return list(AuditEvent.objects.filter(action="registry.resident.reveal").values_list("actor__username", "details"))


@pytest.mark.parametrize("how", ["bearer", "session"])
def test_staff_list_and_read_residents(world, staff_a, how):
    client = as_user(staff_a, how)
    listing = get(client, "/residents")
    assert listing.status_code == 200
    assert ids(listing) == [world.head1.pk, world.resident2.pk]
    detail = get(client, f"/residents/{world.head1.pk}")
    assert detail.status_code == 200
    body = detail.json()
    assert body["name"] == "黄秀琴"
    assert body["household_id"] == world.household1.pk
    assert body["address"] == world.household1.address
    assert body["age"] == world.head1.age()
    assert body["is_minor"] is False
    assert body["party_member_kind"] is None
    assert body["phone_masked"] == "138****1234"
    assert "birth_date" not in body  # with the masked number it would give the full number away


def test_masked_fields_never_carry_the_full_number(world, staff_a):
    client = bearer(staff_a)
    number = full_id_number(world.head1)
    for response in (get(client, "/residents"), get(client, f"/residents/{world.head1.pk}")):
        text = response.content.decode()
        assert world.head1.id_number_masked in text
        assert number not in text
        assert "13805931234" not in text


def test_resident_endpoints_need_login(world):
    client = Client()
    pk = world.head1.pk
    assert get(client, "/residents").status_code == 401
    assert get(client, f"/residents/{pk}").status_code == 401
    assert post(client, "/residents", {"household": world.household1.pk, "name": "x"}).status_code == 401
    assert patch(client, f"/residents/{pk}", {"name": "x"}).status_code == 401
    assert post(client, f"/residents/{pk}/reveal", {"field": "id_number"}).status_code == 401
    assert reveals() == []


def test_other_community_gets_404(world, staff_b):
    client = bearer(staff_b)
    assert ids(get(client, "/residents")) == [world.resident_b.pk]
    assert get(client, f"/residents/{world.head1.pk}").json() == get(client, "/residents/999999").json()
    assert get(client, f"/residents/{world.head1.pk}").status_code == 404
    assert patch(client, f"/residents/{world.head1.pk}", {"name": "x"}).status_code == 404
    assert post(client, f"/residents/{world.head1.pk}/reveal", {"field": "id_number"}).status_code == 404
    new = {"household": world.household1.pk, "name": "林小", "id_number": make_id()}
    assert post(client, "/residents", new).status_code == 404
    assert reveals() == []
    assert Resident.objects.count() == 3


def test_county_admin_reads_but_may_not_write_or_reveal(world, county_admin):
    client = bearer(county_admin)
    assert get(client, "/residents").json()["count"] == 3
    assert get(client, f"/residents/{world.head1.pk}").status_code == 200
    assert patch(client, f"/residents/{world.head1.pk}", {"name": "x"}).status_code == 403
    assert post(client, f"/residents/{world.head1.pk}/reveal", {"field": "phone"}).status_code == 403
    new = {"household": world.household1.pk, "name": "林小", "id_number": make_id()}
    assert post(client, "/residents", new).status_code == 403
    assert reveals() == []
    assert Resident.objects.count() == 3


def test_grid_worker_lists_only_their_grid_and_may_not_reveal(world, grid_worker):
    client = bearer(grid_worker)
    assert ids(get(client, "/residents")) == [world.head1.pk]
    assert get(client, f"/residents/{world.resident2.pk}").status_code == 404
    refused = post(client, f"/residents/{world.head1.pk}/reveal", {"field": "id_number"})
    assert refused.status_code == 403
    assert full_id_number(world.head1) not in refused.content.decode()
    assert reveals() == []


@pytest.mark.parametrize("how", ["bearer", "session"])
def test_staff_reveal_returns_full_value_and_is_audited(world, staff_a, how):
    client = as_user(staff_a, how)
    response = post(client, f"/residents/{world.head1.pk}/reveal", {"field": "id_number"})
    assert response.status_code == 200
    assert response.json() == {"field": "id_number", "value": full_id_number(world.head1)}
    assert response["Cache-Control"] == "no-store"
    phone = post(client, f"/residents/{world.head1.pk}/reveal", {"field": "phone"})
    assert phone.json()["value"] == "13805931234"
    assert reveals() == [("staff_a", {"field": "phone"}), ("staff_a", {"field": "id_number"})]


def test_reveal_only_known_fields(world, staff_a):
    response = post(bearer(staff_a), f"/residents/{world.head1.pk}/reveal", {"field": "notes"})
    assert response.status_code == 422
    assert reveals() == []


def test_create_resident_reads_birth_and_gender_from_the_id(world, staff_a):
    number = make_id(dt.date(1990, 4, 5), "M")
    response = post(
        bearer(staff_a),
        "/residents",
        {
            "household": world.household1.pk,
            "name": "黄大伟",
            "id_number": number,
            "relation": "child",
            "phone": "13900001111",
        },
    )
    assert response.status_code == 201
    body = response.json()
    resident = Resident.objects.get(pk=body["id"])
    assert (resident.birth_date, resident.gender) == (dt.date(1990, 4, 5), "M")
    assert body["gender"] == "M"
    assert body["id_number_masked"] == resident.id_number_masked
    assert number not in response.content.decode()
    assert "13900001111" not in response.content.decode()
    assert AuditEvent.objects.filter(action="registry.resident.create", object_id=str(resident.pk)).exists()


def test_create_resident_with_bad_checksum_is_422_and_saves_nothing(world, staff_a):
    good = make_id()
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    data = {"household": world.household1.pk, "name": "错号", "id_number": bad}
    response = post(bearer(staff_a), "/residents", data, accept_language="zh-hans")
    assert response.status_code == 422
    with translation.override("zh-hans"):  # the pages' message, in the language the client asked for
        message = str(idcard.MSG_CHECKSUM)
    assert {"field": "id_number", "message": message} in response.json()["detail"]
    assert not Resident.objects.filter(name="错号").exists()
    assert not AuditEvent.objects.filter(action="registry.resident.create", object_repr="错号").exists()


def test_create_child_needs_a_guardian(world, staff_a):
    client = bearer(staff_a)
    born = timezone.localdate().replace(year=timezone.localdate().year - 6, day=1)
    child = {"household": world.household1.pk, "name": "黄小宝", "id_number": make_id(born, "F")}
    refused = post(client, "/residents", child)
    assert refused.status_code == 422
    assert [e["field"] for e in refused.json()["detail"]] == ["guardian"]
    created = post(client, "/residents", child | {"guardian": world.head1.pk, "relation": "grandchild"})
    assert created.status_code == 201
    assert created.json()["is_minor"] is True
    assert created.json()["guardian_id"] == world.head1.pk


@pytest.mark.parametrize("guardian", ["resident_b", "resident2"])
def test_create_resident_guardian_must_live_in_the_household(world, staff_a, guardian):
    child = {"household": world.household1.pk, "name": "黄小宝", "birth_date": "2022-01-01", "gender": "F"}
    response = post(bearer(staff_a), "/residents", child | {"guardian": getattr(world, guardian).pk})
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "guardian"
    assert not Resident.objects.filter(name="黄小宝").exists()


def test_update_resident_keeps_id_and_phone_when_left_out(world, staff_a):
    before = Resident.objects.get(pk=world.head1.pk)
    veteran = Tag.objects.get(code="veteran", community=None)
    response = patch(bearer(staff_a), f"/residents/{world.head1.pk}", {"name": "黄秀芹", "tags": [veteran.pk]})
    assert response.status_code == 200
    after = Resident.objects.get(pk=world.head1.pk)
    assert after.name == "黄秀芹"
    assert (after.id_number_hash, after.phone_hash) == (before.id_number_hash, before.phone_hash)
    assert (after.birth_date, after.relation, after.status) == (before.birth_date, before.relation, before.status)
    assert [t["code"] for t in response.json()["tags"]] == ["veteran"]


def test_update_resident_new_id_brings_its_birth_date(world, staff_a):
    number = make_id(dt.date(1961, 1, 2), "F")
    response = patch(bearer(staff_a), f"/residents/{world.head1.pk}", {"id_number": number, "phone": ""})
    assert response.status_code == 200
    after = Resident.objects.get(pk=world.head1.pk)
    assert after.birth_date == dt.date(1961, 1, 2)
    assert after.phone_masked == "" == response.json()["phone_masked"]


def test_update_resident_refuses_bad_input_by_field(world, staff_a):
    response = patch(bearer(staff_a), f"/residents/{world.head1.pk}", {"phone": "12345"})
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["detail"]] == ["phone"]
    assert Resident.objects.get(pk=world.head1.pk).phone_masked == "138****1234"


def test_grid_worker_updates_a_resident_of_their_grid(world, grid_worker):
    response = patch(bearer(grid_worker), f"/residents/{world.head1.pk}", {"notes": "hearing aid"})
    assert response.status_code == 200
    assert response.json()["notes"] == "hearing aid"


def test_resident_filters(world, staff_a):
    born = timezone.localdate().replace(year=timezone.localdate().year - 5, day=1)
    child = make_resident(world.household1, name="黄小宝", birth_date=born, guardian=world.head1)
    services.update_resident(
        by=staff_a,
        resident=world.resident2,
        name=world.resident2.name,
        gender=None,
        birth_date=None,
        id_number=None,
        phone=None,
        relation=world.resident2.relation,
        guardian=None,
        guardian_name="",
        tags=[],
        notes="",
        status=Resident.Status.MOVED_OUT,
    )
    client = bearer(staff_a)
    assert ids(get(client, "/residents", minors="true")) == [child.pk]
    assert ids(get(client, "/residents", gender="M")) == [world.resident2.pk]
    assert ids(get(client, "/residents", status="moved_out")) == [world.resident2.pk]
    assert ids(get(client, "/residents", grid_group=world.group1.pk)) == [world.head1.pk, child.pk]
    assert ids(get(client, "/residents", age_min=60)) == [world.head1.pk]
    assert get(client, "/residents", gender="X").status_code == 422


def test_resident_pagination(world, staff_a):
    client = bearer(staff_a)
    page = get(client, "/residents", limit=1, offset=1)
    assert page.json()["count"] == 2
    assert ids(page) == [world.resident2.pk]
