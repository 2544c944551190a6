"""Staff give a volunteer (or a team leader) their login from the volunteer page, and reset it.

The login is linked to the volunteer record, and to the resident record when the volunteer is a
registered resident, with the roles those records give; a leader's rights follow from leading.
"""

import pytest
from django.urls import reverse

from accounts.models import RoleMembership, User
from core.models import AuditEvent
from core.roles import Role
from core.scoping import scope_for
from registry.testing import make_id, make_resident
from volunteering import services
from volunteering.models import TeamMembership, Volunteer
from volunteering.testing import make_leader, make_volunteer
from volunteering.tests.test_api_helpers import bearer, post


def detail(volunteer):
    return reverse("volunteering:volunteer-detail", args=[volunteer.pk])


def login_url(volunteer):
    return reverse("volunteering:volunteer-login", args=[volunteer.pk])


def login_form_in(html: str, volunteer) -> bool:
    return f'action="{login_url(volunteer)}"' in html


def reset_url(volunteer):
    return reverse("volunteering:volunteer-login-reset", args=[volunteer.pk])


@pytest.fixture
def leader_without_login(world, vworld):
    """A second leader of the patrol team who has never had a login."""
    volunteer = make_volunteer(world.a, name="王队长", teams=(vworld.patrol,))
    make_leader(vworld.patrol, volunteer)
    return volunteer


def resident_volunteer(world, **kw):
    """A registered resident of household 2 who is also a volunteer, linked by the ID number."""
    number = make_id()
    resident = make_resident(world.household2, name="郑居民", id_number=number)
    volunteer = services.register_volunteer(
        by=None, community=world.a, name="郑居民", phone="13700001111", id_number=number, **kw
    )
    assert volunteer.resident == resident
    return services.decide_registration(by=None, volunteer=volunteer, approve=True)


