import datetime as dt
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from volunteering import services
from volunteering.models import CorrectionRequest, ServiceRecord
from volunteering.testing import make_volunteer

CREATE = reverse("volunteering:record-create")
BATCH = reverse("volunteering:record-batch")
LIST = reverse("volunteering:record-list")
TODAY = timezone.localdate()
YESTERDAY = TODAY - dt.timedelta(days=1)
D = Decimal


def entry_data(volunteer, team=None, **kw):
    data = {"volunteer": volunteer.pk, "served_on": YESTERDAY.isoformat(), "hours": "2", "content": "夜间巡逻"}
    if team is not None:
        data["team"] = team.pk
    return data | kw


def batch_data(team, volunteers, **kw):
    data = {
        "team": team.pk,
        "volunteers": [v.pk for v in volunteers],
        "served_on": YESTERDAY.isoformat(),
        "start_time": "19:00",
        "end_time": "21:30",
        "content": "小区夜间巡逻",
        "place": "锦绣小区",
        "confirmed_by": "李队长",
    }
    return data | kw


def detail(record):
    return reverse("volunteering:record-detail", args=[record.pk])


def serve(by, volunteer, hours=2, **kw):
    kw.setdefault("served_on", YESTERDAY)
    hours = None if hours is None else D(hours)
    return services.record_service(by=by, volunteer=volunteer, hours=hours, content="夜间巡逻", **kw)


# --- one entry ----------------------------------------------------------------------------------


def test_staff_record_hours_for_a_community_volunteer(vworld, staff_a, login):
    response = login(staff_a).post(CREATE, entry_data(vworld.outsider, confirmed_by="社区书记"))
    record = ServiceRecord.objects.get()
    assert response.status_code == 302 and response["Location"] == detail(record)
    assert (record.volunteer, record.hours, record.status) == (vworld.outsider, D(2), ServiceRecord.Status.NOTICE)
    assert record.recorded_by == staff_a and record.confirmed_by == "社区书记"


def test_record_form_needs_login_and_the_right_to_record(vworld, client, county_admin, volunteer, login):
    assert client.get(CREATE).status_code == 302
    assert login(county_admin).get(CREATE).status_code == 403
    assert login(volunteer).get(CREATE).status_code == 403
    assert login(county_admin).post(CREATE, entry_data(vworld.member)).status_code == 403
    assert not ServiceRecord.objects.exists()


def test_other_community_cannot_choose_a_volunteer(vworld, staff_b, login):
    response = login(staff_b).post(CREATE, entry_data(vworld.member))
    assert response.status_code == 200
    assert "volunteer" in response.context["form"].errors
    assert not ServiceRecord.objects.exists()


def test_leader_records_only_for_their_members(vworld, leader_user, login):
    client = login(leader_user)
    choices = set(client.get(CREATE).context["form"].fields["volunteer"].queryset)
    assert choices == {vworld.leader, vworld.member}
    assert client.post(CREATE, entry_data(vworld.member, vworld.patrol)).status_code == 302
    refused = client.post(CREATE, entry_data(vworld.outsider, vworld.patrol))
    assert "volunteer" in refused.context["form"].errors
    assert ServiceRecord.objects.count() == 1


def test_leader_without_their_team_gets_the_services_message(vworld, leader_user, login):
    response = login(leader_user).post(CREATE, entry_data(vworld.member))
    assert response.status_code == 200
    assert "Choose a team you lead" in response.context["form"].errors["team"][0]


def test_a_member_of_another_team_of_the_leader_is_named(vworld, world, leader_user, login):
    """Leading two teams, a leader records a member of one under the other: the service says why not."""
    night = services.create_team(by=None, community=world.a, name="夜巡分队", type="patrol", parent=vworld.patrol)
    newcomer = make_volunteer(world.a, name="何新人", teams=(night,))
    response = login(leader_user).post(CREATE, entry_data(vworld.member, night))
    assert "陈志愿 is not a member of 夜巡分队" in response.context["form"].errors["volunteer"][0]
    assert login(leader_user).post(CREATE, entry_data(newcomer, night)).status_code == 302


