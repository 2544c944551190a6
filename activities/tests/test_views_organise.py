import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity
from activities.testing import make_activity


def _form(community, team=None, **kw):
    start = (timezone.localtime() + dt.timedelta(days=3)).replace(second=0, microsecond=0)
    data = {
        "community": community.pk,
        "title": "义诊进社区",
        "kind": "free_clinic",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "places": 10,
        "signup_deadline": (start - dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "eligibility": "anyone",
        "place_text": "社区广场",
    }
    if team is not None:
        data["team"] = team.pk
    return data | kw


def test_staff_create_then_publish(login, staff_a, world, vworld):
    client = login(staff_a)
    resp = client.post(reverse("activities:activity-create"), _form(world.a, place=world.a_building1.pk))
    activity = Activity.objects.get()
    assert resp.status_code == 302 and resp["Location"] == activity.get_absolute_url()
    assert (activity.status, activity.place, activity.created_by) == ("draft", world.a_building1, staff_a)
    client.post(reverse("activities:activity-publish", args=[activity.pk]))
    activity.refresh_from_db()
    assert activity.status == "published"


def test_service_errors_land_on_fields_and_keep_input(login, staff_a, world):
    data = _form(world.a, title="保留我")
    data["ends_at"] = data["starts_at"]
    resp = login(staff_a).post(reverse("activities:activity-create"), data)
    assert resp.status_code == 200
    assert "The end must be after the start." in resp.context["form"].errors["ends_at"]
    assert 'value="保留我"' in resp.content.decode()
    assert not Activity.objects.exists()


def test_team_choices_are_the_leaders_own(login, leader_user, vworld):
    resp = login(leader_user).get(reverse("activities:activity-create"))
    assert list(resp.context["form"].fields["team"].queryset) == [vworld.patrol]


def test_leader_cannot_organise_for_another_team(login, leader_user, world, vworld):
    resp = login(leader_user).post(reverse("activities:activity-create"), _form(world.a, team=vworld.youth))
    assert resp.status_code == 200 and "team" in resp.context["form"].errors
    assert not Activity.objects.exists()


def test_leader_manages_their_teams_activity_only(login, organiser, leader_user, vworld):
    own = make_activity(vworld.patrol.community, by=organiser, team=vworld.patrol)
    other = make_activity(vworld.patrol.community, by=organiser, team=vworld.youth)
    client = login(leader_user)
    assert client.get(reverse("activities:activity-edit", args=[own.pk])).status_code == 200
    # As a volunteer of the community the leader reads the youth team's activity, but cannot change it.
    assert client.get(reverse("activities:activity-detail", args=[other.pk])).status_code == 200
    assert client.get(reverse("activities:activity-edit", args=[other.pk])).status_code == 403


def test_edit_changes_fields(login, organiser, world, vworld):
    activity = make_activity(world.a, by=organiser, publish=False)
    data = _form(world.a, title="新标题", places=5)
    data.pop("community")
    resp = login(organiser).post(reverse("activities:activity-edit", args=[activity.pk]), data)
    assert resp.status_code == 302
    activity.refresh_from_db()
    assert (activity.title, activity.places) == ("新标题", 5)


def test_cancel_needs_a_reason_then_tells_signed_up(login, organiser, world, vworld, monkeypatch):
    told = []
    monkeypatch.setattr("activities.notifications.deliver", lambda **kw: told.append(kw))
    activity = make_activity(world.a, by=organiser)
    from activities import services

    services.sign_up(by=None, activity=activity, volunteer=vworld.member)
    client = login(organiser)
    url = reverse("activities:activity-cancel", args=[activity.pk])
    resp = client.post(url, {"reason": " "})
    assert resp.status_code == 400 and "reason" in resp.context["cancel_form"].errors
    client.post(url, {"reason": "暴雨"})
    activity.refresh_from_db()
    assert (activity.status, activity.cancel_reason) == ("cancelled", "暴雨")
    assert told[-1]["event"] == "cancelled" and told[-1]["volunteers"] == [vworld.member]


def test_list_status_filter(login, organiser, world, vworld):
    draft = make_activity(world.a, by=organiser, publish=False, title="草稿")
    make_activity(world.a, by=organiser, title="已发布")
    resp = login(organiser).get(reverse("activities:activity-list"), {"status": "draft"})
    assert list(resp.context["activities"]) == [draft]


# --- scoping -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["activity-detail", "activity-edit"])
def test_anonymous_goes_to_login(client, organiser, world, name):
    activity = make_activity(world.a, by=organiser)
    resp = client.get(reverse(f"activities:{name}", args=[activity.pk]))
    assert resp.status_code == 302 and "login" in resp["Location"]


def test_other_community_gets_404(login, organiser, staff_b, world):
    activity = make_activity(world.a, by=organiser)
    client = login(staff_b)
    for name in ["activity-detail", "activity-edit", "qr-sheet"]:
        assert client.get(reverse(f"activities:{name}", args=[activity.pk])).status_code == 404
    assert client.post(reverse("activities:activity-publish", args=[activity.pk])).status_code == 404
    assert activity not in client.get(reverse("activities:activity-list")).context["activities"]


def test_county_admin_reads_but_cannot_write(login, organiser, county_admin, world):
    activity = make_activity(world.a, by=organiser, publish=False)
    client = login(county_admin)
    assert client.get(reverse("activities:activity-detail", args=[activity.pk])).status_code == 200
    assert activity in client.get(reverse("activities:activity-list")).context["activities"]
    assert client.get(reverse("activities:activity-edit", args=[activity.pk])).status_code == 403
    assert client.get(reverse("activities:activity-create")).status_code == 403
    assert client.post(reverse("activities:activity-publish", args=[activity.pk])).status_code == 403
    assert client.post(reverse("activities:activity-cancel", args=[activity.pk]), {"reason": "x"}).status_code == 403
    activity.refresh_from_db()
    assert activity.status == "draft"


def test_volunteer_cannot_edit(login, organiser, volunteer, world, vworld):
    activity = make_activity(world.a, by=organiser)
    client = login(volunteer)
    assert client.get(reverse("activities:activity-edit", args=[activity.pk])).status_code == 403
    assert client.get(reverse("activities:activity-create")).status_code == 403
    assert client.post(reverse("activities:activity-cancel", args=[activity.pk]), {"reason": "x"}).status_code == 403


def test_volunteer_does_not_see_drafts(login, organiser, volunteer, world, vworld):
    activity = make_activity(world.a, by=organiser, publish=False)
    assert login(volunteer).get(reverse("activities:activity-detail", args=[activity.pk])).status_code == 404


def test_menu_shows_activities(login, organiser, volunteer, world, vworld):
    staff_menu = login(organiser).get(reverse("activities:activity-list")).content.decode()
    assert reverse("activities:activity-list") in staff_menu
    volunteer_page = login(volunteer).get(reverse("activities:upcoming")).content.decode()
    assert reverse("activities:my-activities") in volunteer_page
