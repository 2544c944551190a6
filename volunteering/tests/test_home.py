"""The home page of an applicant (their registration's state) and of a team leader (requests to join)."""

from django.urls import reverse

from registry.testing import make_id, make_user
from volunteering import services
from volunteering.testing import make_volunteer

MY_PAGE = reverse("volunteering:my-page")


def _home(client):
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    return response, {card["title"]: card["items"] for card in response.context["cards"]}


def _apply(world, user):
    return services.sign_up_volunteer(
        community=world.a, user=user, name="郑报名", phone="13911112222", id_number=make_id()
    )


def test_a_pending_applicant_sees_their_registration_waiting_not_no_role(login, world):
    user = make_user("applicant")
    _apply(world, user)
    response, cards = _home(login(user))
    [(text, url)] = cards["Your volunteer registration"]
    assert "waiting for approval" in text and world.a.name in text and url == MY_PAGE
    assert "You have no role yet" not in response.content.decode()


def test_a_declined_applicant_sees_the_reason(login, world, staff_a):
    user = make_user("applicant")
    services.decide_registration(by=staff_a, volunteer=_apply(world, user), approve=False, reason="请先完成居民登记")
    [(text, _url)] = _home(login(user))[1]["Your volunteer registration"]
    assert "not approved" in text and "请先完成居民登记" in text


def test_an_approved_applicant_is_told_so(login, world, staff_a):
    user = make_user("applicant")
    services.approve_volunteer(by=staff_a, volunteer=_apply(world, user))
    [(text, _url)] = _home(login(user))[1]["Your volunteer registration"]
    assert "approved" in text and "not approved" not in text


def test_someone_who_never_applied_has_no_registration_card(login, staff_a):
    assert "Your volunteer registration" not in _home(login(staff_a))[1]


def test_a_leader_sees_the_requests_to_join_their_team(login, world, vworld):
    for name in ("赵一", "赵二"):
        services.request_to_join(by=None, volunteer=make_volunteer(world.a, name=name), team=vworld.patrol)
    services.request_to_join(by=None, volunteer=vworld.outsider, team=vworld.patrol)
    cards = _home(login(vworld.leader_user))[1]
    assert cards["Requests to join your teams"] == [
        (f"3 requests to join {vworld.patrol.name}", reverse("volunteering:team-detail", args=[vworld.patrol.pk]))
    ]


def test_a_leader_without_requests_or_a_member_sees_no_requests_card(login, world, vworld):
    assert "Requests to join your teams" not in _home(login(vworld.leader_user))[1]
    services.request_to_join(by=None, volunteer=vworld.outsider, team=vworld.patrol)
    assert "Requests to join your teams" not in _home(login(vworld.member.user))[1]