def test_refusals_are_shown_by_field_with_the_services_messages(vworld, staff_a, login):
    client = login(staff_a)
    tomorrow = (TODAY + dt.timedelta(days=1)).isoformat()
    cases = [
        ({"hours": "0"}, "hours", "Hours must be more than zero."),
        ({"served_on": tomorrow}, "served_on", "The date of service cannot be in the future."),
        ({"hours": "", "start_time": "10:00", "end_time": "09:00"}, "end_time", "after the start time"),
        ({"content": ""}, "content", "Say what the service was"),
    ]
    for change, field, message in cases:
        response = client.post(CREATE, entry_data(vworld.member) | change)
        assert response.status_code == 200
        assert message in " ".join(response.context["form"].errors[field]), field
    serve(staff_a, vworld.member, 23)
    over = client.post(CREATE, entry_data(vworld.member, hours="2"))
    assert "a day has at most 24 hours" in over.context["form"].errors["hours"][0]
    assert ServiceRecord.objects.count() == 1


def test_overlapping_times_are_refused(vworld, staff_a, login):
    serve(staff_a, vworld.member, hours=None, start_time=dt.time(9), end_time=dt.time(11))
    data = entry_data(vworld.member, hours="", start_time="10:00", end_time="12:00")
    response = login(staff_a).post(CREATE, data)
    assert "overlaps" in response.context["form"].errors["start_time"][0]
    assert 'value="10:00"' in response.content.decode()  # nothing typed is lost


# --- a batch for one activity ------------------------------------------------------------------------


def test_batch_first_asks_for_the_team(vworld, leader_user, login):
    response = login(leader_user).get(BATCH)
    assert list(response.context["teams"]) == [vworld.patrol]


def test_leader_records_a_batch_for_their_team(vworld, leader_user, login):
    client = login(leader_user)
    form = client.get(BATCH, {"team": vworld.patrol.pk}).context["form"]
    assert set(form.fields["volunteers"].queryset) == {vworld.leader, vworld.member}
    response = client.post(BATCH, batch_data(vworld.patrol, [vworld.leader, vworld.member]))
    assert response.status_code == 302
    records = ServiceRecord.objects.order_by("volunteer__name")
    assert [(r.volunteer, r.hours, r.team) for r in records] == [
        (vworld.leader, D("2.5"), vworld.patrol),
        (vworld.member, D("2.5"), vworld.patrol),
    ]


def test_batch_is_all_or_nothing(vworld, staff_a, leader_user, login):
    serve(staff_a, vworld.member, 23)
    response = login(leader_user).post(BATCH, batch_data(vworld.patrol, [vworld.leader, vworld.member]))
    assert response.status_code == 200
    errors = response.context["form"].errors["volunteers"]
    assert any(e.startswith("陈志愿:") for e in errors)
    assert ServiceRecord.objects.count() == 1  # only the earlier entry: the leader's was not kept


def test_batch_for_another_team_or_community_is_refused(vworld, leader_user, staff_b, county_admin, volunteer, login):
    assert login(leader_user).get(BATCH, {"team": vworld.youth.pk}).status_code == 404
    assert login(staff_b).get(BATCH, {"team": vworld.patrol.pk}).status_code == 404
    assert login(county_admin).get(BATCH, {"team": vworld.patrol.pk}).status_code == 403
    assert login(volunteer).post(BATCH, batch_data(vworld.patrol, [vworld.member])).status_code == 403
    assert not ServiceRecord.objects.exists()


def test_batch_refuses_a_volunteer_outside_the_team(vworld, staff_a, login):
    response = login(staff_a).post(BATCH, batch_data(vworld.patrol, [vworld.member, vworld.outsider]))
    assert "volunteers" in response.context["form"].errors
    assert not ServiceRecord.objects.exists()


# --- an entry's page: correct, withdraw, decide requests -------------------------------------------------


def test_record_page_scoping(vworld, staff_a, staff_b, county_admin, volunteer, leader_user, client, login):
    mine = serve(staff_a, vworld.member, team=vworld.patrol)
    theirs = serve(staff_a, vworld.outsider, team=vworld.youth)
    assert client.get(detail(mine)).status_code == 302
    assert login(staff_a).get(detail(mine)).status_code == 200
    assert login(staff_b).get(detail(mine)).status_code == 404
    assert login(county_admin).get(detail(mine)).status_code == 200
    assert login(volunteer).get(detail(mine)).status_code == 200
    assert login(volunteer).get(detail(theirs)).status_code == 404
    assert login(leader_user).get(detail(mine)).status_code == 200
    assert login(leader_user).get(detail(theirs)).status_code == 404
    # A leader sees the entries made under their team, not a member's entries elsewhere.
    assert login(leader_user).get(detail(serve(staff_a, vworld.member, served_on=TODAY))).status_code == 404


