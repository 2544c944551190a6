"""The wish wall's figures: what each number counts, the breakdowns, scoping and the query count."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from wishes import figures
from wishes.tests.test_figures_helpers import TODAY, make_figures_world


@pytest.fixture
def wall(world, staff_a, partner_contact, vworld):
    return make_figures_world(world, staff_a, partner_contact, vworld)


def last_120_days(user, **kw):
    return figures.wish_figures(user, start=TODAY() - dt.timedelta(days=120), end=TODAY(), **kw)


def numbers(row) -> tuple:
    return (row.posted, row.approved, row.declined, row.claimed, row.fulfilled, row.avg_days, row.value_fulfilled)


def test_totals_of_a_community(wall, staff_a):
    # posted 8; approved 6 (pending and declined are not); claimed 3: the withdrawn claim gave r7
    # back to the wall; fulfilled f1 (98 -> 88: 10 days) and f2 (49 -> 45: 4 days): 7 days on average.
    assert numbers(last_120_days(staff_a).totals) == (8, 6, 1, 3, 2, 7.0, 125)


def test_the_period_decides_what_counts(wall, staff_a):
    # The last 60 days: f1 was posted, approved, claimed and fulfilled before them.
    recent = figures.wish_figures(staff_a, start=TODAY() - dt.timedelta(days=60), end=TODAY())
    assert numbers(recent.totals) == (7, 5, 1, 2, 1, 4.0, 80)
    # Day 89 to day 88 before today: only f1's receipt, nothing posted.
    day = TODAY() - dt.timedelta(days=88)
    one_day = figures.wish_figures(staff_a, start=day - dt.timedelta(days=1), end=day)
    assert numbers(one_day.totals) == (0, 0, 0, 0, 1, 10.0, 45)
    # Last year's wish counts in its own period.
    last_year = figures.wish_figures(
        staff_a, start=TODAY() - dt.timedelta(days=420), end=TODAY() - dt.timedelta(days=380)
    )
    assert numbers(last_year.totals) == (1, 1, 0, 1, 1, 10.0, 20)


def test_breakdowns(wall, staff_a):
    shown = last_120_days(staff_a)
    assert [(r.label, r.posted, r.approved, r.fulfilled) for r in shown.by_compound] == [
        ("锦绣小区", 7, 5, 2),
        ("祥和小区", 1, 1, 0),
    ]
    assert all(r.community == "" for r in shown.by_compound)
    categories = {r.key: (r.posted, r.claimed, r.fulfilled, r.avg_days) for r in shown.by_category}
    assert categories == {
        "goods": (5, 2, 1, 10.0),
        "service": (2, 1, 1, 4.0),
        "companionship": (1, 0, 0, None),
        "other": (0, 0, 0, None),
    }
    kinds = {r.key: (r.claimed, r.fulfilled, r.avg_days, r.value_fulfilled) for r in shown.by_claimant_type}
    assert kinds == {
        "partner_unit": (1, 1, 10.0, 45),
        "party_member": (1, 0, None, 0),
        "volunteer": (1, 1, 4.0, 80),
    }
    assert [(r.label, r.claimed, r.fulfilled) for r in shown.by_partner_unit] == [("县人社局", 1, 1)]
    assert shown.by_community == []


def test_staff_of_another_community_sees_only_theirs(wall, staff_b):
    shown = last_120_days(staff_b)
    assert numbers(shown.totals) == (1, 1, 0, 1, 1, 6.0, 100)
    assert [r.label for r in shown.by_compound] == ["北苑小区"]
    assert shown.by_partner_unit == []


def test_county_admin_compares_communities(wall, world, county_admin):
    communities = figures.figure_communities(county_admin)
    assert communities == [world.a, world.b]
    shown = last_120_days(county_admin, several=True)
    assert numbers(shown.totals) == (9, 7, 1, 4, 3, 6.7, 225)
    assert [(r.label, r.posted, r.fulfilled, r.avg_days) for r in shown.by_community] == [
        ("城南社区", 8, 2, 7.0),
        ("城北社区", 1, 1, 6.0),
    ]
    assert [(r.community, r.label) for r in shown.by_compound] == [
        ("城南社区", "锦绣小区"),
        ("城南社区", "祥和小区"),
        ("城北社区", "北苑小区"),
    ]
    one = last_120_days(county_admin, community=world.b, several=True)
    assert numbers(one.totals) == (1, 1, 0, 1, 1, 6.0, 100)
    assert one.by_community == []


def test_only_staff_and_admins_read_figures(wall, world, staff_a, grid_worker, resident_user, partner_contact):
    assert figures.figure_communities(staff_a) == [world.a]
    for user in (grid_worker, resident_user, partner_contact, wall.member_user):
        with pytest.raises(PermissionDenied):
            figures.figure_communities(user)
    with pytest.raises(Http404):
        figures.chosen_community([world.a], world.b.pk)
    assert figures.chosen_community([world.a], str(world.a.pk)) == world.a
    assert figures.chosen_community([world.a], "") is None


def test_staff_who_is_also_a_grid_worker_elsewhere_gets_whole_communities_only(wall, world, staff_b):
    from accounts.services import grant_role

    grant_role(by=None, user=staff_b, role="grid_worker", grid_unit=world.group1)
    staff_b._linli_scope = None
    # household1's wishes (f1, c3, o6) are visible to staff_b as a grid worker, but not counted here.
    assert numbers(last_120_days(staff_b).totals) == (1, 1, 0, 1, 1, 6.0, 100)


def test_figures_take_six_queries_whatever_the_number_of_wishes(wall, county_admin, django_assert_num_queries):
    figures.figure_communities(county_admin)  # the scope, built once per request
    with django_assert_num_queries(6):
        last_120_days(county_admin, several=True)


def test_ledger_rows_are_the_wishes_with_a_step_in_the_period(wall, staff_a):
    rows = list(
        figures.ledger_wishes(staff_a, start=TODAY() - dt.timedelta(days=60), end=TODAY(), community=None, full=False)
    )
    assert [r["title"] for r in rows] == ["上门理发", "老花镜", "布娃娃", "轮椅维修", "电视机", "陪伴聊天", "台灯"]
    assert "beneficiary__name" not in rows[0]
    full = figures.ledger_wishes(staff_a, start=TODAY() - dt.timedelta(days=60), end=TODAY(), community=None, full=True)
    assert next(iter(full))["beneficiary__name"] == "曾小明"
