"""Lists of buildings, households, party groups and grid groups read 1, 2 ... 10 and 一, 二 ... 十."""

import datetime as dt

from django.urls import reverse

from registry import services
from registry.models import GridUnit, Household, OrgUnit, PartyOrg
from registry.testing import make_household, make_org_unit, make_party_branch, make_resident


def _buildings(world):
    """Buildings 10栋 and 3栋 next to the fixtures' 1栋 and 2栋, codes that sort 10 before 3 too."""
    ten = make_org_unit(OrgUnit.Kind.BUILDING, world.compound, "10栋", "JX-10")
    three = make_org_unit(OrgUnit.Kind.BUILDING, world.compound, "3栋", "JX-3")
    return ten, three


def test_the_household_list_reads_building_1_2_3_10(world, staff_a, login):
    ten, three = _buildings(world)
    make_household(ten, room="101")
    make_household(three, room="101")
    make_household(world.a_building1, room="1001")
    page = login(staff_a).get(reverse("registry:household-list")).context["page"]
    assert [h.address for h in page] == [
        "锦绣小区 1栋 1单元 301",
        "锦绣小区 1栋 1单元 1001",
        "锦绣小区 2栋 1单元 502",
        "锦绣小区 3栋 1单元 101",
        "锦绣小区 10栋 1单元 101",
    ]


def test_every_way_in_stores_the_sort_key(world):
    household = make_household(world.a_building1, room="1001")
    assert household.sort_key and Household.objects.filter(sort_key=household.sort_key).count() == 1


def test_the_resident_list_follows_the_same_order(world, staff_a, login):
    ten, _three = _buildings(world)
    late = make_resident(make_household(ten, room="101"), name="十栋人")
    page = login(staff_a).get(reverse("registry:resident-list")).context["page"]
    assert list(page)[-1] == late


def test_a_compound_lists_its_buildings_by_number(world, staff_a, login):
    _buildings(world)
    children = login(staff_a).get(world.compound.get_absolute_url()).context["children"]
    assert [unit.name for unit, _n in children] == ["1栋", "2栋", "3栋", "10栋"]


def _group(world, branch, numeral, building):
    return services.create_party_org(
        by=None,
        community=world.a,
        kind=PartyOrg.Kind.GROUP,
        name=f"锦绣小区第{numeral}楼栋党小组",
        founded_on=dt.date(2018, 1, 1),
        parent=branch,
        building=building,
    )


def test_party_groups_read_one_two_three_and_the_branch_counts_their_members(world, staff_a, login):
    branch = make_party_branch(world.a, world.compound)
    _ten, three = _buildings(world)
    third = _group(world, branch, "三", three)
    first = _group(world, branch, "一", world.a_building1)
    second = _group(world, branch, "二", world.a_building2)
    services.register_party_member(by=None, resident=world.head1, party_org=first, kind="retired")
    services.register_party_member(by=None, resident=world.resident2, party_org=second, kind="floating")
    client = login(staff_a)
    orgs = client.get(reverse("registry:party-list")).context["orgs"]
    assert orgs == [branch, first, second, third]
    assert orgs[0].member_total == 2  # its building groups' members are the branch's too
    assert orgs[0].kind_counts == [0, 1, 0, 1, 0]
    assert orgs[1].member_total == 1
    children = client.get(reverse("registry:party-org-detail", args=[branch.pk])).context["children"]
    assert list(children) == [first, second, third]


def test_grid_groups_read_by_number(world, staff_a, login):
    zone = world.zone
    for n in (10, 3):
        services.create_grid_unit(
            by=None, community=world.a, kind=GridUnit.Kind.GROUP, name=f"第{n}组", code=f"Z-G{n}", zone=zone
        )
    GridUnit.objects.filter(pk=world.group1.pk).update(name="第1组", code="Z-G1")
    GridUnit.objects.filter(pk=world.group2.pk).update(name="第2组", code="Z-G2")
    client = login(staff_a)
    groups = client.get(reverse("registry:grid")).context["groups"]
    assert [g.name for g in groups] == ["第1组", "第2组", "第3组", "第10组"]
    detail = client.get(reverse("registry:grid-unit-detail", args=[zone.pk])).context["groups"]
    assert [g.name for g in detail] == ["第1组", "第2组", "第3组", "第10组"]
