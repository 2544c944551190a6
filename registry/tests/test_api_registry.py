"""The registry API outside households and residents: auth, org tree, grid, tags, search, party, partners."""

import datetime as dt
import re

import pytest
from django.test import Client

from accounts.models import ApiToken
from accounts.services import issue_api_token, revoke_api_token
from config.api import api
from core.models import AuditEvent
from registry import services
from registry.models import PartnerUnit, PartyOrg
from registry.testing import make_party_branch
from registry.tests.test_api_helpers import API, as_user, bearer, full_id_number, get, ids, patch, post

# --- authentication ---------------------------------------------------------------------------


def test_token_and_session_both_work_and_nothing_else(world, staff_a):
    _, key = issue_api_token(by=staff_a, user=staff_a, name="ledger sync")
    assert Client(headers={"authorization": f"Bearer {key}"}).get("/api/v1/registry/tags").status_code == 200
    assert Client(headers={"authorization": "Bearer ll_not-a-real-key"}).get("/api/v1/registry/tags").status_code == 401
    assert Client().get("/api/v1/registry/tags").status_code == 401
    assert Client().get("/api/v1/registry/tags").json() == {"detail": "Unauthorized"}


def _operations() -> list[tuple[str, str]]:
    paths = api.get_openapi_schema()["paths"]
    return [(method, path) for path, ops in paths.items() if path.startswith(API + "/") for method in ops]


def test_every_registry_endpoint_needs_authentication(world):
    operations = _operations()
    assert len(operations) == 25
    client = Client()
    for method, path in operations:
        url = re.sub(r"\{\w+\}", str(world.household1.pk), path)
        response = getattr(client, method)(url, "{}" if method != "get" else None, content_type="application/json")
        assert response.status_code == 401, (method, path)
    assert not AuditEvent.objects.filter(action="registry.resident.reveal").exists()


def test_session_writes_need_the_csrf_token_and_tokens_do_not(world, staff_a):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(staff_a)
    refused = patch(browser, f"/households/{world.household1.pk}", {"notes": "x"})
    assert refused.status_code == 403
    world.household1.refresh_from_db()
    assert world.household1.notes == ""
    assert post(browser, "/households", {"building": world.a_building1.pk, "room": "9"}).status_code == 403
    assert patch(bearer(staff_a), f"/households/{world.household1.pk}", {"notes": "x"}).status_code == 200


def test_revoked_token_is_refused(world, staff_a):
    token, key = issue_api_token(by=staff_a, user=staff_a, name="old script")
    client = Client(headers={"authorization": f"Bearer {key}"})
    assert get(client, "/households").status_code == 200
    revoke_api_token(by=staff_a, token=token)
    assert get(client, "/households").status_code == 401


def test_token_of_an_inactive_user_is_refused(world, staff_a):
    client = bearer(staff_a)
    staff_a.is_active = False
    staff_a.save(update_fields=["is_active"])
    assert get(client, "/households").status_code == 401


def test_token_use_is_recorded(world, staff_a):
    client = bearer(staff_a)
    get(client, "/tags")
    assert ApiToken.objects.get(user=staff_a).last_used_at is not None


def test_roles_without_registry_access_see_empty_lists(world, volunteer):
    client = bearer(volunteer)
    assert get(client, "/households").json() == {"items": [], "count": 0}
    assert get(client, "/residents").json()["count"] == 0
    assert get(client, f"/households/{world.household1.pk}").status_code == 404


# --- org tree and grid ---------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["bearer", "session"])
def test_org_units(world, staff_a, how):
    client = as_user(staff_a, how)
    listing = get(client, "/org-units", limit=200)
    assert listing.status_code == 200
    assert set(ids(listing)) == {world.a.pk, world.compound.pk, world.a_building1.pk, world.a_building2.pk}
    assert ids(get(client, "/org-units", kind="building")) == [world.a_building1.pk, world.a_building2.pk]
    assert ids(get(client, "/org-units", parent=world.a.pk)) == [world.compound.pk]
    detail = get(client, f"/org-units/{world.a_building1.pk}")
    assert detail.json()["kind"] == "building"
    assert detail.json()["community_id"] == world.a.pk


def test_org_units_are_scoped(world, staff_b, county_admin, grid_worker):
    assert get(bearer(staff_b), f"/org-units/{world.a.pk}").status_code == 404
    assert world.a.pk not in ids(get(bearer(staff_b), "/org-units"))
    assert {world.a.pk, world.b.pk} <= set(ids(get(bearer(county_admin), "/org-units", kind="community")))
    assert get(bearer(grid_worker), "/org-units").json()["count"] == 0
    assert get(Client(), "/org-units").status_code == 401


