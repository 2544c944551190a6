import pytest
from django.urls import reverse

from accounts.models import RoleMembership, User
from core.models import AuditEvent
from core.roles import Role


def test_staff_list_people_of_their_community_only(login, staff_a, staff_b, grid_worker):
    page = login(staff_a).get(reverse("accounts:user-list")).content.decode()
    assert "grid_worker" in page and "staff_b" not in page


def test_people_pages_need_login_and_the_right_role(client, login, world, grid_worker, county_admin):
    assert client.get(reverse("accounts:user-list")).status_code == 302
    assert login(grid_worker).get(reverse("accounts:user-list")).status_code == 403
    assert login(county_admin).get(reverse("accounts:user-create")).status_code == 403


def test_staff_create_a_grid_worker_with_a_one_time_password(login, staff_a, world):
    response = login(staff_a).post(
        reverse("accounts:user-create"),
        {
            "username": "wang",
            "display_name": "王网格",
            "phone": "",
            "role": Role.GRID_WORKER,
            "grid_unit": world.group2.pk,
        },
    )
    assert response.status_code == 200
    person = User.objects.get(username="wang")
    assert person.must_change_password
    assert person.check_password(response.context["password"])
    assert RoleMembership.objects.get(user=person).grid_unit == world.group2
    assert AuditEvent.objects.filter(action="accounts.role.grant", object_id=str(person.pk)).exists()


def test_a_grid_role_needs_a_grid_area(login, staff_a, world):
    response = login(staff_a).post(
        reverse("accounts:user-create"),
        {"username": "li", "display_name": "李", "role": Role.GRID_WORKER, "org_unit": world.a.pk},
    )
    assert response.status_code == 200
    assert "grid_unit" in response.context["form"].errors
    assert not User.objects.filter(username="li").exists()  # nothing half-made


def test_staff_cannot_grant_in_another_community(login, staff_a, world):
    # B's grid group is not offered, and posting it anyway is refused without creating anyone.
    from registry.testing import make_grid_group

    b_group = make_grid_group(world.b)
    response = login(staff_a).post(
        reverse("accounts:user-create"),
        {"username": "zhao", "display_name": "赵", "role": Role.GRID_WORKER, "grid_unit": b_group.pk},
    )
    assert response.status_code == 200 and "grid_unit" in response.context["form"].errors
    assert not User.objects.filter(username="zhao").exists()


def test_other_community_person_is_404(login, staff_a, staff_b):
    assert login(staff_a).get(reverse("accounts:user-detail", args=[staff_b.pk])).status_code == 404


def test_revoke_and_reset(login, staff_a, grid_worker):
    client = login(staff_a)
    membership = grid_worker.memberships.get()
    client.post(reverse("accounts:role-revoke", args=[grid_worker.pk, membership.pk]))
    assert not RoleMembership.objects.filter(pk=membership.pk).exists()


def test_reset_password(login, staff_a, grid_worker):
    response = login(staff_a).post(reverse("accounts:password-reset", args=[grid_worker.pk]))
    grid_worker.refresh_from_db()
    assert grid_worker.must_change_password and grid_worker.check_password(response.context["password"])


@pytest.mark.parametrize("role", [Role.COUNTY_ADMIN, Role.TOWN_ADMIN, Role.RESIDENT])
def test_staff_cannot_hand_out_admin_or_resident_roles(login, staff_a, world, role):
    response = login(staff_a).post(
        reverse("accounts:user-create"), {"username": "x1", "display_name": "x", "role": role, "org_unit": world.a.pk}
    )
    assert "role" in response.context["form"].errors
