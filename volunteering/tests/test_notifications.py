"""What volunteering tells people: the applicant the decision, the leaders a request to join,
the volunteer the answer. Each in the reader's language."""

import pytest
from django.urls import reverse
from django.utils import translation

from notifications.models import Notification
from registry.testing import make_id, make_user
from volunteering import services
from volunteering.testing import make_volunteer


@pytest.fixture
def applicant(world, resident_user):
    return services.sign_up_volunteer(
        community=world.a, user=resident_user, name="黄秀琴", phone="13805931234", id_number=make_id()
    )


def test_an_approved_applicant_is_told(world, staff_a, resident_user, applicant):
    services.approve_volunteer(by=staff_a, volunteer=applicant)
    note = Notification.objects.get(user=resident_user)
    assert note.kind == "volunteering.approved"
    assert note.url == reverse("volunteering:my-page")
    with translation.override("en"):
        assert note.render()[0] == "Your volunteer registration is approved"
        assert world.a.name in note.render()[1]


def test_a_declined_applicant_is_told_the_reason(staff_a, resident_user, applicant):
    services.decide_registration(by=staff_a, volunteer=applicant, approve=False, reason="请先完成居民登记")
    note = Notification.objects.get(user=resident_user)
    assert note.kind == "volunteering.declined"
    with translation.override("en"):
        title, body = note.render()
    assert "not approved" in title and "请先完成居民登记" in body


def test_an_applicant_without_a_login_gets_nothing(world, staff_a):
    pending = services.register_volunteer(
        by=None, community=world.a, name="郑报名", phone="13911112222", id_number=make_id()
    )
    services.approve_volunteer(by=staff_a, volunteer=pending)
    assert not Notification.objects.exists()


def test_the_leaders_with_a_login_are_told_of_a_request_to_join(vworld, world):
    asker_user = make_user("asker")
    asker = make_volunteer(world.a, name="赵加入", user=asker_user)
    services.request_to_join(by=asker_user, volunteer=asker, team=vworld.patrol)
    notes = list(Notification.objects.all())
    assert [(n.user, n.kind) for n in notes] == [(vworld.leader_user, "volunteering.join_requested")]
    assert notes[0].url == reverse("volunteering:team-detail", args=[vworld.patrol.pk])
    with translation.override("en"):
        assert notes[0].render()[0] == f"赵加入 asks to join {vworld.patrol.name}"


def test_leaders_hear_of_the_team_requests_of_an_applicant_once_approved(vworld, world, staff_a):
    # A self sign-up that picked the patrol: its request waits for staff, then reaches the leader.
    services.register_volunteer(
        by=None, community=world.a, name="郑报名", phone="13911112222", id_number=make_id(), teams=[vworld.patrol]
    )
    assert not Notification.objects.exists()
    pending = vworld.patrol.memberships.get(volunteer__name="郑报名").volunteer
    services.approve_volunteer(by=staff_a, volunteer=pending)
    assert list(Notification.objects.values_list("user", "kind")) == [
        (vworld.leader_user.pk, "volunteering.join_requested")
    ]


@pytest.mark.parametrize(
    ("accept", "kind"), [(True, "volunteering.join_accepted"), (False, "volunteering.join_declined")]
)
def test_the_volunteer_is_told_the_answer(vworld, world, accept, kind):
    asker_user = make_user("asker")
    asker = make_volunteer(world.a, name="赵加入", user=asker_user)
    request = services.request_to_join(by=asker_user, volunteer=asker, team=vworld.patrol)
    services.decide_join_request(by=vworld.leader_user, membership=request, accept=accept)
    note = Notification.objects.get(user=asker_user)
    assert note.kind == kind
    with translation.override("en"):
        assert vworld.patrol.name in note.render()[0]
