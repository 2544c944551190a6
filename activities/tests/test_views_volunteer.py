import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from activities import services
from activities.models import SignUp
from activities.testing import make_activity
from volunteering.models import Skill
from volunteering.testing import make_volunteer


def test_sign_up_from_the_page_confirms_then_waitlists(login, organiser, volunteer, leader_user, world, vworld):
    activity = make_activity(world.a, by=organiser, places=1)
    url = reverse("activities:signup-create", args=[activity.pk])
    resp = login(leader_user).post(url, follow=True)
    assert "You have a place" in resp.content.decode()
    resp = login(volunteer).post(url, follow=True)
    assert "number 1 on the waitlist" in resp.content.decode()
    assert SignUp.objects.get(volunteer=vworld.member).status == SignUp.Status.WAITLISTED
    page = login(volunteer).get(activity.get_absolute_url()).content.decode()
    assert "On the waitlist, number 1" in page


def test_pending_when_the_leader_approves(login, organiser, volunteer, world, vworld):
    activity = make_activity(world.a, by=organiser, requires_approval=True)
    resp = login(volunteer).post(reverse("activities:signup-create", args=[activity.pk]), follow=True)
    assert "the leader will decide" in resp.content.decode()


def test_cancel_my_signup_promotes_the_waitlist(login, organiser, volunteer, world, vworld):
    activity = make_activity(world.a, by=organiser, places=1)
    services.sign_up(by=None, activity=activity, volunteer=vworld.member)
    waiting = services.sign_up(by=None, activity=activity, volunteer=vworld.leader)
    login(volunteer).post(reverse("activities:signup-cancel", args=[activity.pk]))
    waiting.refresh_from_db()
    assert waiting.status == SignUp.Status.CONFIRMED


def test_refusal_is_shown_as_a_message(login, organiser, volunteer, world, vworld):
    activity = make_activity(world.a, by=organiser, eligibility="party")
    resp = login(volunteer).post(reverse("activities:signup-create", args=[activity.pk]), follow=True)
    assert "party members only" in resp.content.decode()
    assert not SignUp.objects.exists()


def test_staff_without_volunteer_record_cannot_sign_up(login, organiser, world):
    activity = make_activity(world.a, by=organiser)
    assert login(organiser).post(reverse("activities:signup-create", args=[activity.pk])).status_code == 403


def test_other_community_volunteer_gets_404(login, organiser, staff_b, world, vworld):
    activity = make_activity(world.a, by=organiser)
    client = login(staff_b)
    assert client.post(reverse("activities:signup-create", args=[activity.pk])).status_code == 404


def test_upcoming_filters(login, organiser, staff_b, volunteer, world, vworld):
    doctor = Skill.objects.create(code="doctor-x", name="医生")
    vworld.member.skills.add(doctor)
    clinic = make_activity(world.a, by=organiser, title="义诊", place=world.a_building1, required_skills=[doctor])
    patrol = make_activity(world.a, by=organiser, title="巡逻", kind="patrol", starts_in=dt.timedelta(days=9))
    make_activity(world.a, by=organiser, title="草稿", publish=False)
    make_activity(world.b, by=staff_b, title="城北")
    client = login(volunteer)
    url = reverse("activities:upcoming")
    assert client.get(url).context["activities"] == [clinic, patrol]
    assert client.get(url, {"kind": "patrol"}).context["activities"] == [patrol]
    assert client.get(url, {"compound": world.compound.pk}).context["activities"] == [clinic]
    assert client.get(url, {"my_skills": "on"}).context["activities"] == [clinic]
    later = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    assert client.get(url, {"date_from": later}).context["activities"] == [patrol]
    assert client.get(url, {"date_to": later}).context["activities"] == [clinic]


def test_upcoming_query_count_is_pinned(login, organiser, volunteer, world, vworld, django_assert_num_queries):
    for i in range(5):
        a = make_activity(world.a, by=organiser, title=f"活动{i}", place=world.a_building1, team=vworld.patrol)
        services.sign_up(by=None, activity=a, volunteer=vworld.member)
    client = login(volunteer)
    client.get(reverse("activities:upcoming"))  # warm the session and scope caches
    with django_assert_num_queries(9):
        resp = client.get(reverse("activities:upcoming"))
    assert len(resp.context["activities"]) == 5


def test_my_activities(login, organiser, volunteer, world, vworld):
    activity = make_activity(world.a, by=organiser)
    services.sign_up(by=None, activity=activity, volunteer=vworld.member)
    resp = login(volunteer).get(reverse("activities:my-activities"))
    assert [s.activity for s in resp.context["signups"]] == [activity]


