import pytest
from django.urls import reverse

from accounts.models import RoleMembership
from core import pii
from core.idcard import normalize
from core.roles import Role
from registry.testing import make_id, make_user
from volunteering import services
from volunteering.models import Skill, TeamMembership, Volunteer
from volunteering.testing import make_volunteer

LIST = reverse("volunteering:volunteer-list")
CREATE = reverse("volunteering:volunteer-create")


def detail(volunteer):
    return reverse("volunteering:volunteer-detail", args=[volunteer.pk])


def decide(volunteer):
    return reverse("volunteering:volunteer-decide", args=[volunteer.pk])


def pending_sign_up(world, **kw):
    """A self sign-up with a login, as the public page makes it."""
    kw.setdefault("name", "郑报名")
    kw.setdefault("phone", "13911112222")
    return services.sign_up_volunteer(community=world.a, id_number=make_id(), password="a-long-passphrase-7", **kw)


# --- list -------------------------------------------------------------------------------------


def test_list_shows_the_community_volunteers(vworld, staff_a, login):
    response = login(staff_a).get(LIST)
    assert response.status_code == 200
    assert {v.name for v in response.context["page"]} == {"李队长", "陈志愿", "周青年"}
    html = response.content.decode()
    assert "治安巡逻队" in html and "137****" in html


def test_list_needs_login(client, vworld):
    response = client.get(LIST)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_other_community_lists_only_its_own(vworld, staff_b, login):
    assert [v.name for v in login(staff_b).get(LIST).context["page"]] == ["吴城北"]


def test_county_admin_lists_every_community_and_filters_by_one(vworld, county_admin, login):
    client = login(county_admin)
    assert client.get(LIST).context["page"].paginator.count == 4
    response = client.get(LIST, {"community": vworld.volunteer_b.community_id})
    assert [v.name for v in response.context["page"]] == ["吴城北"]
    assert "Register a volunteer" not in response.content.decode()


def test_leader_lists_their_team_and_a_volunteer_only_themselves(vworld, leader_user, volunteer, login):
    assert {v.name for v in login(leader_user).get(LIST).context["page"]} == {"李队长", "陈志愿"}
    assert [v.name for v in login(volunteer).get(LIST).context["page"]] == ["陈志愿"]


def test_list_filters(vworld, world, staff_a, login):
    doctor = Skill.objects.get(code="doctor", community=None)
    vworld.outsider.skills.add(doctor)
    pending = pending_sign_up(world)
    client = login(staff_a)

    def names(**params):
        return {v.name for v in client.get(LIST, params).context["page"]}

    assert names(status="pending") == {pending.name}
    assert names(team=vworld.patrol.pk) == {"李队长", "陈志愿"}
    assert names(skill=doctor.pk) == {"周青年"}
    assert names(q="志愿") == {"陈志愿"}
    assert names(q=vworld.member.number) == {"陈志愿"}
    assert names(q="13911112222") == {pending.name}
    # A team of another community is not a choice: ignored, not an error page.
    assert len(names(team=vworld.team_b.pk)) == 4


def test_list_query_count_is_pinned(vworld, world, staff_a, login, django_assert_num_queries):
    client = login(staff_a)
    # session, user, memberships (scope), own volunteer (menu), communities, teams, skills (filter bar),
    # count, page, the page's teams
    with django_assert_num_queries(10):
        client.get(LIST)
    for n in range(6):
        make_volunteer(world.a, name=f"王{n}", teams=(vworld.patrol, vworld.youth))
    with django_assert_num_queries(10):
        response = client.get(LIST)
    assert response.context["page"].paginator.count == 9


# --- detail -----------------------------------------------------------------------------------


def test_detail_shows_profile_masked(vworld, staff_a, login):
    response = login(staff_a).get(detail(vworld.member))
    assert response.status_code == 200
    html = response.content.decode()
    assert vworld.member.number in html
    assert vworld.member.id_number_masked in html and vworld.member.phone_masked in html
    full_phone = f"137{vworld.member.phone_masked[-4:]}"
    assert "****" in vworld.member.id_number_masked and full_phone not in html.replace(vworld.member.phone_masked, "")
    assert "治安巡逻队" in html


def test_detail_needs_login(client, vworld):
    assert client.get(detail(vworld.member)).status_code == 302


def test_detail_of_other_community_is_404(vworld, staff_b, login):
    assert login(staff_b).get(detail(vworld.member)).status_code == 404


def test_volunteer_sees_only_their_own_detail(vworld, volunteer, login):
    client = login(volunteer)
    assert client.get(detail(vworld.member)).status_code == 200
    assert client.get(detail(vworld.leader)).status_code == 404


def test_leader_sees_their_members_only(vworld, leader_user, login):
    client = login(leader_user)
    assert client.get(detail(vworld.member)).status_code == 200
    assert client.get(detail(vworld.outsider)).status_code == 404


def test_detail_links_the_resident_record(vworld, world, staff_a, login):
    resident = world.resident2
    id_number = normalize(pii.decrypt(resident.id_number_enc))
    linked = services.register_volunteer(
        by=staff_a, community=world.a, name=resident.name, phone="13600001234", id_number=id_number
    )
    assert linked.resident == resident
    html = login(staff_a).get(detail(linked)).content.decode()
    assert reverse("registry:resident-detail", args=[resident.pk]) in html


