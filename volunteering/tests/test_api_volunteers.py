"""Volunteers through the API: listing and detail masked and scoped, registration, approval, "me"."""

import datetime as dt

import pytest
from django.test import Client

from core.models import AuditEvent
from registry.testing import make_id, make_user
from volunteering.models import Skill, TeamMembership, Volunteer
from volunteering.tests.test_api_helpers import API, as_user, bearer, get, ids, post, recorded, secrets_of


def new_volunteer(community, **kw) -> dict:
    return {"community": community.pk, "name": "郑新", "phone": "13912345678", "id_number": make_id(), **kw}


@pytest.mark.parametrize("how", ["bearer", "session"])
def test_staff_list_and_read_volunteers_masked(vworld, staff_a, how):
    client = as_user(staff_a, how)
    listing = get(client, "/volunteers")
    assert listing.status_code == 200
    assert set(ids(listing)) == {vworld.leader.pk, vworld.member.pk, vworld.outsider.pk}
    detail = get(client, f"/volunteers/{vworld.member.pk}")
    assert detail.status_code == 200
    body = detail.json()
    assert body["number"] == vworld.member.number
    assert body["id_number_masked"] == vworld.member.id_number_masked
    assert body["phone_masked"] == vworld.member.phone_masked
    assert [t["team_name"] for t in body["teams"]] == ["治安巡逻队"]
    assert body["star_level"] == 0
    for response in (listing, detail):
        for secret in secrets_of(vworld.member):
            assert secret not in response.content.decode()


def test_volunteer_filters(vworld, staff_a):
    client = bearer(staff_a)
    doctor = Skill.objects.get(code="doctor", community=None)
    vworld.outsider.skills.add(doctor)
    assert ids(get(client, "/volunteers", team=vworld.patrol.pk)) == [vworld.leader.pk, vworld.member.pk]
    assert ids(get(client, "/volunteers", skill=doctor.pk)) == [vworld.outsider.pk]
    assert ids(get(client, "/volunteers", q="周")) == [vworld.outsider.pk]
    assert ids(get(client, "/volunteers", q=vworld.member.number)) == [vworld.member.pk]
    # As on the page, a whole phone number finds its volunteer by the keyed hash.
    assert ids(get(client, "/volunteers", q=secrets_of(vworld.outsider)[1])) == [vworld.outsider.pk]
    assert ids(get(client, "/volunteers", status="pending")) == []


def test_volunteer_list_query_count_is_fixed(vworld, staff_a, django_assert_num_queries):
    client = bearer(staff_a)
    get(client, "/volunteers")  # warm the token's last-used stamp
    # token + user, memberships (scope), team areas, count, page, skills, active memberships
    with django_assert_num_queries(7):
        response = get(client, "/volunteers")
    assert response.json()["count"] == 3


def test_volunteer_endpoints_need_login(vworld):
    client = Client()
    assert get(client, "/volunteers").status_code == 401
    assert get(client, f"/volunteers/{vworld.member.pk}").status_code == 401
    assert post(client, "/volunteers", new_volunteer(vworld.patrol.community)).status_code == 401
    assert post(client, f"/volunteers/{vworld.member.pk}/approve").status_code == 401
    assert get(client, "/me").status_code == 401


def test_other_community_gets_404(vworld, staff_b):
    client = bearer(staff_b)
    assert ids(get(client, "/volunteers")) == [vworld.volunteer_b.pk]
    assert get(client, f"/volunteers/{vworld.member.pk}").status_code == 404
    assert post(client, f"/volunteers/{vworld.member.pk}/approve").status_code == 404
    assert post(client, f"/volunteers/{vworld.member.pk}/reject", {"reason": "x"}).status_code == 404
    assert post(client, "/volunteers", new_volunteer(vworld.patrol.community)).status_code == 404
    assert Volunteer.objects.count() == 4


def test_county_admin_reads_all_but_may_not_write(world, vworld, county_admin):
    client = bearer(county_admin)
    assert get(client, "/volunteers").json()["count"] == 4
    assert get(client, f"/volunteers/{vworld.volunteer_b.pk}").status_code == 200
    assert post(client, "/volunteers", new_volunteer(world.a)).status_code == 403
    assert post(client, f"/volunteers/{vworld.member.pk}/reject", {"reason": "x"}).status_code == 403
    assert Volunteer.objects.count() == 4


