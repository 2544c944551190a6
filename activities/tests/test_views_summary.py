import datetime as dt

from django.urls import reverse
from django.utils import timezone

from activities import services
from activities.models import Activity, ActivityBeneficiary, SignUp
from activities.testing import make_activity
from core.models import AuditEvent
from registry.testing import make_resident


def _finished(world, organiser, vworld, also=(), **kw):
    """An activity that ended an hour ago; the member checked in and out for two hours, `also` never came."""
    activity = make_activity(world.a, by=organiser, **({"title": "重阳义诊"} | kw))
    signup = services.sign_up(by=None, activity=activity, volunteer=vworld.member)
    for volunteer in also:
        services.sign_up(by=None, activity=activity, volunteer=volunteer)
    start = timezone.now() - dt.timedelta(hours=3)
    Activity.objects.filter(pk=activity.pk).update(
        starts_at=start, ends_at=start + dt.timedelta(hours=2), signup_deadline=start
    )
    activity.refresh_from_db()
    SignUp.objects.filter(pk=signup.pk).update(checked_in_at=start)
    services.check_out(by=organiser, signup=signup, now=start + dt.timedelta(hours=2))
    return activity


def _url(name, activity):
    return reverse(f"activities:{name}", args=[activity.pk])


def test_numbers_count_checked_in_volunteers_hours_and_the_plain_count(login, organiser, world, vworld):
    activity = _finished(world, organiser, vworld, also=[vworld.outsider])
    Activity.objects.filter(pk=activity.pk).update(residents_served=40)
    resp = login(organiser).get(_url("activity-summary", activity))
    assert resp.status_code == 200
    assert resp.context["numbers"] == {"volunteers": 1, "hours": 2, "residents": 40}


def test_linked_residents_and_households_count_distinct_people(login, organiser, world, vworld):
    activity = _finished(world, organiser, vworld)
    make_resident(world.household1, name="黄小宝")
    Activity.objects.filter(pk=activity.pk).update(residents_served=40)
    client = login(organiser)
    # head1 both on her own and through her household (2 people), plus resident2: 3 distinct people.
    resp = client.post(
        _url("summary-beneficiaries", activity),
        {"residents": [world.head1.pk, world.resident2.pk], "households": [world.household1.pk], "count": ""},
    )
    assert resp.status_code == 302
    assert ActivityBeneficiary.objects.filter(activity=activity).count() == 3
    assert client.get(_url("activity-summary", activity)).context["numbers"]["residents"] == 3
    assert AuditEvent.objects.filter(action="activities.activity.beneficiaries").exists()


def test_residents_of_another_community_cannot_be_chosen(login, organiser, world, vworld):
    activity = _finished(world, organiser, vworld)
    resp = login(organiser).post(_url("summary-beneficiaries", activity), {"residents": [world.resident_b.pk]})
    assert resp.status_code == 400 and "residents" in resp.context["beneficiaries_form"].errors
    assert not ActivityBeneficiary.objects.exists()


def test_count_is_recorded(login, organiser, world, vworld):
    activity = _finished(world, organiser, vworld)
    resp = login(organiser).post(_url("summary-beneficiaries", activity), {"count": "25"})
    assert resp.status_code == 302
    activity.refresh_from_db()
    assert activity.residents_served == 25


def test_search_finds_residents_of_the_community_only(login, organiser, world, vworld):
    activity = _finished(world, organiser, vworld)
    client = login(organiser)
    assert list(client.get(_url("activity-summary", activity), {"q": "曾"}).context["found"]) == [world.resident2]
    assert list(client.get(_url("activity-summary", activity), {"q": "林建国"}).context["found"]) == []


def test_publish_toggle_is_audited_and_needs_a_story(login, organiser, world, vworld):
    activity = _finished(world, organiser, vworld)
    client = login(organiser)
    resp = client.post(_url("summary-publish", activity), {"story": "", "published": "on"})
    assert resp.status_code == 400 and "story" in resp.context["summary_form"].errors
    resp = client.post(_url("summary-publish", activity), {"story": "老人们量了血压。", "published": "on"})
    assert resp.status_code == 302
    activity.refresh_from_db()
    assert (activity.story, activity.summary_published) == ("老人们量了血压。", True)
    client.post(_url("summary-publish", activity), {"story": "老人们量了血压。"})
    activity.refresh_from_db()
    assert activity.summary_published is False
    assert AuditEvent.objects.filter(action="activities.activity.summary").count() == 2


def test_summary_cannot_be_published_before_the_activity_ends(login, organiser, world):
    activity = make_activity(world.a, by=organiser)
    resp = login(organiser).post(_url("summary-publish", activity), {"story": "好", "published": "on"})
    assert resp.status_code == 400 and "published" in resp.context["summary_form"].errors
    activity.refresh_from_db()
    assert not activity.summary_published


