"""Fixed personas shared by every test: two communities in one county, and one user per role.

Community A (城南社区) has compound 锦绣小区 with two buildings; building 1 is in grid group 1,
building 2 in grid group 2. Community B (城北社区) is another community of the same town.
"""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.test import override_settings

from core.roles import Role
from registry.models import OrgUnit, Resident
from registry.testing import (
    make_building,
    make_community,
    make_grid_group,
    make_household,
    make_org_unit,
    make_resident,
    make_user,
)

PASSWORD = "correct-horse-42"


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    # argon2 is deliberately slow; the suite creates many users. Production keeps argon2.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _english_unless_browser(request, settings):
    """Page and API tests read English messages; browser tests see the real default, Chinese."""
    if "tests/browser/" not in str(request.node.fspath) and "default_language" not in request.keywords:
        settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _sessions_in_the_database(settings):
    # Query counts are pinned with database sessions; core/tests/test_cache.py covers the
    # cache-backed sessions a deployment with REDIS_URL uses.
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"


@pytest.fixture(autouse=True)
def _clear_cache(settings):
    from django.core.cache import cache

    if "DatabaseCache" in settings.CACHES["default"]["BACKEND"]:
        # Its rows go with each test's rolled-back transaction; clearing it needs database access,
        # which most tests do not ask for.
        yield
        return
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="module")
def tiny_demo(django_db_setup, django_db_blocker):
    """The whole product's tiny demo, built once for a module's tests and rolled back after them.

    Each test still runs in a savepoint of its own (the `db` fixture), so what one test writes is
    gone before the next. A test that needs an empty database belongs in another module: this
    load stays in place until the module's last test has run.
    """
    from core.demo import load

    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), transaction.atomic(), fast:
        load(preset="tiny")
        yield
        transaction.set_rollback(True)


@pytest.fixture
def world(db):
    """The org tree, grid, households and residents the personas work in."""
    county = make_org_unit(OrgUnit.Kind.COUNTY, None, "柘荣县", "350926")
    town = make_org_unit(OrgUnit.Kind.TOWN, county, "双城镇", "350926100")
    a = make_community(town, "城南社区")
    b = make_community(town, "城北社区")
    a_building1 = make_building(a, "锦绣小区", "1栋")
    a_building2 = make_building(a, "锦绣小区", "2栋")
    b_building = make_building(b, "北苑小区", "1栋")
    group1 = make_grid_group(a)
    group2 = make_grid_group(a, zone=group1.parent)
    household1 = make_household(a_building1, room="301", grid_group=group1)
    household2 = make_household(a_building2, room="502", grid_group=group2)
    household_b = make_household(b_building, room="101")
    head1 = make_resident(household1, name="黄秀琴", relation=Resident.Relation.HEAD, phone="13805931234")
    resident2 = make_resident(
        household2, name="曾小明", gender="M", birth_date=dt.date(1985, 2, 3), relation=Resident.Relation.HEAD
    )
    resident_b = make_resident(
        household_b, name="林建国", gender="M", birth_date=dt.date(1970, 8, 9), relation=Resident.Relation.HEAD
    )
    return SimpleNamespace(
        county=county,
        town=town,
        a=a,
        b=b,
        a_building1=a_building1,
        a_building2=a_building2,
        b_building=b_building,
        compound=a_building1.parent,
        group1=group1,
        group2=group2,
        zone=group1.parent,
        household1=household1,
        household2=household2,
        household_b=household_b,
        head1=head1,
        resident2=resident2,
        resident_b=resident_b,
    )


@pytest.fixture
def staff_a(world):
    return make_user("staff_a", role=Role.COMMUNITY_STAFF, org_unit=world.a)


@pytest.fixture
def staff_b(world):
    return make_user("staff_b", role=Role.COMMUNITY_STAFF, org_unit=world.b)


@pytest.fixture
def grid_worker(world):
    """A grid worker of grid group 1 of community A: sees household1, not household2."""
    return make_user("grid_worker", role=Role.GRID_WORKER, grid_unit=world.group1)


@pytest.fixture
def household_rep(world):
    return make_user("household_rep", role=Role.HOUSEHOLD_REP, grid_unit=world.group1)


@pytest.fixture
def county_admin(world):
    """Read-only across the county."""
    return make_user("county_admin", role=Role.COUNTY_ADMIN, org_unit=world.county)


@pytest.fixture
def volunteer(world):
    return make_user("volunteer", role=Role.VOLUNTEER, org_unit=world.a)


@pytest.fixture
def resident_user(world):
    user = make_user("resident_user", role=Role.RESIDENT, household=world.household1)
    user.resident = world.head1
    user.save(update_fields=["resident"])
    return user


@pytest.fixture
def partner_contact(world):
    from registry.services import create_partner_unit

    unit = create_partner_unit(by=None, county=world.county, name="县人社局", kind="agency", communities=[world.a])
    return make_user("partner_contact", role=Role.PARTNER_CONTACT, org_unit=world.a, partner_unit=unit)


@pytest.fixture
def login(client):
    """Log a persona in on the test client: `login(staff_a)`."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def organiser(staff_a):
    """Who organises activities in tests: community A's staff."""
    return staff_a


@pytest.fixture
def vworld(world, volunteer):
    """Volunteering on top of `world`: a patrol team of A with a leader (user `leader`) and a member
    (the root `volunteer` user); an outsider in the youth team; a team and volunteer of B."""
    from volunteering.testing import make_leader, make_team, make_volunteer

    patrol = make_team(world.a, "治安巡逻队")
    youth = make_team(world.a, "青年志愿服务队", type="youth")
    team_b = make_team(world.b, "城北巡逻队")
    leader_user = make_user("leader", role=Role.TEAM_LEADER, org_unit=world.a)
    leader = make_volunteer(world.a, name="李队长", user=leader_user, teams=(patrol,))
    make_leader(patrol, leader)
    member = make_volunteer(world.a, name="陈志愿", user=volunteer, teams=(patrol,))
    outsider = make_volunteer(world.a, name="周青年", teams=(youth,))
    volunteer_b = make_volunteer(world.b, name="吴城北", teams=(team_b,))
    return SimpleNamespace(
        patrol=patrol,
        youth=youth,
        team_b=team_b,
        leader_user=leader_user,
        leader=leader,
        member=member,
        outsider=outsider,
        volunteer_b=volunteer_b,
    )


@pytest.fixture
def leader_user(vworld):
    return vworld.leader_user
