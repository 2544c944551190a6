import pytest
from django.urls import reverse

from registry import services
from registry.models import PartnerUnit

LIST = reverse("registry:partner-list")
CREATE = reverse("registry:partner-create")


@pytest.fixture
def partner(world):
    return services.create_partner_unit(
        by=None, county=world.county, name="县人社局", kind="agency", contact_phone="13912345678", communities=[world.a]
    )


def detail(unit):
    return reverse("registry:partner-detail", args=[unit.pk])


def test_list_shows_partners_with_masked_phone(world, staff_a, login, partner):
    response = login(staff_a).get(LIST)
    assert response.status_code == 200
    assert list(response.context["page"]) == [partner]
    html = response.content.decode()
    assert "139****5678" in html
    assert "13912345678" not in html


def test_list_needs_login(client, world):
    assert client.get(LIST).status_code == 302


def test_other_community_does_not_list_it(world, staff_b, login, partner):
    assert list(login(staff_b).get(LIST).context["page"]) == []


def test_county_admin_lists_it(world, county_admin, login, partner):
    assert list(login(county_admin).get(LIST).context["page"]) == [partner]


def test_detail(world, staff_a, county_admin, login, partner):
    response = login(staff_a).get(detail(partner))
    assert response.status_code == 200
    assert "城南社区" in response.content.decode()
    assert login(county_admin).get(detail(partner)).status_code == 200


def test_detail_of_other_community_is_404(world, staff_b, login, partner):
    assert login(staff_b).get(detail(partner)).status_code == 404


def test_detail_needs_login(client, world, partner):
    assert client.get(detail(partner)).status_code == 302


def test_staff_register_a_partner_in_their_county(world, staff_a, login):
    client = login(staff_a)
    assert client.get(CREATE).status_code == 200
    response = client.post(
        CREATE,
        {"name": "柘荣县供电公司", "kind": "enterprise", "contact_phone": "13800001111", "communities": [world.a.pk]},
    )
    unit = PartnerUnit.objects.get(name="柘荣县供电公司")
    assert response.status_code == 302
    assert response["Location"] == detail(unit)
    assert unit.county == world.county
    assert list(unit.communities.all()) == [world.a]
    assert unit.contact_phone_masked == "138****1111"


def test_create_errors_are_shown_and_nothing_saved(world, staff_a, login):
    client = login(staff_a)
    response = client.post(CREATE, {"name": "某公司", "kind": "enterprise", "contact_phone": "12"})
    errors = response.context["form"].errors
    assert "communities" in errors
    response = client.post(
        CREATE, {"name": "某公司", "kind": "enterprise", "contact_phone": "12", "communities": [world.a.pk]}
    )
    assert "contact_phone" in response.context["form"].errors
    assert not PartnerUnit.objects.filter(name="某公司").exists()


def test_create_cannot_choose_another_community(world, staff_a, login):
    response = login(staff_a).post(CREATE, {"name": "某公司", "kind": "enterprise", "communities": [world.b.pk]})
    assert "communities" in response.context["form"].errors


@pytest.mark.parametrize("persona", ["county_admin", "grid_worker"])
def test_create_needs_manage_rights(world, login, request, persona):
    client = login(request.getfixturevalue(persona))
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, {"name": "某公司", "kind": "enterprise", "communities": [world.a.pk]}).status_code == 403


def test_create_needs_login(client, world):
    assert client.get(CREATE).status_code == 302
