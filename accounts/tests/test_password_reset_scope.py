"""A password reset hands over the login: staff reset only logins whose every role is theirs to manage."""

import pytest
from django.urls import reverse

from accounts.services import grant_role
from conftest import PASSWORD
from core.models import AuditEvent
from core.roles import Role
from registry.testing import make_user
from volunteering.models import Volunteer
from volunteering.testing import make_volunteer


@pytest.fixture
def county_admin_volunteering_in_a(world, county_admin):
    """The county admin is also a volunteer of community A, with the volunteer role there."""
    volunteer = make_volunteer(world.a, name="县里人", user=county_admin)
    grant_role(by=None, user=county_admin, role=Role.VOLUNTEER, org_unit=world.a)
    return volunteer


def test_staff_cannot_reset_a_county_admins_password_from_the_volunteer_page(
    login, staff_a, county_admin, county_admin_volunteering_in_a
):
    url = reverse("volunteering:volunteer-login-reset", args=[county_admin_volunteering_in_a.pk])
    response = login(staff_a).post(url)
    assert response.status_code == 403
    county_admin.refresh_from_db()
    assert county_admin.check_password(PASSWORD) and not county_admin.must_change_password
    assert not AuditEvent.objects.filter(action="accounts.user.reset_password").exists()


def test_staff_cannot_reset_it_from_the_people_page_either(
    login, staff_a, county_admin, county_admin_volunteering_in_a
):
    response = login(staff_a).post(reverse("accounts:password-reset", args=[county_admin.pk]))
    assert response.status_code in (403, 404)
    county_admin.refresh_from_db()
    assert county_admin.check_password(PASSWORD)


def test_staff_cannot_reset_a_site_admins_password(login, staff_a, world):
    admin = make_user("siteadmin", role=Role.VOLUNTEER, org_unit=world.a)
    admin.is_staff = True
    admin.save()
    make_volunteer(world.a, name="管理员", user=admin)
    volunteer = Volunteer.objects.get(user=admin)
    response = login(staff_a).post(reverse("volunteering:volunteer-login-reset", args=[volunteer.pk]))
    assert response.status_code == 403
    admin.refresh_from_db()
    assert admin.check_password(PASSWORD)


def test_staff_still_reset_a_volunteer_of_their_own_community(login, staff_a, world, vworld):
    url = reverse("volunteering:volunteer-login-reset", args=[vworld.member.pk])
    response = login(staff_a).post(url)
    assert response.status_code == 200
    vworld.member.user.refresh_from_db()
    assert vworld.member.user.must_change_password
    assert not vworld.member.user.check_password(PASSWORD)