@pytest.mark.parametrize("how", ["bearer", "session"])
def test_grid_units(world, staff_a, how):
    client = as_user(staff_a, how)
    assert set(ids(get(client, "/grid-units"))) == {world.zone.pk, world.group1.pk, world.group2.pk}
    assert set(ids(get(client, "/grid-units", kind="group"))) == {world.group1.pk, world.group2.pk}
    assert ids(get(client, "/grid-units", kind="zone")) == [world.zone.pk]
    assert set(ids(get(client, "/grid-units", parent=world.zone.pk))) == {world.group1.pk, world.group2.pk}
    group = get(client, f"/grid-units/{world.group1.pk}").json()
    assert (group["kind"], group["parent_id"], group["household_count"]) == ("group", world.zone.pk, 1)
    assert get(client, f"/grid-units/{world.zone.pk}").json()["household_count"] == 2


def test_grid_units_are_scoped(world, staff_b, grid_worker):
    assert get(bearer(staff_b), f"/grid-units/{world.group1.pk}").status_code == 404
    assert get(bearer(staff_b), "/grid-units").json()["count"] == 0
    assert ids(get(bearer(grid_worker), "/grid-units")) == [world.group1.pk]
    assert get(bearer(grid_worker), f"/grid-units/{world.group2.pk}").status_code == 404
    assert get(Client(), f"/grid-units/{world.group1.pk}").status_code == 401


# --- tags ----------------------------------------------------------------------------------------


def test_tags_are_builtin_and_own_communitys(world, staff_a, staff_b, grid_worker):
    a_tag = services.create_tag(by=staff_a, community=world.a, name="楼道长")
    b_tag = services.create_tag(by=staff_b, community=world.b, name="北苑楼长")
    for user in (staff_a, grid_worker):
        tags = get(bearer(user), "/tags").json()
        codes = {t["code"] for t in tags}
        assert {"elderly-alone", "rental", a_tag.code} <= codes
        assert b_tag.pk not in {t["id"] for t in tags}
    assert a_tag.pk not in {t["id"] for t in get(bearer(staff_b), "/tags").json()}


# --- search --------------------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["bearer", "session"])
def test_search_finds_residents_and_households_in_scope(world, staff_a, how):
    client = as_user(staff_a, how)
    by_name = get(client, "/search", q="zxm").json()
    assert [r["name"] for r in by_name["residents"]] == ["曾小明"]
    by_phone = get(client, "/search", q="1234")
    assert [r["id"] for r in by_phone.json()["residents"]] == [world.head1.pk]
    assert "13805931234" not in by_phone.content.decode()
    by_address = get(client, "/search", q="2栋").json()
    assert [h["id"] for h in by_address["households"]] == [world.household2.pk]
    full = get(client, "/search", q=full_id_number(world.head1))
    assert [r["id"] for r in full.json()["residents"]] == [world.head1.pk]
    assert full_id_number(world.head1) not in full.content.decode()


def test_search_is_scoped(world, staff_b, grid_worker):
    assert get(bearer(staff_b), "/search", q="hxq").json() == {"residents": [], "households": []}
    assert get(bearer(grid_worker), "/search", q="zxm").json()["residents"] == []
    assert [r["name"] for r in get(bearer(grid_worker), "/search", q="hxq").json()["residents"]] == ["黄秀琴"]
    assert get(bearer(staff_b), "/search").status_code == 422
    assert get(Client(), "/search", q="hxq").status_code == 401


# --- party organisation -----------------------------------------------------------------------------


@pytest.fixture
def branch(world):
    branch = make_party_branch(world.a, world.compound, status=PartyOrg.Status.PROVISIONAL)
    services.register_party_member(by=None, resident=world.head1, party_org=branch, kind="registered")
    return branch


@pytest.mark.parametrize("how", ["bearer", "session"])
def test_party_orgs(world, staff_a, branch, how):
    client = as_user(staff_a, how)
    assert ids(get(client, "/party-orgs")) == [branch.pk]
    assert ids(get(client, "/party-orgs", status="formal")) == []
    detail = get(client, f"/party-orgs/{branch.pk}").json()
    assert (detail["kind"], detail["status"], detail["compound_id"]) == ("branch", "provisional", world.compound.pk)
    assert [(m["name"], m["kind"]) for m in detail["members"]] == [("黄秀琴", "registered")]


