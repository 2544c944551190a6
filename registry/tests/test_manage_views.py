import datetime as dt

from django.urls import reverse

from core.models import AuditEvent
from registry.models import GridUnit, OrgUnit, PartyMember, PartyOrg


def test_staff_add_a_building_to_a_compound(login, staff_a, world):
    response = login(staff_a).post(
        reverse("registry:org-unit-add", args=[world.compound.pk]), {"name": "3栋", "code": "A-JX-3"}
    )
    assert response.status_code == 302
    building = OrgUnit.objects.get(code="A-JX-3")
    assert (building.kind, building.parent, building.community) == (OrgUnit.Kind.BUILDING, world.compound, world.a)


def test_duplicate_code_is_refused_with_a_message(login, staff_a, world):
    response = login(staff_a).post(
        reverse("registry:org-unit-add", args=[world.a.pk]), {"name": "新小区", "code": world.compound.code}
    )
    assert response.status_code == 200
    assert "code" in response.context["form"].errors


def test_org_management_scoping(client, login, staff_b, county_admin, grid_worker, world):
    url = reverse("registry:org-unit-add", args=[world.compound.pk])
    assert client.get(url).status_code == 302
    assert login(staff_b).get(url).status_code == 404
    assert login(county_admin).get(url).status_code == 403
    assert login(grid_worker).get(url).status_code == 404  # a grid worker sees no org units


def test_staff_add_grid_group_to_a_zone(login, staff_a, world):
    response = login(staff_a).post(
        reverse("registry:grid-unit-add", args=[world.a.pk]),
        {"kind": "group", "name": "三组", "code": "G-3", "zone": world.zone.pk},
    )
    assert response.status_code == 302
    assert GridUnit.objects.get(code="G-3").parent == world.zone


def test_group_without_zone_is_refused(login, staff_a, world):
    response = login(staff_a).post(
        reverse("registry:grid-unit-add", args=[world.a.pk]), {"kind": "group", "name": "四组", "code": "G-4"}
    )
    assert "zone" in response.context["form"].errors
    assert not GridUnit.objects.filter(code="G-4").exists()


def test_found_a_provisional_branch_and_register_a_member(login, staff_a, world):
    client = login(staff_a)
    response = client.post(
        reverse("registry:party-org-add", args=[world.a.pk]),
        {
            "kind": "branch",
            "name": "锦绣小区党支部",
            "status": "provisional",
            "founded_on": "2016-03-01",
            "compound": world.compound.pk,
        },
    )
    assert response.status_code == 302
    branch = PartyOrg.objects.get(name="锦绣小区党支部")
    response = client.post(
        reverse("registry:party-member-add", args=[world.head1.pk]),
        {
            "resident": world.head1.pk,
            "kind": "retired",
            "party_org": branch.pk,
            "shows_identity": "on",
        },
    )
    assert response.status_code == 302
    member = PartyMember.objects.get(resident=world.head1)
    assert member.shows_identity
    client.post(reverse("registry:party-identity", args=[world.head1.pk]), {"shows": "0"})
    member.refresh_from_db()
    assert not member.shows_identity
    assert AuditEvent.objects.filter(action="registry.party_member.identity").exists()


def test_building_group_needs_a_building(login, staff_a, world):
    response = login(staff_a).post(
        reverse("registry:party-org-add", args=[world.a.pk]),
        {
            "kind": "group",
            "name": "1栋党小组",
            "status": "formal",
            "founded_on": dt.date(2018, 1, 1).isoformat(),
        },
    )
    assert "building" in response.context["form"].errors


def test_party_member_of_other_community_is_404(login, staff_b, world):
    assert login(staff_b).get(reverse("registry:party-member-add", args=[world.head1.pk])).status_code == 404


def test_staff_add_a_community_tag(login, staff_a, world):
    from registry.models import Tag

    url = reverse("registry:tag-list", args=[world.a.pk])
    response = login(staff_a).post(url, {"name": "重点关注", "name_en": "needs attention", "applies_to": "both"})
    assert response.status_code == 302
    tag = Tag.objects.get(name="重点关注")
    assert tag.community == world.a
    assert AuditEvent.objects.filter(action="registry.tag.create").exists()
    page = login(staff_a).get(url).content.decode()
    assert "重点关注" in page and "独居老人" in page


def test_duplicate_tag_name_is_refused(login, staff_a, world):
    response = login(staff_a).post(
        reverse("registry:tag-list", args=[world.a.pk]), {"name": "独居老人", "applies_to": "both"}
    )
    assert response.status_code == 200
    assert "name" in response.context["form"].errors


def test_tag_page_scoping(client, login, staff_b, county_admin, world):
    url = reverse("registry:tag-list", args=[world.a.pk])
    assert client.get(url).status_code == 302
    assert login(staff_b).get(url).status_code == 404
    assert login(county_admin).get(url).status_code == 200
    assert login(county_admin).post(url, {"name": "x", "applies_to": "both"}).status_code == 403
