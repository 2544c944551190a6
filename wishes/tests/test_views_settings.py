"""The wall settings of a community: staff only, bounds explained at the fields, audited."""

import pytest
from django.urls import reverse

from accounts.services import grant_role
from core.models import AuditEvent
from core.roles import Role
from wishes.models import WishSettings

URL = reverse("wishes:wish-settings")


def values(**over):
    return {"value_cap": "300", "open_limit": "3", "claim_days": "10"} | over


def test_staff_see_the_defaults_and_change_them(login, staff_a, world):
    client = login(staff_a)
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["form"].initial == {"value_cap": 200, "open_limit": 2, "claim_days": 14}
    response = client.post(URL, values(), follow=True)
    saved = WishSettings.objects.get(community=world.a)
    assert (saved.value_cap, saved.open_limit, saved.claim_days) == (300, 3, 10)
    assert "are saved" in response.content.decode()
    assert AuditEvent.objects.filter(action="wishes.settings", actor=staff_a).exists()


def test_needs_login(client, world):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("persona", ["grid_worker", "county_admin", "resident_user", "volunteer"])
def test_others_get_403(login, persona, request):
    client = login(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 403
    assert client.post(URL, values()).status_code == 403
    assert not WishSettings.objects.exists()


def test_other_community_cannot_be_chosen(login, staff_b, world):
    login(staff_b).post(URL, values(community=world.a.pk))
    assert not WishSettings.objects.filter(community=world.a).exists()
    assert WishSettings.objects.get(community=world.b).value_cap == 300


@pytest.mark.parametrize(
    ("field", "value"), [("value_cap", "0"), ("value_cap", "5001"), ("open_limit", "21"), ("claim_days", "abc")]
)
def test_out_of_bounds_is_explained_at_the_field(login, staff_a, field, value):
    response = login(staff_a).post(URL, values(**{field: value}))
    assert response.status_code == 200 and field in response.context["form"].errors
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not WishSettings.objects.exists()


def test_staff_of_two_communities_choose_one(login, staff_a, world):
    grant_role(by=None, user=staff_a, role=Role.COMMUNITY_STAFF, org_unit=world.b)
    client = login(staff_a)
    response = client.get(URL, {"community": world.b.pk})
    assert response.context["community"] == world.b
    assert 'name="community"' in response.content.decode()
    client.post(URL, values(community=world.b.pk))
    assert WishSettings.objects.get().community == world.b
