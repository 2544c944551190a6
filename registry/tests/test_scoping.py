import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from core.roles import Cap
from registry.models import Household, Resident
from registry.queries import get_household_for_user, search_residents


def test_staff_see_only_their_community(world, staff_a, staff_b):
    assert set(Household.objects.for_user(staff_a)) == {world.household1, world.household2}
    assert set(Household.objects.for_user(staff_b)) == {world.household_b}


def test_grid_worker_sees_only_their_grid_group(world, grid_worker):
    assert list(Household.objects.for_user(grid_worker)) == [world.household1]
    assert list(Resident.objects.for_user(grid_worker)) == [world.head1]


def test_county_admin_reads_all_but_changes_nothing(world, county_admin):
    assert Household.objects.for_user(county_admin).count() == 3
    assert Household.objects.for_user(county_admin, Cap.REGISTRY_CHANGE).count() == 0
    with pytest.raises(PermissionDenied):
        get_household_for_user(county_admin, world.household1.pk, change=True)


def test_out_of_scope_is_404_like_missing(world, staff_b):
    with pytest.raises(Http404):
        get_household_for_user(staff_b, world.household1.pk)
    with pytest.raises(Http404):
        get_household_for_user(staff_b, 999999)


def test_roles_without_registry_access_see_nothing(world, volunteer, partner_contact):
    assert Household.objects.for_user(volunteer).count() == 0
    assert Resident.objects.for_user(partner_contact).count() == 0


def test_resident_sees_own_household_only(world, resident_user):
    assert list(Household.objects.for_user(resident_user)) == [world.household1]


@pytest.mark.parametrize("query", ["zxm", "cxm", "zengxiaoming", "曾小", "ZXM"])
def test_search_finds_surname_readings(world, staff_a, query):
    assert [r.name for r in search_residents(staff_a, query)] == ["曾小明"]


def test_search_by_phone_last4_and_scope(world, staff_a, staff_b):
    assert [r.name for r in search_residents(staff_a, "1234")] == ["黄秀琴"]
    assert search_residents(staff_b, "1234") == []
    assert search_residents(staff_b, "hxq") == []