def test_summary_needs_login(client, organiser, world, vworld):
    activity = _finished(world, organiser, vworld)
    resp = client.get(_url("activity-summary", activity))
    assert resp.status_code == 302 and "login" in resp["Location"]


def test_other_community_gets_404(login, organiser, staff_b, world, vworld):
    activity = _finished(world, organiser, vworld)
    client = login(staff_b)
    assert client.get(_url("activity-summary", activity)).status_code == 404
    assert client.post(_url("summary-beneficiaries", activity), {"count": "3"}).status_code == 404
    assert client.post(_url("summary-publish", activity), {"story": "x", "published": "on"}).status_code == 404


def test_county_admin_reads_but_cannot_write(login, organiser, county_admin, world, vworld):
    activity = _finished(world, organiser, vworld)
    client = login(county_admin)
    resp = client.get(_url("activity-summary", activity))
    assert resp.status_code == 200 and not resp.context["can_manage"]
    assert client.post(_url("summary-beneficiaries", activity), {"count": "3"}).status_code == 403
    assert client.post(_url("summary-publish", activity), {"story": "x", "published": "on"}).status_code == 403
    activity.refresh_from_db()
    assert (activity.residents_served, activity.summary_published) == (0, False)


def test_volunteer_gets_403(login, organiser, volunteer, world, vworld):
    activity = _finished(world, organiser, vworld)
    client = login(volunteer)
    assert client.get(_url("activity-summary", activity)).status_code == 403
    assert client.post(_url("summary-beneficiaries", activity), {"count": "3"}).status_code == 403
    assert client.post(_url("summary-publish", activity), {"story": "x", "published": "on"}).status_code == 403


def test_public_page_shows_published_summaries_without_names(client, organiser, world, vworld):
    shown = _finished(world, organiser, vworld)
    services.record_beneficiaries(by=organiser, activity=shown, residents=[world.head1, world.resident2])
    services.publish_summary(by=organiser, activity=shown, story="社区医生为老人义诊。", published=True)
    hidden = _finished(world, organiser, vworld, title="未公开的活动")
    services.publish_summary(by=organiser, activity=hidden, story="草稿", published=False)
    resp = client.get(reverse("activities:public-stories", args=[world.a.pk]))
    body = resp.content.decode()
    assert resp.status_code == 200
    assert "重阳义诊" in body and "社区医生为老人义诊。" in body
    assert [numbers for _a, numbers in resp.context["summaries"]] == [{"volunteers": 1, "hours": 2, "residents": 2}]
    assert "未公开的活动" not in body
    for name in (world.head1.name, world.resident2.name, vworld.member.name, organiser.username):
        assert name not in body


def test_public_page_is_per_community(client, organiser, world, vworld):
    activity = _finished(world, organiser, vworld)
    services.publish_summary(by=organiser, activity=activity, story="故事", published=True)
    assert "重阳义诊" not in client.get(reverse("activities:public-stories", args=[world.b.pk])).content.decode()
    assert client.get(reverse("activities:public-stories", args=[world.a_building1.pk])).status_code == 404


def test_leader_records_a_count_but_sees_no_resident_names(login, organiser, leader_user, world, vworld):
    activity = _finished(world, organiser, vworld, team=vworld.patrol)
    services.record_beneficiaries(by=organiser, activity=activity, residents=[world.head1])
    client = login(leader_user)
    resp = client.get(_url("activity-summary", activity), {"q": "黄"})
    assert resp.status_code == 200 and resp.context["can_manage"]
    assert world.head1.name not in resp.content.decode()
    assert client.post(_url("summary-beneficiaries", activity), {"count": "12"}).status_code == 302
    activity.refresh_from_db()
    assert activity.residents_served == 12


def test_public_page_queries_do_not_grow_with_summaries(client, organiser, world, vworld, django_assert_num_queries):
    url = reverse("activities:public-stories", args=[world.a.pk])
    first = _finished(world, organiser, vworld)
    services.record_beneficiaries(by=organiser, activity=first, households=[world.household1])
    services.publish_summary(by=organiser, activity=first, story="一", published=True)
    client.get(url)
    # community, summaries, their photos, volunteers, hours, links, household members
    with django_assert_num_queries(7):
        client.get(url)
    for n in range(3):
        more = _finished(world, organiser, vworld, title=f"活动{n}")
        services.publish_summary(by=organiser, activity=more, story="二", published=True)
    with django_assert_num_queries(7):
        assert client.get(url).status_code == 200