def test_staff_correct_an_entry_and_the_original_stays(vworld, staff_a, login):
    entry = serve(staff_a, vworld.member, 4)
    client = login(staff_a)
    url = reverse("volunteering:record-correct", args=[entry.pk])
    refused = client.post(url, {"hours": "3", "reason": ""})
    assert "Say why the entry is corrected" in refused.content.decode()
    assert client.post(url, {"hours": "3", "reason": "提前一小时结束"}).status_code == 302
    entry.refresh_from_db()
    correction = entry.corrections.get()
    assert (entry.hours, correction.hours, correction.kind) == (D(4), D(-1), ServiceRecord.Kind.AMENDMENT)
    html = client.get(detail(entry)).content.decode()
    assert "提前一小时结束" in html and reverse("volunteering:record-detail", args=[correction.pk]) in html


def test_read_only_and_volunteers_cannot_correct_or_withdraw(vworld, staff_a, county_admin, volunteer, login):
    entry = serve(staff_a, vworld.member, 4)
    for user in (county_admin, volunteer):
        client = login(user)
        assert (
            client.post(
                reverse("volunteering:record-correct", args=[entry.pk]), {"hours": "1", "reason": "x"}
            ).status_code
            == 403
        )
        assert (
            client.post(reverse("volunteering:record-withdraw", args=[entry.pk]), {"withdraw-reason": "x"}).status_code
            == 403
        )
    assert not ServiceRecord.objects.exclude(pk=entry.pk).exists()
    entry.refresh_from_db()
    assert entry.status == ServiceRecord.Status.NOTICE


def test_leader_withdraws_an_entry_on_notice(vworld, leader_user, login):
    entry = serve(leader_user, vworld.member, team=vworld.patrol)
    client = login(leader_user)
    url = reverse("volunteering:record-withdraw", args=[entry.pk])
    assert "Say why the entry is withdrawn." in client.post(url, {"withdraw-reason": ""}).content.decode()
    assert client.post(url, {"withdraw-reason": "居民提出异议，核实未到岗"}).status_code == 302
    entry.refresh_from_db()
    assert entry.status == ServiceRecord.Status.WITHDRAWN


def test_leader_decides_a_correction_request(vworld, leader_user, volunteer, county_admin, login):
    entry = serve(leader_user, vworld.member, 2, team=vworld.patrol)
    request = services.request_correction(by=volunteer, record=entry, proposed_hours=D(3), reason="延长一小时")
    url = reverse("volunteering:correction-decide", args=[request.pk])
    assert login(county_admin).post(url, {"decision": "accept"}).status_code == 403
    client = login(leader_user)
    assert "延长一小时" in client.get(reverse("volunteering:correction-list")).content.decode()
    declined = client.post(url, {"decision": "decline", "decide-reason": ""}, follow=True)
    assert "Say why the correction is declined" in declined.content.decode()
    client.post(url, {"decision": "accept"})
    request.refresh_from_db()
    assert request.status == CorrectionRequest.Status.ACCEPTED
    assert request.correction.hours == D(1) and request.correction.corrects == entry


# --- the ledger list ----------------------------------------------------------------------------------------


def test_record_list_is_scoped(vworld, staff_a, staff_b, leader_user, county_admin, client, login):
    serve(staff_a, vworld.member, team=vworld.patrol)
    serve(staff_a, vworld.outsider)
    serve(staff_b, vworld.volunteer_b)
    assert client.get(LIST).status_code == 302
    assert login(staff_a).get(LIST).context["page"].paginator.count == 2
    assert [r.volunteer for r in login(staff_b).get(LIST).context["page"]] == [vworld.volunteer_b]
    assert [r.volunteer for r in login(leader_user).get(LIST).context["page"]] == [vworld.member]
    assert login(county_admin).get(LIST).context["page"].paginator.count == 3


def test_record_list_filters_and_query_count(vworld, staff_a, login, django_assert_num_queries):
    serve(staff_a, vworld.member, team=vworld.patrol)
    client = login(staff_a)
    assert client.get(LIST, {"team": vworld.youth.pk}).context["page"].paginator.count == 0
    assert client.get(LIST, {"q": "陈"}).context["page"].paginator.count == 1
    assert client.get(LIST, {"status": "recorded"}).context["page"].paginator.count == 0
    # session, user, memberships, own volunteer (menu), communities, teams (filter bar), count,
    # page, open correction requests
    with django_assert_num_queries(9):
        client.get(LIST)
    for n in range(5):
        serve(staff_a, make_volunteer(vworld.patrol.community, name=f"王{n}"), team=vworld.youth)
    with django_assert_num_queries(9):
        assert client.get(LIST).context["page"].paginator.count == 6
