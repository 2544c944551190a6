"""The API's sign-up and approval go the page's way: the same form with its limits, the same services."""

from accounts.models import RoleMembership
from core.models import AuditEvent
from core.roles import Role
from registry.testing import make_id, make_user
from volunteering import services
from volunteering.models import Volunteer
from volunteering.tests.test_api_helpers import bearer, post


def sign_up(world, **kw) -> dict:
    return {"community_code": world.a.code, "name": "郑报名", "phone": "13911112222", "id_number": make_id(), **kw}


def test_api_sign_up_counts_against_the_same_phone_limit_as_the_page(vworld, world, staff_a):
    services.update_volunteering_settings(by=staff_a, community=world.a, signup_limit=1)
    first = post(bearer(make_user("first")), "/volunteers/sign-up", sign_up(world))
    assert first.status_code == 201
    second = post(bearer(make_user("second")), "/volunteers/sign-up", sign_up(world, name="再试"))
    assert second.status_code == 422
    assert "too many sign-ups" in second.json()["detail"][0]["message"]
    assert not Volunteer.objects.filter(name="再试").exists()


def test_api_approval_gives_the_volunteer_role_and_its_audit_row(vworld, world, staff_a):
    applicant = make_user("applicant")
    volunteer = services.sign_up_volunteer(
        community=world.a, user=applicant, name="郑报名", phone="13911112222", id_number=make_id()
    )
    response = post(bearer(staff_a), f"/volunteers/{volunteer.pk}/approve")
    assert response.status_code == 200
    assert RoleMembership.objects.filter(user=applicant, role=Role.VOLUNTEER, org_unit=world.a).exists()
    assert AuditEvent.objects.filter(action="accounts.role.grant", actor=staff_a, object_id=str(applicant.pk)).exists()
