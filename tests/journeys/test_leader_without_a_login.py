"""Journey: a team leader who never had a login gets one from the staff and accepts a new member.

Staff give the login on the leader's volunteer page; the leader logs in with the one-time
password, must choose their own, finds the pending request of a volunteer who asked to join
their team and accepts it. It ends with the data: the membership active, the audit rows of
every step, the login linked to the volunteer record with the volunteer role only, and the
leader still unable to see another team's members (404, as for a record that does not exist).
"""

from django.test import Client
from django.urls import reverse

from accounts.models import User
from core.models import AuditEvent
from core.roles import Role
from volunteering import services
from volunteering.models import TeamMembership
from volunteering.testing import make_leader, make_volunteer

NEW_PASSWORD = "xunluo-duizhang-58"


def test_a_leader_without_a_login_gets_one_and_accepts_a_request_to_join(client, staff_a, world, vworld):
    leader = make_volunteer(world.a, name="王队长", teams=(vworld.patrol,))
    make_leader(vworld.patrol, leader)
    assert leader.user is None
    # A volunteer of the community asks to join the patrol team on their own page.
    request = services.request_to_join(by=None, volunteer=vworld.outsider, team=vworld.patrol)

    # Staff give the login from the leader's volunteer page; the password is shown once.
    staff = Client()
    staff.force_login(staff_a)
    page = staff.get(reverse("volunteering:volunteer-detail", args=[leader.pk]))
    assert reverse("volunteering:volunteer-login", args=[leader.pk]) in page.content.decode()
    response = staff.post(reverse("volunteering:volunteer-login", args=[leader.pk]), {"username": "wangdz"})
    assert response.status_code == 200
    one_time = response.context["password"]
    assert one_time in response.content.decode()

    # The leader logs in with it and must choose a password of their own before anything else.
    response = client.post(reverse("accounts:login"), {"username": "wangdz", "password": one_time})
    assert response.status_code == 302
    team_url = reverse("volunteering:team-detail", args=[vworld.patrol.pk])
    response = client.get(team_url)
    assert response.status_code == 302 and reverse("accounts:password-change") in response["Location"]
    response = client.post(
        reverse("accounts:password-change"),
        {"old_password": one_time, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302

    # Their team's page shows the pending request; they accept it.
    response = client.get(team_url)
    assert response.status_code == 200
    assert list(response.context["requests"]) == [request]
    assert vworld.outsider.name in response.content.decode()
    decide = reverse("volunteering:membership-decide", args=[vworld.patrol.pk, request.pk])
    assert decide in response.content.decode()
    assert client.post(decide, {"decision": "accept"}).status_code == 302

    # Outside their team: the youth team and its members' pages do not exist for them.
    assert client.get(reverse("volunteering:team-detail", args=[vworld.youth.pk])).status_code == 404
    assert client.get(reverse("volunteering:volunteer-detail", args=[vworld.volunteer_b.pk])).status_code == 404
    youth_only = make_volunteer(world.a, name="赵青年", teams=(vworld.youth,))
    assert client.get(reverse("volunteering:volunteer-detail", args=[youth_only.pk])).status_code == 404

    # The data.
    request.refresh_from_db()
    assert request.status == TeamMembership.Status.ACTIVE and request.decided_at is not None
    user = User.objects.get(username="wangdz")
    leader.refresh_from_db()
    assert leader.user_id == user.pk
    assert not user.must_change_password and user.check_password(NEW_PASSWORD)
    assert list(user.memberships.values_list("role", "org_unit_id")) == [(Role.VOLUNTEER, world.a.pk)]
    by_staff = set(AuditEvent.objects.filter(actor=staff_a).values_list("action", flat=True))
    assert {"accounts.user.create", "volunteering.volunteer.login", "accounts.role.grant"} <= by_staff
    assert AuditEvent.objects.filter(actor=user, action="accounts.user.password").exists()
    accepted = AuditEvent.objects.get(actor=user, action="volunteering.team.accept")
    assert accepted.object_id == str(vworld.patrol.pk)
    assert accepted.details == {"volunteer": vworld.outsider.number}