def test_staff_give_a_leader_their_login_linked_to_the_volunteer_record(vworld, leader_without_login, staff_a, login):
    client = login(staff_a)
    page = client.get(detail(leader_without_login)).content.decode()
    assert login_form_in(page, leader_without_login)
    response = client.post(login_url(leader_without_login), {"username": "wangduizhang"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    password = response.context["password"]
    assert password in response.content.decode()
    user = User.objects.get(username="wangduizhang")
    leader_without_login.refresh_from_db()
    assert leader_without_login.user == user
    assert user.display_name == "王队长"
    assert user.must_change_password and user.check_password(password)
    assert set(RoleMembership.objects.filter(user=user).values_list("role", "org_unit")) == {
        (Role.VOLUNTEER, vworld.patrol.community_id)
    }
    actions = list(AuditEvent.objects.filter(actor=staff_a).order_by("pk").values_list("action", flat=True))
    assert actions == ["accounts.user.create", "volunteering.volunteer.login", "accounts.role.grant"]
    # The leadership gives the new login the team's requests at once: no role to add by hand.
    assert vworld.patrol.pk in scope_for(User.objects.get(pk=user.pk)).areas.get("volunteering.record")["team"]


def test_a_fresh_leader_login_opens_and_decides_the_join_requests(vworld, leader_without_login, staff_a, login):
    login(staff_a).post(login_url(leader_without_login), {"username": "wangduizhang"})
    request = services.request_to_join(by=None, volunteer=vworld.outsider, team=vworld.patrol)
    leader = User.objects.get(username="wangduizhang")
    leader.must_change_password = False
    leader.save(update_fields=["must_change_password"])
    client = login(leader)
    team_page = client.get(reverse("volunteering:team-detail", args=[vworld.patrol.pk]))
    assert team_page.status_code == 200
    assert list(team_page.context["requests"]) == [request]
    decide = reverse("volunteering:membership-decide", args=[vworld.patrol.pk, request.pk])
    assert client.post(decide, {"decision": "accept"}).status_code == 302
    request.refresh_from_db()
    assert request.status == TeamMembership.Status.ACTIVE


def test_a_volunteer_who_is_a_resident_gets_one_login_linked_to_both(world, staff_a, login):
    volunteer = resident_volunteer(world)
    login(staff_a).post(login_url(volunteer), {"username": "zhengjumin"})
    user = User.objects.get(username="zhengjumin")
    volunteer.refresh_from_db()
    assert volunteer.user == user
    assert user.resident == volunteer.resident
    assert RoleMembership.objects.filter(user=user, role=Role.RESIDENT, household=world.household2).exists()
    assert RoleMembership.objects.filter(user=user, role=Role.VOLUNTEER, org_unit=world.a).exists()


def test_the_resident_page_links_the_login_to_the_volunteer_record_too(world, staff_a, login):
    volunteer = resident_volunteer(world)
    url = reverse("registry:resident-account", args=[volunteer.resident_id])
    assert login(staff_a).post(url, {"username": "zhengjumin"}).status_code == 200
    user = User.objects.get(username="zhengjumin")
    volunteer.refresh_from_db()
    assert volunteer.user == user
    assert user.resident_id == volunteer.resident_id
    assert RoleMembership.objects.filter(user=user, role=Role.VOLUNTEER, org_unit=world.a).exists()
    assert AuditEvent.objects.filter(action="volunteering.volunteer.login", object_id=str(volunteer.pk)).exists()


def test_a_resident_whose_volunteer_record_has_a_login_is_offered_no_second_one(world, staff_a, login):
    volunteer = resident_volunteer(world)
    login(staff_a).post(login_url(volunteer), {"username": "zhengjumin"})
    client = login(staff_a)
    html = client.get(reverse("registry:resident-detail", args=[volunteer.resident_id])).content.decode()
    assert "zhengjumin" in html
    assert reverse("registry:resident-account", args=[volunteer.resident_id]) not in html
    client.post(reverse("registry:resident-account", args=[volunteer.resident_id]), {"username": "another"})
    assert not User.objects.filter(username="another").exists()


def test_a_pending_applicant_gets_the_volunteer_role_when_approved(world, staff_a, login):
    volunteer = services.register_volunteer(
        by=None, community=world.a, name="郑报名", phone="13911112222", id_number=make_id()
    )
    assert volunteer.status == Volunteer.Status.PENDING
    login(staff_a).post(login_url(volunteer), {"username": "zhengbaoming"})
    user = User.objects.get(username="zhengbaoming")
    assert not RoleMembership.objects.filter(user=user).exists()
    services.approve_volunteer(by=staff_a, volunteer=volunteer)
    assert RoleMembership.objects.filter(user=user, role=Role.VOLUNTEER, org_unit=world.a).exists()


def test_a_volunteer_with_a_login_is_offered_a_password_reset_instead(vworld, staff_a, volunteer, login):
    client = login(staff_a)
    html = client.get(detail(vworld.member)).content.decode()
    assert not login_form_in(html, vworld.member)
    assert reset_url(vworld.member) in html
    response = client.post(login_url(vworld.member), {"username": "second"})
    assert response.status_code == 200
    assert "already has a login" in response.content.decode()
    assert not User.objects.filter(username="second").exists()
    reset = client.post(reset_url(vworld.member))
    assert reset.status_code == 200
    assert "no-store" in reset["Cache-Control"]
    volunteer.refresh_from_db()
    assert volunteer.must_change_password
    assert volunteer.check_password(reset.context["password"])
    assert AuditEvent.objects.filter(action="accounts.user.reset_password", object_id=str(volunteer.pk)).exists()


def test_a_taken_username_lands_on_the_field_and_nothing_is_made(vworld, leader_without_login, staff_a, login):
    response = login(staff_a).post(login_url(leader_without_login), {"username": "staff_a"})
    assert response.status_code == 200
    assert "username" in response.context["login_form"].errors
    leader_without_login.refresh_from_db()
    assert leader_without_login.user is None


def test_leaders_and_volunteers_get_403(vworld, leader_without_login, leader_user, volunteer, login):
    assert login(leader_user).post(login_url(leader_without_login), {"username": "x1"}).status_code == 403
    assert login(leader_user).post(reset_url(vworld.member)).status_code == 403
    assert login(volunteer).post(login_url(vworld.member), {"username": "x2"}).status_code == 403
    # The leader sees their member's page, without the staff's login section.
    page = login(leader_user).get(detail(leader_without_login))
    assert page.status_code == 200
    assert not login_form_in(page.content.decode(), leader_without_login)
    assert not User.objects.filter(username__in=["x1", "x2"]).exists()


def test_other_community_gets_404(vworld, leader_without_login, staff_b, login):
    assert login(staff_b).post(login_url(leader_without_login), {"username": "b1"}).status_code == 404
    assert login(staff_b).post(reset_url(vworld.member)).status_code == 404


def test_post_only_and_needs_login(client, vworld, leader_without_login, staff_a, login):
    assert client.post(login_url(leader_without_login), {"username": "x1"}).status_code == 302
    assert login(staff_a).get(login_url(leader_without_login)).status_code == 405
    assert login(staff_a).get(reset_url(vworld.member)).status_code == 405


# --- the same write through the API ---------------------------------------------------------------


def test_api_gives_the_login_through_the_same_service(vworld, leader_without_login, staff_a):
    response = post(bearer(staff_a), f"/volunteers/{leader_without_login.pk}/login", {"username": "wangduizhang"})
    assert response.status_code == 201
    body = response.json()
    user = User.objects.get(username="wangduizhang")
    assert body["username"] == "wangduizhang" and user.check_password(body["password"])
    leader_without_login.refresh_from_db()
    assert leader_without_login.user == user
    assert user.must_change_password
    assert RoleMembership.objects.filter(user=user, role=Role.VOLUNTEER, org_unit=vworld.patrol.community).exists()
    again = post(bearer(staff_a), f"/volunteers/{leader_without_login.pk}/login", {"username": "other"})
    assert again.status_code == 422


def test_api_login_scope(vworld, leader_without_login, staff_b, leader_user):
    assert post(bearer(staff_b), f"/volunteers/{leader_without_login.pk}/login", {"username": "b1"}).status_code == 404
    assert (
        post(bearer(leader_user), f"/volunteers/{leader_without_login.pk}/login", {"username": "l1"}).status_code == 403
    )
    assert not User.objects.filter(username__in=["b1", "l1"]).exists()


def test_a_resident_who_already_logs_in_keeps_that_login_as_a_volunteer(world, staff_a, login):
    """The login came first (from the resident page); the volunteer record made later adopts it."""
    number = make_id()
    resident = make_resident(world.household2, name="郑居民", id_number=number)
    assert (
        login(staff_a).post(reverse("registry:resident-account", args=[resident.pk]), {"username": "zjm"}).status_code
        == 200
    )
    user = User.objects.get(username="zjm")
    volunteer = services.register_volunteer(
        by=staff_a, community=world.a, name="郑居民", phone="13700001111", id_number=number
    )
    assert volunteer.user == user
    assert RoleMembership.objects.filter(user=user, role=Role.VOLUNTEER, org_unit=world.a).exists()
    assert AuditEvent.objects.filter(action="accounts.role.grant").exists()