def test_volunteer_pages_need_login_and_a_volunteer(client, login, staff_a, world):
    names = ["upcoming", "my-activities"]
    for name in names:
        assert "login" in client.get(reverse(f"activities:{name}"))["Location"]
    for name in names:
        assert login(staff_a).get(reverse(f"activities:{name}")).status_code == 403


def test_volunteer_of_b_does_not_see_a(login, organiser, world, vworld):
    from core.roles import Role
    from registry.testing import make_user

    user_b = make_user("vol_b", role=Role.VOLUNTEER, org_unit=world.b)
    make_volunteer(world.b, name="北", user=user_b)
    activity = make_activity(world.a, by=organiser)
    client = login(user_b)
    assert client.get(activity.get_absolute_url()).status_code == 404
    assert client.get(reverse("activities:upcoming")).context["activities"] == []


@pytest.mark.default_language
def test_the_activity_button_is_not_the_volunteer_registration_wording(login, organiser, volunteer, world, vworld):
    """报名 for an activity, not 提交注册 (the wording of the volunteer registration form)."""
    from django.utils import translation

    activity = make_activity(world.a, by=organiser)
    page = login(volunteer).get(activity.get_absolute_url()).content.decode()
    with translation.override("zh-hans"):
        registration, signup = translation.gettext("Sign up"), translation.pgettext("activity", "Sign up")
    assert registration not in page
    assert f">{signup}</button>" in page


def test_after_the_deadline_the_page_says_sign_up_closed(login, organiser, volunteer, world, vworld):
    from activities.models import Activity

    activity = make_activity(world.a, by=organiser)
    url = reverse("activities:signup-create", args=[activity.pk])
    page = login(volunteer).get(activity.get_absolute_url()).content.decode()
    assert url in page
    Activity.objects.filter(pk=activity.pk).update(signup_deadline=timezone.now() - dt.timedelta(minutes=1))
    page = login(volunteer).get(activity.get_absolute_url()).content.decode()
    assert url not in page
    assert "Sign-up closed on" in page
    resp = login(volunteer).post(url, follow=True)
    assert "has passed" in resp.content.decode()
    assert not SignUp.objects.exists()


def test_cancelling_asks_for_confirmation_first(login, organiser, volunteer, world, vworld):
    activity = make_activity(world.a, by=organiser)
    signup = services.sign_up(by=None, activity=activity, volunteer=vworld.member)
    client = login(volunteer)
    url = reverse("activities:signup-cancel", args=[activity.pk])
    detail = client.get(activity.get_absolute_url()).content.decode()
    assert f'href="{url}"' in detail  # a link to the confirmation page, not a one-press form
    resp = client.get(url)
    assert resp.status_code == 200
    page = resp.content.decode()
    assert f'action="{url}"' in page and 'method="post"' in page
    assert activity.title in page
    signup.refresh_from_db()
    assert signup.status == SignUp.Status.CONFIRMED  # looking at the question changes nothing
    client.post(url)
    signup.refresh_from_db()
    assert signup.status == SignUp.Status.CANCELLED


def test_the_confirmation_page_without_a_sign_up_goes_back(login, organiser, volunteer, world, vworld):
    activity = make_activity(world.a, by=organiser)
    resp = login(volunteer).get(reverse("activities:signup-cancel", args=[activity.pk]))
    assert resp.status_code == 302 and resp["Location"] == activity.get_absolute_url()


def test_the_upcoming_list_does_not_invite_to_a_closed_sign_up(login, organiser, volunteer, world, vworld):
    from activities.models import Activity

    activity = make_activity(world.a, by=organiser)
    Activity.objects.filter(pk=activity.pk).update(signup_deadline=timezone.now() - dt.timedelta(minutes=1))
    page = login(volunteer).get(reverse("activities:upcoming")).content.decode()
    assert "See and sign up" not in page
    assert "Sign-up is closed." in page


def test_the_volunteer_page_lists_the_next_activities(login, organiser, volunteer, world, vworld):
    """Activities add their section to volunteering's page (core.sections): volunteering imports none of it."""
    activity = make_activity(world.a, by=organiser)
    html = login(volunteer).get(reverse("volunteering:my-page")).content.decode()
    assert 'id="activities-heading"' in html
    assert f'<a href="{activity.get_absolute_url()}">{activity.title}</a>' in html
    assert "No upcoming activities yet" not in html
