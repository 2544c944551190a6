import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from accounts.models import User
from core import idcard, pii
from core.demo import load as load_demo
from core.models import AuditEvent
from registry import demo
from registry.demo_names import ANCHOR
from registry.demo_specs import towns_for
from registry.models import GridUnit, Household, OrgUnit, PartyOrg, Resident
from registry.pinyin import search_keys
from registry.queries import search_residents, with_party_badge


def people() -> list[tuple[str, str, str, str]]:
    rows = Resident.objects.select_related("household").order_by("household__address", "name")
    # Sorted on every column: two members of one household may share a name.
    return sorted((r.household.address, r.name, pii.decrypt(r.id_number_enc), pii.decrypt(r.phone_enc)) for r in rows)


def load_and_forget(**kwargs) -> list[tuple[str, str, str, str]]:
    """Load a preset inside a savepoint, read everyone, and roll the load back."""
    with transaction.atomic():
        load_demo(**kwargs)
        snapshot = people()
        transaction.set_rollback(True)
    return snapshot


@pytest.fixture
def tiny(tiny_demo, db):
    """The demo of this module's tests (loaded once, see conftest.tiny_demo)."""


def test_id_numbers_are_valid_unique_and_stored_as_the_services_store_them(tiny):
    numbers = []
    for resident in Resident.objects.prefetch_related("search_keys"):
        number = pii.decrypt(resident.id_number_enc)
        card = idcard.parse_id_number(number)
        assert (card.birth_date, card.gender) == (resident.birth_date, resident.gender)
        assert resident.id_number_hash == pii.keyed_hash(number)
        assert resident.id_number_masked == pii.mask_id_number(number)
        assert resident.id_last4 == number[-4:]
        phone = pii.decrypt(resident.phone_enc)
        assert (resident.phone_hash, resident.phone_last4) == (pii.keyed_hash(phone), phone[-4:])
        assert {k.key for k in resident.search_keys.all()} == search_keys(resident.name)
        numbers.append(number)
    assert len(numbers) == len(set(numbers))
    assert sum(n.startswith("350926") for n in numbers) > 0.8 * len(numbers)


def test_every_minor_has_a_guardian_in_the_household(tiny):
    minors = [r for r in Resident.objects.select_related("guardian") if r.age(ANCHOR) < 18]
    assert minors
    assert any(r.is_minor for r in minors)
    for minor in minors:
        assert minor.guardian is not None, minor.name
        assert minor.guardian.household_id == minor.household_id
        assert minor.guardian.age(ANCHOR) >= 18


def test_households_have_one_head_and_most_are_in_the_grid(tiny):
    households = Household.objects.all()
    heads = Resident.objects.filter(relation=Resident.Relation.HEAD)
    assert heads.count() == households.count()
    assert households.filter(grid_group__isnull=False).count() >= 0.95 * households.count()
    assert not households.filter(sort_key="").exists()  # the bulk load writes the natural-order key too


def test_jinxiu_branch_was_provisional_in_2016_and_formal_since_2018(tiny):
    branch = PartyOrg.objects.get(kind=PartyOrg.Kind.BRANCH, compound__name="锦绣小区", community__name="城南社区")
    assert branch.status == PartyOrg.Status.FORMAL
    assert branch.founded_on.year == 2016
    assert branch.formalized_on.year == 2018
    groups = branch.children.filter(kind=PartyOrg.Kind.GROUP)
    assert groups.count() == 6
    assert all(g.building.parent_id == branch.compound_id for g in groups)
    assert AuditEvent.objects.filter(action="registry.party_org.formalize", object_id=str(branch.pk)).exists()


def test_bulk_load_leaves_one_audit_row_per_community(tiny):
    loads = AuditEvent.objects.filter(action="registry.demo.load")
    assert sorted(loads.values_list("object_repr", flat=True)) == ["城北社区", "城南社区"]
    assert AuditEvent.objects.filter(action="registry.org_unit.create").count() == OrgUnit.objects.count()


def test_each_demo_login_exists_with_its_role(tiny):
    for login in demo.LOGINS:
        user = User.objects.get(username=login.username)
        assert user.check_password(demo.DEMO_PASSWORD)
        assert not user.must_change_password
        assert list(user.memberships.values_list("role", flat=True)) == [login.role]
    resident = User.objects.get(username="resident")
    assert resident.resident.name == "曾小明"
    assert resident.memberships.get().household_id == resident.resident.household_id
    partner = User.objects.get(username="partner").memberships.get()
    assert partner.partner_unit.name == "柘荣县人社局"
    assert User.objects.get(username="county").memberships.get().org_unit.kind == OrgUnit.Kind.COUNTY
    assert User.objects.get(username="staff_b").memberships.get().org_unit.name == "城北社区"


def test_grid_login_sees_a_party_badge_and_finds_zeng_xiaoming_by_initials(tiny):
    grid = User.objects.get(username="grid")
    group = grid.memberships.get().grid_unit
    assert group.kind == GridUnit.Kind.GROUP
    assert group.community.name == "城南社区"
    assert with_party_badge(Household.objects.for_user(grid)).filter(has_party_badge=True).exists()
    assert "曾小明" in [r.name for r in search_residents(grid, "zxm")]
    assert "曾小明" not in [r.name for r in search_residents(User.objects.get(username="staff_b"), "zxm")]
    assert User.objects.get(username="rep").memberships.get().grid_unit == group


def test_demo_logins_prints_each_login_with_the_password_and_url(tiny):
    out = StringIO()
    call_command("demo_logins", "--url", "http://127.0.0.1:8123", stdout=out)
    text = out.getvalue()
    assert "http://127.0.0.1:8123/" in text
    assert demo.DEMO_PASSWORD in text
    for login in demo.LOGINS:
        assert f" {login.username} " in text
        assert login.sees_zh in text


def test_demo_logins_leaves_out_a_login_whose_password_was_changed(tiny):
    user = User.objects.get(username="staff_b")
    user.set_password("another-secret-42")
    user.save()
    out = StringIO()
    call_command("demo_logins", stdout=out)
    assert " staff_b " not in out.getvalue()
    assert " staff " in out.getvalue()


def test_county_preset_has_100_communities_of_about_1000_households():
    towns = list(towns_for("county", demo.SEED))
    communities = [c for town in towns for c in town.communities]
    assert len(communities) == 100
    assert [c.name for c in communities[:2]] == ["城南社区", "城北社区"]
    for town in towns:
        assert len({c.name for c in town.communities}) == len(town.communities)
    flats = sum(compound.room_count for c in communities for compound in c.compounds)
    assert 95_000 < flats * 0.93 < 120_000
    assert [c.name for t in towns_for("county", demo.SEED) for c in t.communities] == [c.name for c in communities]


def test_birth_dates_are_never_in_the_future(tiny):
    assert not Resident.objects.filter(birth_date__gt=dt.date.today()).exists()
