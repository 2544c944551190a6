import datetime as dt
from decimal import Decimal

from django.utils import timezone

from core import pii
from volunteering import queries, services
from volunteering.models import Volunteer
from volunteering.testing import make_volunteer

D = Decimal
YESTERDAY = timezone.localdate() - dt.timedelta(days=1)


def test_figures_without_hours(vworld):
    figures = queries.volunteer_figures(vworld.member)
    assert (figures.recorded_hours, figures.notice_hours, figures.stars) == (0, 0, 0)
    assert (figures.next_level, figures.hours_to_next, figures.progress_percent) == (1, D(100), 0)


def test_figures_at_the_top_level(vworld):
    Volunteer.objects.filter(pk=vworld.member.pk).update(recorded_hours=D(1600))
    vworld.member.refresh_from_db()
    figures = queries.volunteer_figures(vworld.member)
    assert (figures.stars, figures.next_level, figures.hours_to_next, figures.progress_percent) == (5, None, None, 100)


def test_figures_between_levels(vworld):
    Volunteer.objects.filter(pk=vworld.member.pk).update(recorded_hours=D(450))
    vworld.member.refresh_from_db()
    figures = queries.volunteer_figures(vworld.member)
    assert (figures.stars, figures.next_level, figures.hours_to_next) == (2, 3, D(150))
    assert (figures.progress_from, figures.progress_to, figures.progress_percent) == (300, 600, 50)


def test_recordable_volunteers(vworld, staff_a, leader_user, volunteer, county_admin):
    assert set(queries.recordable_volunteers(staff_a)) == {vworld.leader, vworld.member, vworld.outsider}
    assert set(queries.recordable_volunteers(staff_a, vworld.youth)) == {vworld.outsider}
    assert set(queries.recordable_volunteers(leader_user)) == {vworld.leader, vworld.member}
    assert set(queries.recordable_volunteers(leader_user, vworld.youth)) == set()
    assert not queries.recordable_volunteers(volunteer).exists()
    assert not queries.recordable_volunteers(county_admin).exists()


def test_recordable_leaves_out_pending_and_former_members(vworld, world, leader_user):
    gone = make_volunteer(world.a, name="离队者", teams=(vworld.patrol,))
    services.leave_team(by=None, membership=gone.team_memberships.get())
    Volunteer.objects.filter(pk=vworld.member.pk).update(status=Volunteer.Status.INACTIVE)
    assert set(queries.recordable_volunteers(leader_user)) == {vworld.leader}


def test_filter_volunteers_by_id_number_and_phone(vworld, staff_a):
    member = vworld.member
    everyone = queries.volunteers_for_user(staff_a)
    id_number = pii.decrypt(member.id_number_enc)
    assert list(queries.filter_volunteers(everyone, text=id_number)) == [member]
    assert list(queries.filter_volunteers(everyone, text=pii.decrypt(member.phone_enc))) == [member]
    assert list(queries.filter_volunteers(everyone, text=member.number.lower())) == [member]


def test_team_list_puts_sub_teams_under_their_parent(vworld, world, staff_a):
    women = services.create_team(by=None, community=world.a, name="巾帼志愿服务队", type="women")
    services.create_team(by=None, community=world.a, name="安全分队", type="patrol", parent=vworld.patrol)
    services.create_women_sub_teams(by=None, parent=women)
    names = [t.name for t in queries.team_list(staff_a)]
    assert names[names.index("治安巡逻队") + 1] == "安全分队"
    assert names.index("巾帼志愿服务队") < min(names.index(n) for n in services.WOMEN_SUB_TEAMS)


def test_leaderboard_communities(vworld, world, staff_a, volunteer, leader_user, county_admin, resident_user):
    assert list(queries.leaderboard_communities(staff_a)) == [world.a]
    assert list(queries.leaderboard_communities(volunteer)) == [world.a]
    assert list(queries.leaderboard_communities(leader_user)) == [world.a]
    assert set(queries.leaderboard_communities(county_admin)) == {world.a, world.b}
    assert not queries.leaderboard_communities(resident_user).exists()


def test_notice_board_does_not_even_load_personal_data(vworld, world, staff_a):
    services.record_service(by=staff_a, volunteer=vworld.member, served_on=YESTERDAY, hours=D(2), content="巡逻")
    entry = queries.notice_board(world.a).get()
    deferred = entry.volunteer.get_deferred_fields()
    assert {"id_number_enc", "phone_enc", "id_number_masked", "phone_masked", "number"} <= deferred
    assert entry.volunteer.masked_name == "陈**"


def test_period_bounds():
    assert queries.month_bounds(2024, 2) == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    assert queries.month_bounds(2024, 12) == (dt.date(2024, 12, 1), dt.date(2024, 12, 31))
    assert queries.year_bounds(2025) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))


def test_own_volunteer_in_any_state(vworld, world, volunteer, staff_a, resident_user):
    assert queries.own_volunteer(volunteer) == vworld.member
    assert queries.own_volunteer(staff_a) is None
    pending = services.sign_up_volunteer(
        community=world.a, user=resident_user, name="黄秀琴", phone="13805931234", id_number="11010519491231002X"
    )
    assert queries.own_volunteer(resident_user) == pending
    assert queries.own_active_volunteer(resident_user) is None


def test_reading_a_communitys_settings_writes_nothing(world, staff_a):
    from volunteering.models import VolunteeringSettings

    VolunteeringSettings.objects.filter(community=world.a).delete()
    defaults = queries.settings_of(world.a)
    assert (defaults.pk, defaults.signup_limit, defaults.notice_working_days) == (None, 10, 3)
    assert not VolunteeringSettings.objects.filter(community=world.a).exists()
    services.update_volunteering_settings(by=staff_a, community=world.a, signup_limit=20)
    assert queries.settings_of(world.a).signup_limit == 20