def test_volunteer_sees_only_themselves_and_leader_their_team(vworld, volunteer, leader_user):
    assert ids(get(bearer(volunteer), "/volunteers")) == [vworld.member.pk]
    assert get(bearer(volunteer), f"/volunteers/{vworld.leader.pk}").status_code == 404
    assert set(ids(get(bearer(leader_user), "/volunteers"))) == {vworld.leader.pk, vworld.member.pk}
    assert get(bearer(leader_user), f"/volunteers/{vworld.outsider.pk}").status_code == 404
    assert post(bearer(leader_user), f"/volunteers/{vworld.member.pk}/approve").status_code == 403


def test_staff_registration_is_active_at_once(world, vworld, staff_a):
    skill = Skill.objects.get(code="first-aid", community=None)
    payload = new_volunteer(world.a, teams=[vworld.patrol.pk], skills=[skill.pk], political_status="party_member")
    response = post(bearer(staff_a), "/volunteers", payload)
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "active"
    assert body["number"].startswith(world.a.code + "-V")
    assert [t["team_id"] for t in body["teams"]] == [vworld.patrol.pk]
    assert [s["code"] for s in body["skills"]] == ["first-aid"]
    assert payload["id_number"] not in response.content.decode()
    assert AuditEvent.objects.filter(action="volunteering.volunteer.register", actor=staff_a).count() == 1


def test_registration_errors_name_the_field(world, vworld, staff_a):
    client = bearer(staff_a)
    bad = post(client, "/volunteers", new_volunteer(world.a, phone="12", id_number="350926"))
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["detail"]} == {"phone", "id_number"}
    foreign_team = post(client, "/volunteers", new_volunteer(world.a, teams=[vworld.team_b.pk]))
    assert foreign_team.status_code == 422
    assert foreign_team.json()["detail"][0]["field"] == "teams"
    unknown_skill = post(client, "/volunteers", new_volunteer(world.a, skills=[999999]))
    assert unknown_skill.json()["detail"][0]["field"] == "skills"
    assert Volunteer.objects.count() == 4


def test_sign_up_waits_for_approval_then_staff_approve_or_reject(world, vworld, staff_a):
    applicant = make_user("applicant")
    payload = new_volunteer(world.a, teams=[vworld.youth.pk])
    payload["community_code"] = world.a.code
    response = post(bearer(applicant), "/volunteers/sign-up", payload)
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "pending"
    assert body["memberships"][0]["status"] == "requested"
    again = post(bearer(applicant), "/volunteers/sign-up", payload)
    assert again.status_code == 422

    approved = post(bearer(staff_a), f"/volunteers/{body['id']}/approve")
    assert approved.status_code == 200
    assert approved.json()["status"] == "active"
    assert post(bearer(staff_a), f"/volunteers/{body['id']}/approve").status_code == 422


def test_reject_needs_a_reason(world, staff_a):
    pending = Volunteer.objects.create(
        county=world.county, community=world.a, number="X-1", name="申请人", status=Volunteer.Status.PENDING
    )
    client = bearer(staff_a)
    refused = post(client, f"/volunteers/{pending.pk}/reject", {"reason": " "})
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["field"] == "reason"
    rejected = post(client, f"/volunteers/{pending.pk}/reject", {"reason": "联系不上"})
    assert rejected.json()["status"] == "rejected"
    assert rejected.json()["rejection_reason"] == "联系不上"


def test_me_shows_hours_and_the_next_star(vworld, staff_a, volunteer, settings):
    settings.LINLI_STAR_THRESHOLDS = (3, 10, 20, 30, 40)
    recorded(staff_a, vworld.member, hours="4", days_ago=2)
    response = get(bearer(volunteer), "/me")
    assert response.status_code == 200
    body = response.json()
    assert body["volunteer"]["id"] == vworld.member.pk
    assert body["star_level"] == 1
    assert body["next_star_level"] == 2
    assert body["hours_to_next_star"] == "6.00"
    assert body["hours_on_notice"] == "0.00"
    assert body["volunteer"]["stars"][0]["level"] == 1


def test_me_is_404_for_who_is_not_a_volunteer(vworld, staff_a):
    assert get(bearer(staff_a), "/me").status_code == 404


def test_inactive_membership_is_not_shown_as_a_team(vworld, staff_a):
    TeamMembership.objects.filter(volunteer=vworld.member).update(status=TeamMembership.Status.LEFT)
    body = get(bearer(staff_a), f"/volunteers/{vworld.member.pk}").json()
    assert body["teams"] == []
    assert body["memberships"] == []
    assert body["registered_at"] <= dt.datetime.now(dt.UTC).isoformat()
    assert API == "/api/v1/volunteering"