# --- approval -------------------------------------------------------------------------------------


def test_staff_approve_a_sign_up_and_its_login_gets_the_volunteer_role(vworld, world, staff_a, login):
    applicant = pending_sign_up(world, teams=[vworld.patrol])
    client = login(staff_a)
    assert "Decide this sign-up" in client.get(detail(applicant)).content.decode()
    response = client.post(decide(applicant), {"decision": "approve"})
    assert response.status_code == 302
    applicant.refresh_from_db()
    assert applicant.status == Volunteer.Status.ACTIVE
    assert RoleMembership.objects.filter(user=applicant.user, role=Role.VOLUNTEER, org_unit=world.a).exists()
    # The request to join the team still waits for the team's leader.
    assert applicant.team_memberships.get().status == TeamMembership.Status.REQUESTED


def test_rejecting_needs_a_reason(vworld, world, staff_a, login):
    applicant = pending_sign_up(world)
    client = login(staff_a)
    response = client.post(decide(applicant), {"decision": "reject", "reason": ""})
    assert response.status_code == 200
    assert "Say why the registration is not approved" in response.content.decode()
    client.post(decide(applicant), {"decision": "reject", "reason": "不在本社区居住"})
    applicant.refresh_from_db()
    assert (applicant.status, applicant.rejection_reason) == (Volunteer.Status.REJECTED, "不在本社区居住")
    assert not RoleMembership.objects.filter(user=applicant.user, role=Role.VOLUNTEER).exists()


def test_deciding_is_refused_to_read_only_and_other_roles(vworld, world, county_admin, staff_b, leader_user, login):
    applicant = pending_sign_up(world)
    assert login(county_admin).post(decide(applicant), {"decision": "approve"}).status_code == 403
    assert login(staff_b).post(decide(applicant), {"decision": "approve"}).status_code == 404
    assert login(leader_user).post(decide(vworld.member), {"decision": "approve"}).status_code == 403
    applicant.refresh_from_db()
    assert applicant.status == Volunteer.Status.PENDING


def test_deciding_twice_is_shown_not_crashed(vworld, world, staff_a, login):
    applicant = pending_sign_up(world)
    client = login(staff_a)
    client.post(decide(applicant), {"decision": "approve"})
    response = client.post(decide(applicant), {"decision": "approve"}, follow=True)
    assert "already been decided" in response.content.decode()


# --- registering on the spot ----------------------------------------------------------------------


def test_staff_register_a_volunteer_on_the_spot(vworld, world, staff_a, login):
    client = login(staff_a)
    form = client.get(CREATE).context["form"]
    assert "community" not in form.fields  # one community: nothing to choose
    data = {
        "name": "孙现场",
        "phone": "13700001111",
        "id_type": "resident_id",
        "id_number": make_id(),
        "political_status": "party_member",
        "teams": [vworld.youth.pk],
        "skills": [Skill.objects.get(code="teacher", community=None).pk],
    }
    response = client.post(CREATE, data)
    volunteer = Volunteer.objects.get(name="孙现场")
    assert response.status_code == 302 and response["Location"] == detail(volunteer)
    assert volunteer.status == Volunteer.Status.ACTIVE and volunteer.community == world.a
    assert volunteer.team_memberships.get().status == TeamMembership.Status.ACTIVE


def test_register_refusals_are_shown_by_field_and_nothing_is_lost(vworld, staff_a, login):
    response = login(staff_a).post(
        CREATE,
        {
            "name": "孙现场",
            "phone": "123",
            "id_type": "resident_id",
            "id_number": "350926199001011234",
            "political_status": "masses",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) >= {"phone", "id_number"}
    assert 'value="孙现场"' in response.content.decode()
    assert not Volunteer.objects.filter(name="孙现场").exists()


def test_register_is_refused_without_the_right(vworld, county_admin, leader_user, login):
    assert login(county_admin).get(CREATE).status_code == 403
    assert login(leader_user).get(CREATE).status_code == 403


@pytest.fixture
def second_community_staff(world):
    """Staff over two communities see a community choice."""
    user = make_user("staff_ab", role=Role.COMMUNITY_STAFF, org_unit=world.a)
    from accounts.services import grant_role

    grant_role(by=None, user=user, role=Role.COMMUNITY_STAFF, org_unit=world.b)
    return user


def test_staff_of_two_communities_choose_one(vworld, world, second_community_staff, login):
    client = login(second_community_staff)
    data = {
        "community": world.b.pk,
        "name": "钱双区",
        "phone": "13700002222",
        "id_type": "resident_id",
        "id_number": make_id(),
        "political_status": "masses",
        "teams": [vworld.team_b.pk],
    }
    assert client.post(CREATE, data).status_code == 302
    assert Volunteer.objects.get(name="钱双区").community == world.b


def test_grid_worker_has_no_volunteering_scope(vworld, grid_worker, login):
    client = login(grid_worker)
    assert client.get(LIST).context["page"].paginator.count == 0
    assert client.get(detail(vworld.member)).status_code == 404
    assert client.get(CREATE).status_code == 403
    assert client.get(reverse("volunteering:record-create")).status_code == 403