def test_party_orgs_are_scoped(world, staff_b, county_admin, branch):
    assert get(bearer(staff_b), f"/party-orgs/{branch.pk}").status_code == 404
    assert get(bearer(staff_b), "/party-orgs").json()["count"] == 0
    assert ids(get(bearer(county_admin), "/party-orgs")) == [branch.pk]
    assert get(Client(), "/party-orgs").status_code == 401


def test_formalize_branch(world, staff_a, branch):
    response = post(bearer(staff_a), f"/party-orgs/{branch.pk}/formalize", {"on": "2020-07-01"})
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["formalized_on"]) == ("formal", "2020-07-01")
    branch.refresh_from_db()
    assert branch.formalized_on == dt.date(2020, 7, 1)
    assert AuditEvent.objects.filter(action="registry.party_org.formalize", object_id=str(branch.pk)).exists()


def test_formalize_refusals(world, staff_a, staff_b, county_admin, branch):
    too_early = post(bearer(staff_a), f"/party-orgs/{branch.pk}/formalize", {"on": "2000-01-01"})
    assert too_early.status_code == 422
    assert [e["field"] for e in too_early.json()["detail"]] == ["on"]
    assert post(bearer(county_admin), f"/party-orgs/{branch.pk}/formalize", {"on": "2020-07-01"}).status_code == 403
    assert post(bearer(staff_b), f"/party-orgs/{branch.pk}/formalize", {"on": "2020-07-01"}).status_code == 404
    assert post(Client(), f"/party-orgs/{branch.pk}/formalize", {"on": "2020-07-01"}).status_code == 401
    branch.refresh_from_db()
    assert branch.status == PartyOrg.Status.PROVISIONAL
    assert post(bearer(staff_a), f"/party-orgs/{branch.pk}/formalize", {"on": "2020-07-01"}).status_code == 200
    again = post(bearer(staff_a), f"/party-orgs/{branch.pk}/formalize", {"on": "2020-07-02"})
    assert again.status_code == 422
    assert again.json()["detail"][0]["field"] is None


# --- partner units -----------------------------------------------------------------------------------


@pytest.fixture
def partner(world):
    return services.create_partner_unit(
        by=None,
        county=world.county,
        name="县人社局",
        kind="agency",
        contact_phone="13805930000",
        communities=[world.a, world.b],
    )


@pytest.mark.parametrize("how", ["bearer", "session"])
def test_partner_units(world, staff_a, partner, how):
    client = as_user(staff_a, how)
    listing = get(client, "/partner-units")
    assert ids(listing) == [partner.pk]
    detail = get(client, f"/partner-units/{partner.pk}")
    assert detail.json()["contact_phone_masked"] == "138****0000"
    assert "13805930000" not in listing.content.decode() + detail.content.decode()
    # It co-builds with B too, but staff of A are told only about A.
    assert detail.json()["community_ids"] == [world.a.pk]


def test_partner_units_are_scoped(world, staff_b, grid_worker):
    only_a = services.create_partner_unit(
        by=None, county=world.county, name="城南物业", kind="enterprise", communities=[world.a]
    )
    assert get(bearer(staff_b), f"/partner-units/{only_a.pk}").status_code == 404
    assert get(bearer(staff_b), "/partner-units").json()["count"] == 0
    assert get(bearer(grid_worker), "/partner-units").json()["count"] == 0
    assert get(Client(), "/partner-units").status_code == 401


def test_create_partner_unit(world, staff_a):
    data = {"name": "县供电公司", "kind": "enterprise", "contact_phone": "0593-1234567", "communities": [world.a.pk]}
    response = post(bearer(staff_a), "/partner-units", data)
    assert response.status_code == 201
    unit = PartnerUnit.objects.get(pk=response.json()["id"])
    assert (unit.county, list(unit.communities.all())) == (world.county, [world.a])
    assert response.json()["community_ids"] == [world.a.pk]
    duplicate = post(bearer(staff_a), "/partner-units", data)
    assert duplicate.status_code == 422
    assert duplicate.json()["detail"][0]["field"] == "name"


def test_create_partner_unit_refusals(world, staff_b, county_admin):
    data = {"name": "县供电公司", "kind": "enterprise", "communities": [world.a.pk]}
    assert post(bearer(staff_b), "/partner-units", data).status_code == 404
    assert post(bearer(county_admin), "/partner-units", data).status_code == 403
    assert post(bearer(staff_b), "/partner-units", data | {"communities": []}).status_code == 422
    assert post(Client(), "/partner-units", data).status_code == 401
    assert not PartnerUnit.objects.filter(name="县供电公司").exists()
